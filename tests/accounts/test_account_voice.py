"""Pages before login and account e-mails say *u* (docs/ARCHITECTURE.md, "Voice"): their
reader is not known yet. allauth's own Dutch says *je*; our catalogue overrides it
(`core/wording.py`). Rendered in Dutch: the password reset page, the page after asking, the
reset mail (subject and body), the page of the mail's link and the page of a used link."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.core.test_form_of_address import JE_FORM, U_FORM, main_text
from tests.factories import make_user

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s]+/accounts/password/reset/key/[^\s]+")


def _je(text: str) -> list[str]:
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in JE_FORM.finditer(text)]


def test_password_reset_pages_and_mail_say_u(mailoutbox):
    user = make_user()
    client = Client(headers={"accept-language": "nl"})

    ask = client.get(reverse("account_reset_password"))
    sent = client.post(reverse("account_reset_password"), {"email": user.email}, follow=True)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    link = LINK.search(mail.body)
    assert link, mail.body
    choose = client.get(link.group(0), follow=True)
    used = client.get(reverse("account_reset_password_from_key", args=["x-y", "z"]))

    texts = {
        "reset page": main_text(ask.text),
        "after asking": main_text(sent.text),
        "mail subject": mail.subject,
        "mail body": mail.body,
        "link page": main_text(choose.text),
        "used link": main_text(used.text),
    }
    assert "Wachtwoord vergeten? Vul hieronder uw e-mailadres in." in texts["reset page"]
    assert "We hebben u een e-mail gestuurd." in texts["after asking"]
    assert "Hebt u dat niet gevraagd?" in texts["mail body"]
    for name, text in texts.items():
        assert _je(text) == [], f"{name}: je-form in {_je(text)}"
    for name in ("reset page", "after asking", "mail body"):
        assert U_FORM.search(texts[name]), f"{name} does not say u: {texts[name]}"


def test_mfa_login_step_says_u():
    from django.utils import translation

    from samenspel.core.wording import ALLAUTH_WORDING

    with translation.override("nl"):
        dutch = [str(translation.gettext(str(msgid))) for msgid in ALLAUTH_WORDING]
    assert [text for text in dutch if JE_FORM.search(text)] == []
