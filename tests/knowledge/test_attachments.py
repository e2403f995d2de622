"""Attachments: PDF, PNG or JPEG by their content, at most 5 MB, kept in the database and
served only to those who may see the lesson, always as a download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samenspel.knowledge import actions
from samenspel.knowledge.models import Attachment
from tests.knowledge.conftest import LESSON

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def lesson(hub):
    return actions.write_lesson(
        hub.learning_network, actor=hub.member, values=actions.LessonValues(**LESSON)
    )


def test_a_member_attaches_a_pdf_and_colleagues_download_it(hub, lesson, login):
    client = login(hub.member)
    client.post(
        reverse("knowledge:attachment_add", args=[lesson.pk]),
        {"file": SimpleUploadedFile("verslag <b>.pdf", PDF, "application/pdf")},
    )
    attachment = Attachment.objects.get()
    assert attachment.name == "verslag-b.pdf"
    response = login(hub.facilitator).get(reverse("knowledge:attachment", args=[attachment.pk]))
    assert response.content == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        login(hub.colleague).get(reverse("knowledge:attachment", args=[attachment.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("script.pdf", b"<html><script>alert(1)</script>"),
        ("foto.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("groot.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)),
    ],
)
def test_other_types_and_large_files_are_refused(hub, lesson, login, name, content):
    response = login(hub.member).post(
        reverse("knowledge:attachment_add", args=[lesson.pk]),
        {"file": SimpleUploadedFile(name, content, "application/pdf")},
        follow=True,
    )
    assert not Attachment.objects.exists()
    assert "PDF" in response.content.decode() or "5 MB" in response.content.decode()
