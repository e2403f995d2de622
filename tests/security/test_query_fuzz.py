"""Every GET parameter of every page, fuzzed as every persona (issue 21).

Each URL of the URL conf (`tests/security/urlconf.py`) is asked, as each persona of the URL
matrix (tests/access/test_url_matrix.py) plus the administrators and a system with a bearer
token, with every query parameter the product reads set to a hostile value: very long
texts, control and reading-direction characters, a NUL byte, numbers no column holds,
negative and absurd page numbers, words for numbers, unknown choices, impossible dates, SQL
and HTML. The values rotate over parameters, personas and rounds, so each parameter meets
each value on the pages that read it. Whatever is sent:

- never a server error (5xx);
- an HTML page never shows a payload's markup unescaped, and no template code runs;
- nothing the persona may not see is in the body (the matrix's withheld names and texts).

Which parameters the product reads is found in its code: `test_the_fuzz_knows_every_parameter
_the_product_reads` reads every `request.GET` in src/samenspel (and django-ninja's `Query`
schemas) and fails on a name the fuzz does not send, or on an indirect read (a form bound to
the query, a computed name) that `INDIRECT` below does not explain.

Bounded for CI: one request per persona and URL, and `DEEP_ROUNDS` more for the personas
that reach the most pages, on the pages that answered them (about 5,300 requests).
`SAMENSPEL_FUZZ_ROUNDS=40` searches deeper on a developer's machine.
"""

from __future__ import annotations

import ast
import datetime
import os
import pathlib
import time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls.converters import IntConverter

from samenspel.accounts.models import Role, RoleGrant
from tests.access.personas import build_wide_world
from tests.access.test_url_matrix import PERSONAS, TODAY, _FakeHTML, _withheld
from tests.factories import make_user
from tests.security.urlconf import routes

pytestmark = pytest.mark.django_db

SOURCE = pathlib.Path(__file__).resolve().parents[2] / "src" / "samenspel"

# Every query parameter a page of the product reads, with where (for the reader of a
# failure). The fuzz sends all of them to every URL: a page ignores what it does not read.
PARAMS: dict[str, str] = {
    # Paging: the lists' own pages and the named pagers of the dashboards and the journal.
    "page": "every paged list",
    "waiting": "coordinator dashboard: the waiting families' pager",
    "overdue": "coordinator dashboard: the overdue reviews' pager",
    "families": "professional dashboard: the families' pager",
    "journal": "trajectory page: the journal's pager",
    "before": "access log: keyset paging",
    # Search and filter forms bound to the query.
    "q": "knowledge hub search, directory filter, glossary",
    "user": "access log filter",
    "family": "access log filter; registration of a found family",
    "event_type": "access log filter",
    "date_from": "access log filter",
    "date_to": "access log filter",
    "name": "family search; registration's prefill; FHIR Practitioner",
    "date_of_birth": "family search",
    "postcode": "family search; registration's prefill",
    "expertise": "directory filter",
    "language": "directory filter",
    "area": "directory filter",
    "organisation": "directory filter",
    "available": "directory filter",
    # Single values.
    "version": "plan page and plan PDF: which version",
    "from": "plan version diff; agreement diff",
    "to": "agreement diff",
    "instrument": "trends; collaboration results",
    "dimension": "collaboration results",
    "quarter": "insight report",
    "network": "insight report; coordinator dashboard",
    "next": "insight: where to return",
    "trajectory": "insight time page; lesson from a review",
    "week": "insight week",
    "review": "lesson from a review",
    "print": "family file and rights: print view",
    "own": "rights page",
    "kind": "meeting form: which kind",
    "goal": "portal evaluation: which goal",
    "field": "team page: which professional picker",
    "preferred-q": "team page: search of the preferred professionals",
    "add-q": "team page: search of the professionals to add",
    "ask-q": "team page: search of the professional to ask",
    "preferred": "team page: chosen in the preferred picker",
    "add-professional": "team page: chosen in the add picker",
    "ask-professional": "team page: chosen in the ask picker",
    # The API (django-ninja `Query`) and FHIR.
    "cursor": "API and FHIR paging",
    "limit": "API paging",
    "_count": "FHIR paging",
    "_include": "FHIR searches that bring related resources",
    "subject": "FHIR search",
    "patient": "FHIR search",
    "entity": "FHIR search",
    "organization": "FHIR PractitionerRole search",
}

# Reads of the query that do not name a parameter in the code: a form bound to the query, a
# name computed from a variable, the query kept under another name. Key: "path:function"
# (path below src/samenspel); value: the parameters that read stands for.
INDIRECT: dict[str, set[str]] = {
    "audit/views.py:event_list": {"user", "family", "event_type", "date_from", "date_to"},
    "families/views/registration.py:family_search": {"name", "date_of_birth", "postcode"},
    "families/views/registration.py:register": {"name", "postcode"},
    "knowledge/views/hub.py:search": {"q"},
    "network/views.py:directory": {
        "q",
        "expertise",
        "language",
        "area",
        "organisation",
        "available",
    },
    # The one pager (core/paging.py): `page`, or the name a page with two lists gives it.
    "core/paging.py:paginate": {"page", "waiting", "overdue", "families", "journal"},
    "trajectories/views/team.py:compose": {"preferred-q", "add-q", "ask-q"},
    "trajectories/views/team.py:professional_search": {
        "preferred-q",
        "add-q",
        "ask-q",
        "preferred",
        "add-professional",
        "ask-professional",
    },
}
# Reads that hand the whole query on (to build the next page's link) rather than read a value.
PASSES_ON = {"copy", "urlencode"}

HOSTILE = [
    "<script>alert('xss')</script>",
    "x" * 5_000,
    "-1",
    str(2**63),
    "\x00",
    "'; DROP TABLE families_family; --",
    "\u202eevil\u202c\u2066",
    "abc",
    "0",
    str(-(2**63) - 1),
    '"><svg onload=alert(1)>',
    "9" * 40,
    "1e400",
    "NaN",
    "2026-02-30",
    "99999-12-31",
    "\r\nSet-Cookie: stolen=1",
    "{{ request }}{% debug %}",
    "../../../etc/passwd",
    "1,2,3",
    "²",  # a digit to str.isdigit(), not to int()
    "",
    "1",
]
# What must never stand in an HTML page as sent; and what only running template code shows.
MARKUP = [value for value in HOSTILE if "<" in value]
TEMPLATE_RAN = ["WSGIRequest", "&lt;WSGIRequest", "sys.path"]

DEEP_PERSONAS = [
    "coordinator",
    "network_coordinator",
    "network_admin",
    "system_admin",
    "security_officer",
    "policy_adviser",
    "parent_with_authority",
    "api_system",
]
DEEP_ROUNDS = int(os.environ.get("SAMENSPEL_FUZZ_ROUNDS", "1"))
ALL_PERSONAS = [*PERSONAS, "network_admin", "system_admin", "api_system"]


# --- Which parameters the product reads -------------------------------------------------


def _reads() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(literal name → where read, "path:function" of every indirect read)."""
    literal: dict[str, set[str]] = {}
    indirect: dict[str, set[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        relative = path.relative_to(SOURCE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

        def function_of(node: ast.AST, parents: dict = parents) -> str:
            while node in parents:
                node = parents[node]
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    return node.name
            return "<module>"

        for node in ast.walk(tree):
            # django-ninja: `paging: Query[Paging]`, the schema's fields are parameters.
            if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "Query":
                schema = next(
                    n
                    for n in ast.walk(tree)
                    if isinstance(n, ast.ClassDef) and n.name == ast.unparse(node.slice)
                )
                for item in schema.body:
                    if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                        literal.setdefault(item.target.id, set()).add(relative)
            if not (isinstance(node, ast.Attribute) and node.attr == "GET"):
                continue
            where = f"{relative}:{function_of(node)}"
            parent = parents[node]
            name: ast.AST | None = None
            if isinstance(parent, ast.Attribute) and parent.attr in PASSES_ON:
                continue
            if isinstance(parent, ast.Attribute) and parent.attr in {"get", "getlist"}:
                call = parents[parent]
                name = call.args[0] if isinstance(call, ast.Call) and call.args else None
            elif isinstance(parent, ast.Subscript):
                name = parent.slice
            elif isinstance(parent, ast.Compare) and parent.comparators[-1] is node:
                name = parent.left
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                literal.setdefault(name.value, set()).add(where)
            else:
                indirect.setdefault(where, set()).add(f"line {node.lineno}")
    return literal, indirect


def test_the_fuzz_knows_every_parameter_the_product_reads():
    literal, indirect = _reads()
    assert {"q", "version", "cursor", "limit", "_count"} <= set(literal), (
        "the scan finds the reads it must"
    )
    unknown = {name: sorted(where) for name, where in literal.items() if name not in PARAMS}
    assert not unknown, f"a page reads a query parameter the fuzz does not send: {unknown}"
    unexplained = {where: lines for where, lines in indirect.items() if where not in INDIRECT}
    assert not unexplained, f"an indirect read of the query; add it to INDIRECT: {unexplained}"
    stale = set(INDIRECT) - set(indirect)
    assert not stale, f"INDIRECT names reads that are gone: {stale}"
    for where, names in INDIRECT.items():
        assert names <= set(PARAMS), (where, names - set(PARAMS))


def test_the_forms_bound_to_the_query_read_what_indirect_says():
    from samenspel.audit.forms import EventFilterForm
    from samenspel.families.forms import FamilySearchForm
    from samenspel.knowledge.forms import SearchForm
    from samenspel.network.forms import DirectoryFilterForm
    from samenspel.trajectories.views.team import PICKERS

    assert set(EventFilterForm.base_fields) == INDIRECT["audit/views.py:event_list"]
    search = INDIRECT["families/views/registration.py:family_search"]
    assert set(FamilySearchForm.base_fields) == search
    assert set(SearchForm.base_fields) == INDIRECT["knowledge/views/hub.py:search"]
    assert set(DirectoryFilterForm.base_fields) == INDIRECT["network/views.py:directory"]
    pickers = {
        (f"{prefix}-{form.picker_field}" if prefix else form.picker_field)
        for form, prefix in PICKERS.values()
    }
    searches = {f"{key}-q" for key in PICKERS}
    assert pickers | searches == INDIRECT["trajectories/views/team.py:professional_search"]


# --- The fuzz ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker):
    """The URL matrix's world, with a network and a system administrator and a system of
    the coordinator's organisation with a bearer token; the clock held on TODAY."""
    noon = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(noon), django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            wide = build_wide_world(TODAY)
            network = wide.family.network
            admin = make_user(Role.NETWORK_ADMIN)
            RoleGrant.objects.filter(user=admin).update(network=network)
            wide.users["network_admin"] = admin
            wide.users["system_admin"] = make_user(Role.SYSTEM_ADMIN)
            yield wide, _bearer(wide)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _bearer(wide) -> str:
    from tests.api.conftest import get_token, register

    organisation = wide.users["coordinator"].professional.home_organisation
    api_client, key = register(organisation)
    answer = get_token(Client(), api_client, key, " ".join(api_client.scopes.split()))
    assert answer["status"] == 200, answer
    return f"Bearer {answer['access_token']}"


# The namespaces whose `slug` is the network's (the family's network, so its pages answer).
NETWORK_SLUGGED = {"network", "collaboration"}


def _paths(wide) -> list[tuple[str, str]]:
    extra = {"network_id": wide.family.network_id, "organisation": 1, "round_id": 1}
    found = []
    for route in routes():
        if route.name == "account_logout":
            continue  # would end the persona's session; it reads no query
        kwargs = {}
        for key, converter in route.converters.items():
            if key == "slug" and route.name.split(":")[0] in NETWORK_SLUGGED:
                kwargs[key] = wide.family.network.slug
            elif key in wide.kwargs:
                kwargs[key] = wide.kwargs[key]
            elif key in extra:
                kwargs[key] = extra[key]
            else:
                kwargs[key] = 1 if isinstance(converter, IntConverter) else "x"
        from django.urls import NoReverseMatch, reverse

        try:
            found.append((route.name, reverse(route.name, kwargs=kwargs)))
        except NoReverseMatch:
            found.append((route.name, route.path()))
    return found


def _query(turn: int) -> dict[str, str]:
    return {name: HOSTILE[(turn + i) % len(HOSTILE)] for i, name in enumerate(sorted(PARAMS))}


def _problems(name, path, query, response, withheld) -> list[tuple[str, str, str]]:
    """(what, route, example) for each thing wrong with the answer."""
    example = f"{path}?{ {k: v[:30] for k, v in query.items() if v} }"
    status = response.status_code
    # The readiness probe answers 503 while a dependency is not ready (by design, for the
    # load balancer; tests/core covers it); it reads no query.
    if status >= 500 and not (name == "readyz" and status == 503):
        return [(f"server error {status}", name, example)]
    if "html" not in response.get("Content-Type", ""):
        return []
    body = b"".join(response) if response.streaming else response.content
    text = body.decode(errors="replace")
    problems = [
        (f"shows {markup!r} unescaped", name, example) for markup in MARKUP if markup in text
    ]
    problems += [("ran template code", name, example) for marker in TEMPLATE_RAN if marker in text]
    problems += [
        (f"shows withheld {shown!r}", name, example) for shown in withheld if shown in text
    ]
    return problems


def _report(problems: list[tuple[str, str, str]]) -> str:
    first: dict[tuple[str, str], str] = {}
    for what, name, example in problems:
        first.setdefault((what, name), example)
    return "\n".join(
        f"{what}: {name}  e.g. {example[:300]}" for (what, name), example in sorted(first.items())
    )


def test_every_page_takes_any_query_as_every_persona(fuzz_world, monkeypatch, record_property):
    import weasyprint

    monkeypatch.setattr(weasyprint, "HTML", _FakeHTML)
    wide, bearer = fuzz_world
    paths = _paths(wide)
    assert len(paths) > 200
    started, cpu = time.monotonic(), time.process_time()
    problems: list[tuple[str, str, str]] = []
    answered: dict[str, list[tuple[str, str]]] = {}
    sent = 0
    noon = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(noon):
        for turn, persona in enumerate(ALL_PERSONAS):
            client, withheld, headers = _client(wide, persona, bearer)
            rounds = 1 + (DEEP_ROUNDS if persona in DEEP_PERSONAS else 0)
            for round_ in range(rounds):
                for name, path in paths if round_ == 0 else answered[persona]:
                    query = _query(turn + round_ * 7)
                    response = client.get(path, query, **headers)
                    sent += 1
                    problems += _problems(name, path, query, response, withheld)
                    if round_ == 0 and response.status_code < 400:
                        answered.setdefault(persona, []).append((name, path))
    elapsed = time.monotonic() - started
    assert not problems, _report(problems)
    # The fuzz reaches pages as each kind of persona (it cannot pass on 403s alone).
    for persona in ("coordinator", "network_admin", "security_officer", "parent_with_authority"):
        assert len(answered.get(persona, [])) > 15, (persona, len(answered.get(persona, [])))
    assert len(answered.get("api_system", [])) > 5
    record_property("requests", sent)
    record_property("seconds", round(elapsed, 1))
    record_property("cpu_seconds", round(time.process_time() - cpu, 1))


def _client(wide, persona: str, bearer: str) -> tuple[Client, list[str], dict[str, str]]:
    client = Client(raise_request_exception=False)
    if persona == "api_system":
        return client, [], {"HTTP_AUTHORIZATION": bearer}
    user = wide.users[persona]
    client.force_login(user)
    return client, _withheld(user, wide), {}
