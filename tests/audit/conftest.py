import pytest


@pytest.fixture(autouse=True)
def head_dir(settings, tmp_path):
    """Each test exports the log's head to a directory of its own."""
    settings.AUDIT_HEAD_DIR = tmp_path / "audit-heads"
    return settings.AUDIT_HEAD_DIR
