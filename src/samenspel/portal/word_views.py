"""The family's word list ("Woordenlijst"): the professional words that stay on family pages,
each with its plain explanation and an anchor (portal/glossary.py).

Behind the login like the rest of the portal: it is written to families (*je*, B1), and pages
before login speak to a reader not known yet (*u*, docs/ARCHITECTURE.md "Voice"). It holds no
family data, so any logged-in user may read it (a professional sees what families read) and
no access-log event is written.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samenspel.portal.glossary import WORDS


@login_required
def glossary(request: HttpRequest) -> HttpResponse:
    words = sorted(WORDS, key=lambda word: str(word.term).casefold())
    return render(request, "portal/glossary.html", {"words": words, "glossary_page": True})
