"""A professional keeps their own entry in "Wie is wie" current."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from samenspel.audit.models import AccessEvent
from samenspel.network.models import NetworkChange
from tests.factories import NetworkFactory, language, make_colleague, make_network_admin

pytestmark = pytest.mark.django_db


def _data(colleague, **overrides):
    return {
        "job_title": "Gezinsregisseur",
        "introduction": "Ik werk al twaalf jaar met gezinnen.",
        "phone": "06 12345678",
        "contact_email": "",
        "languages": [language("nl").pk, language("ar").pk],
        "areas": [],
        "version": colleague.version,
    } | overrides


def test_a_professional_updates_their_introduction_and_languages(client, beter_thuis, colleague):
    client.force_login(colleague.user)

    response = client.post(reverse("network:my_profile"), _data(colleague))

    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.introduction == "Ik werk al twaalf jaar met gezinnen."
    assert sorted(colleague.languages.values_list("code", flat=True)) == ["ar", "nl"]
    assert AccessEvent.objects.filter(action="network.profile.update").count() == 1
    assert NetworkChange.objects.filter(network=beter_thuis, object_id=str(colleague.pk)).exists()
    profile = client.get(reverse("network:professional", args=[beter_thuis.slug, colleague.pk]))
    assert "twaalf jaar" in profile.text


def test_a_stale_profile_form_is_refused(client, colleague):
    client.force_login(colleague.user)
    client.post(reverse("network:my_profile"), _data(colleague))

    stale = client.post(reverse("network:my_profile"), _data(colleague, phone="010 1234567"))

    assert stale.status_code == 200
    colleague.refresh_from_db()
    assert colleague.phone == "06 12345678"


def test_someone_who_is_not_a_professional_has_no_profile_to_edit(client, beter_thuis):
    client.force_login(make_network_admin(beter_thuis))

    assert client.get(reverse("network:my_profile")).status_code == 404


def _picture(size=(1200, 900)):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # metadata that must not survive
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_a_photo_is_made_small_without_metadata_and_shown_to_colleagues(
    client, beter_thuis, colleague
):
    client.force_login(colleague.user)
    upload = SimpleUploadedFile("ik.jpg", _picture(), content_type="image/jpeg")

    client.post(reverse("network:my_profile"), _data(colleague, photo=upload))

    photo_url = reverse("network:professional_photo", args=[beter_thuis.slug, colleague.pk])
    response = client.get(photo_url)
    assert response["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(response.content)) as picture:
        assert max(picture.size) == 400
        assert not picture.getexif()
    page = client.get(reverse("network:professional", args=[beter_thuis.slug, colleague.pk]))
    assert photo_url in page.text


def test_a_photo_is_not_served_outside_the_network(client, beter_thuis, colleague):
    client.force_login(colleague.user)
    client.post(
        reverse("network:my_profile"),
        _data(colleague, photo=SimpleUploadedFile("ik.jpg", _picture(), "image/jpeg")),
    )
    outsider = make_colleague(NetworkFactory(slug="elders"), full_name="Iemand Elders")
    client.force_login(outsider.user)

    response = client.get(
        reverse("network:professional_photo", args=[beter_thuis.slug, colleague.pk])
    )

    assert response.status_code == 404


def test_a_file_that_is_not_a_picture_is_refused(client, colleague):
    client.force_login(colleague.user)

    response = client.post(
        reverse("network:my_profile"),
        _data(colleague, photo=SimpleUploadedFile("ik.jpg", b"not a picture", "image/jpeg")),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["photo"]
