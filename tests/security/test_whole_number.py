"""Numbers from a query, a form or a file: ASCII digits only, within a column's range."""

import pytest

from samenspel.core.validators import BIGINT_MAX, whole_number


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("0", 0),
        (str(BIGINT_MAX), BIGINT_MAX),
        (str(BIGINT_MAX + 1), None),
        ("²", None),  # str.isdigit() says yes, int() says no
        ("١٢", None),  # Arabic-Indic digits: int() reads them, an id is never written so
        ("-1", None),
        ("1e3", None),
        ("", None),
        (None, None),
        (12, None),
    ],
)
def test_whole_number(value, number):
    assert whole_number(value) == number


def test_a_smaller_column():
    assert whole_number("32767", 2**15 - 1) == 32767
    assert whole_number("32768", 2**15 - 1) is None
