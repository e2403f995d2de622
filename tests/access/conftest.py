"""The persona world (tests/access/personas.py), built once per module and rolled back."""

import pytest

from tests.access.personas import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        yield build_world()
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
