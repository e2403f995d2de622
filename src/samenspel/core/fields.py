"""Model fields with the limits of `core.validators` kept by the database as well (issue 21).

A form refuses a text area over `TEXT_AREA_MAX` characters; `LimitedTextField` keeps the same
maximum in the model (a validator, for `full_clean`) and in the database (a CHECK on the
column's length, on PostgreSQL and SQLite alike), so a write that passes no form (an import,
the API, a script, a bug) cannot store megabytes either. tests/security/test_text_limits.py
censuses every text column of every model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.validators import MaxLengthValidator
from django.db import models

from samenspel.core.validators import TEXT_AREA_MAX

if TYPE_CHECKING:
    _TextField = models.TextField[str, str]
else:
    _TextField = models.TextField


class LimitedTextField(_TextField):
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


def add_length_checks(app_label: str) -> Any:
    """A migration operation that adds the CHECK of every `LimitedTextField` of `app_label`
    on a database whose ALTER COLUMN does not: Django's schema editor adds a field's check
    only from the backend's table of checks by internal type ("TextField" has none), so an
    AlterField to this field adds it on SQLite (which rebuilds the table with the column's
    own check) but not on PostgreSQL. New tables carry it in their CREATE TABLE."""
    from django.db import migrations

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "sqlite":
            return
        connection = schema_editor.connection
        for model in apps.get_app_config(app_label).get_models():
            table = model._meta.db_table
            with connection.cursor() as cursor:
                existing = connection.introspection.get_constraints(cursor, table)
            for field in model._meta.local_fields:
                if isinstance(field, LimitedTextField):
                    check = field.db_check(connection)
                    name = schema_editor._create_index_name(table, [field.column], suffix="_check")
                    # Idempotent: a later migration of the same app (a field that became
                    # limited after a merge) runs this again over the fields already checked.
                    if name not in existing:
                        schema_editor.execute(schema_editor._create_check_sql(model, name, check))

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "sqlite":
            return
        for model in apps.get_app_config(app_label).get_models():
            for field in model._meta.local_fields:
                if isinstance(field, LimitedTextField):
                    name = schema_editor._create_index_name(
                        model._meta.db_table, [field.column], suffix="_check"
                    )
                    schema_editor.execute(schema_editor._delete_check_sql(model, name))

    return migrations.RunPython(forwards, backwards, elidable=False)
