"""Dutch first, English second: both catalogues are complete and compiled."""

import gettext
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "samenspel"
# The project catalogue, plus the catalogue of every app that keeps its own.
CATALOGUES = sorted(PACKAGE.glob("**/locale/*/LC_MESSAGES/django.po"))


_plural_msgids: set[str] = set()


def _entries(po: Path):
    """(msgid, msgstr, fuzzy) per entry; enough of the PO format for this check."""
    entries, msgid, msgstr, fuzzy, field = [], None, None, False, None
    plural = _plural_msgids
    for line in [*po.read_text().splitlines(), ""]:
        if not line.strip():
            if msgid is not None:
                entries.append((msgid, msgstr, fuzzy))
            msgid, msgstr, fuzzy, field = None, None, False, None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid_plural "):
            plural.add(msgid)
            field = "plural"
        elif line.startswith("msgid "):
            msgid, field = line[7:-1], "id"
        elif line.startswith(("msgstr ", "msgstr[")):
            value = line.split(" ", 1)[1][1:-1]
            msgstr = (msgstr or "") + value if msgstr and field == "str" else value
            field = "str"
        elif line.startswith('"'):
            if field == "id":
                msgid += line[1:-1]
            elif field == "str":
                msgstr = (msgstr or "") + line[1:-1]
    return [e for e in entries if e[0]]  # skip the header


def test_every_catalogue_exists_in_both_languages():
    """Dutch and English everywhere; Flemish (nl_BE) only as the project's overrides of the
    Dutch, built by scripts/flemish_catalogue.py (tests/core/test_flemish.py)."""
    languages = {po.parts[-3] for po in CATALOGUES}
    assert languages == {"nl", "en", "nl_BE"}
    assert [po for po in CATALOGUES if po.parts[-3] == "nl_BE"] == [
        PACKAGE / "locale" / "nl_BE" / "LC_MESSAGES" / "django.po"
    ]
    for po in CATALOGUES:
        if po.parts[-3] == "nl_BE":
            continue
        other = "en" if po.parts[-3] == "nl" else "nl"
        assert (po.parents[2] / other / "LC_MESSAGES" / "django.po").exists()


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_catalogue_is_complete(po):
    entries = _entries(po)
    untranslated = [msgid for msgid, msgstr, _ in entries if not msgstr]
    fuzzy = [msgid for msgid, _, is_fuzzy in entries if is_fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_compiled_catalogue_matches_the_source(po):
    with po.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    _entries(po)  # notes the plural msgids
    stale = [
        msgid
        for msgctxt, msgid, msgstr in _entries_with_context(po)
        if msgstr
        and msgid not in _plural_msgids
        and (
            compiled.pgettext(_unescape(msgctxt), _unescape(msgid))
            if msgctxt is not None
            else compiled.gettext(_unescape(msgid))
        )
        != _unescape(msgstr)
    ]
    assert stale == [], "run `samenspel manage compilemessages`"


def _unescape(text):
    return text.replace('\\"', '"').replace("\\n", "\n")


def test_one_msgid_has_one_dutch_translation():
    """Django merges every catalogue into one, and the first definition wins: a msgid
    translated two ways ("File" as "Bestand" and as "Dossier") shows the wrong word somewhere.
    A word with two meanings gets a context (`pgettext`, `{% translate … context … %}`)."""
    translations: dict[tuple[str | None, str], dict[str, str]] = {}
    for po in CATALOGUES:
        if po.parts[-3] != "nl":
            continue
        for msgctxt, msgid, msgstr in _entries_with_context(po):
            if msgstr:
                translations.setdefault((msgctxt, msgid), {})[str(po.relative_to(PACKAGE))] = msgstr
    conflicts = {
        f"{msgid!r}" + (f" ({msgctxt})" if msgctxt else ""): where
        for (msgctxt, msgid), where in translations.items()
        if len(set(where.values())) > 1
    }
    assert conflicts == {}, "\n".join(f"{msgid}: {where}" for msgid, where in conflicts.items())


def _entries_with_context(po: Path):
    """(msgctxt, msgid, msgstr) per entry; the PO format as far as this check needs it."""
    entries, current, field = [], {}, None
    for line in [*po.read_text().splitlines(), ""]:
        if not line.strip():
            if current.get("id"):
                entries.append((current.get("ctxt"), current["id"], current.get("str", "")))
            current, field = {}, None
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgctxt ", "msgid ", "msgstr ", "msgstr[0] ")):
            keyword, value = line.split(" ", 1)
            field = {"msgctxt": "ctxt", "msgid": "id"}.get(keyword, "str")
            if keyword.startswith("msgstr[") and keyword != "msgstr[0]":
                field = None
                continue
            current[field] = value[1:-1]
        elif line.startswith(("msgid_plural", "msgstr[")):
            field = None
        elif line.startswith('"') and field:
            current[field] = current.get(field, "") + line[1:-1]
    return entries
