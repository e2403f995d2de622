"""Progress updates in a feed per learning network and per theme; following a theme; the
weekly digest mail that respects each person's preference and lands in their outbox."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samenspel.knowledge import actions
from samenspel.knowledge.models import DigestMail, ProgressUpdate, ThemeSubscription
from samenspel.knowledge.tasks import send_weekly_digest

pytestmark = pytest.mark.django_db


def _post(hub, title, *, public=False, days_ago=0):
    update = actions.post_update(
        hub.learning_network,
        actor=hub.member,
        values=actions.UpdateValues(
            kind="method", title=title, body="Kort *bericht*.", is_public=public
        ),
    )
    when = timezone.now() - datetime.timedelta(days=days_ago)
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=when)
    return update


def test_a_member_posts_an_update_and_it_shows_in_the_network_and_theme_feeds(hub, login):
    client = login(hub.member)
    response = client.post(
        reverse("knowledge:update_new", args=[hub.learning_network.slug]),
        {"kind": "result", "title": "Wachttijd gehalveerd", "body": "Van vier naar **twee**."},
    )
    assert response.status_code == 302
    network_page = client.get(response.url).content.decode()
    assert "Wachttijd gehalveerd" in network_page and "<strong>twee</strong>" in network_page
    assert "Emre Yilmaz (Steunpunt LVB)" in network_page
    theme_page = client.get(reverse("knowledge:theme", args=["integraal-werken"])).content.decode()
    assert "Wachttijd gehalveerd" in theme_page


def test_updates_not_marked_public_stay_within_the_learning_network(hub, login):
    _post(hub, "Alleen voor leden")
    _post(hub, "Voor iedereen", public=True)
    page = login(hub.outsider).get(reverse("knowledge:theme", args=["integraal-werken"]))
    body = page.content.decode()
    assert "Voor iedereen" in body
    assert "Alleen voor leden" not in body
    # A parent (no professional role, not invited) sees nothing of the hub.
    parent_page = login(hub.parent).get(reverse("knowledge:index")).content.decode()
    assert "Voor iedereen" not in parent_page


def test_following_a_theme_brings_its_public_news_in_the_weekly_digest(hub, login):
    _post(hub, "Huisbezoek met twee", public=True, days_ago=2)
    _post(hub, "Van vorige maand", public=True, days_ago=30)
    _post(hub, "Intern bericht", days_ago=1)
    client = login(hub.outsider)
    client.post(reverse("knowledge:theme_follow", args=["integraal-werken"]), {"follow": "1"})
    assert ThemeSubscription.objects.filter(user=hub.outsider).exists()

    client.post(reverse("knowledge:digests"), {"send": "1"})

    sent = [message for message in mail.outbox if message.to == [hub.outsider.email]]
    assert len(sent) == 1
    assert "Huisbezoek met twee" in sent[0].body
    assert "Van vorige maand" not in sent[0].body
    assert "Intern bericht" not in sent[0].body
    outbox = client.get(reverse("knowledge:digests")).content.decode()
    assert "Huisbezoek met twee" in outbox


def test_the_weekly_run_sends_once_per_person_and_respects_never(hub, login):
    _post(hub, "Nieuw deze week", days_ago=1)
    actions.set_digest_preference(actor=hub.facilitator, digest="never")

    assert send_weekly_digest.call() == 1  # the member; the facilitator said never
    assert send_weekly_digest.call() == 0  # the same week: nothing twice

    assert [message.to for message in mail.outbox] == [[hub.member.email]]
    assert DigestMail.objects.get().recipient == hub.member


def test_the_digest_is_written_in_the_readers_language(hub):
    _post(hub, "Nieuw deze week", days_ago=1)
    hub.member.language = "en"
    hub.member.save(update_fields=["language"])

    send_weekly_digest.call()

    (sent,) = [message for message in mail.outbox if message.to == [hub.member.email]]
    assert sent.subject == "Knowledge hub: what changed this week"
    assert "Nieuw deze week" in sent.body


def test_nobody_is_mailed_without_news(hub):
    _post(hub, "Oud nieuws", days_ago=20)
    assert send_weekly_digest.call() == 0
    assert mail.outbox == []
