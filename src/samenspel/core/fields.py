"""Model fields with the limits of `core.validators` kept by the database as well (issue 21).

A form refuses a text area over `TEXT_AREA_MAX` characters; `LimitedTextField` keeps the same
maximum in the model (a validator, for `full_clean`) and in the database (a CHECK on the
column's length, on PostgreSQL and SQLite alike), so a write that passes no form (an import,
the API, a script, a bug) cannot store megabytes either. tests/security/test_text_limits.py
censuses every text column of every model.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models

from samenspel.core.validators import TEXT_AREA_MAX


class LimitedTextField(models.TextField):
    """A `TextField` of at most `max_length` characters (default `TEXT_AREA_MAX`), checked
    by the model and by the database."""

    def __init__(self, *args: Any, max_length: int = TEXT_AREA_MAX, **kwargs: Any) -> None:
        kwargs["max_length"] = max_length
        super().__init__(*args, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))

    def db_check(self, connection: Any) -> str:
        # Characters, not bytes, on both databases: LENGTH counts characters of a text on
        # PostgreSQL and SQLite, as Python's len() and the form's MaxLengthValidator do.
        return f"LENGTH({connection.ops.quote_name(self.column)}) <= {int(self.max_length or 0)}"
