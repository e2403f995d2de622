"""Build the Flemish catalogue (`src/samenspel/locale/nl_BE`) from the Dutch ones.

    uv run --with polib python scripts/flemish_catalogue.py          # write .po and .mo
    uv run --with polib python scripts/flemish_catalogue.py --check  # exit 1 when stale

Flemish where it is Flemish (issue 13, DOMAIN.md §6) is a locale, not template branches:
`nl-be` holds only the entries whose Dutch uses a Dutch-only word, with the Flemish word put
in by the rules below; gettext falls back to Dutch for everything else. Run it after changing
a Dutch catalogue (tests/core/test_flemish.py fails when the catalogue is stale).
"""

import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "samenspel"
TARGET = PACKAGE / "locale" / "nl_BE" / "LC_MESSAGES" / "django.po"

# (pattern, Flemish), applied in order to every Dutch translation.
RULES: list[tuple[str, str]] = [
    (r"\bBurgerservicenummer \(BSN\)", "Rijksregisternummer"),
    (r"\bburgerservicenummer \(BSN\)", "rijksregisternummer"),
    (r"\bBurgerservicenummer\b", "Rijksregisternummer"),
    (r"\bburgerservicenummer\b", "rijksregisternummer"),
    (r"^BSN$", "Rijksregisternummer"),
    (r"\bBSN\b", "rijksregisternummer"),
    (r"\bVeilig Thuis\b", "het Vertrouwenscentrum Kindermishandeling (1712)"),
    (r"\bJeugdwet art\. 7\.3\.11\b", "decreet rechtspositie minderjarige, art. 7"),
    (r"\bJeugdwet-indicator\b", "indicator"),
    (r"\bvan de Jeugdwet\b", "van het decreet integrale jeugdhulp"),
    (r"\bde Jeugdwet\b", "het decreet integrale jeugdhulp"),
    (r"\bJeugdwet\b", "decreet integrale jeugdhulp"),
    (r"\bRegisseurs\b", "Trajectbegeleiders"),
    (r"\bregisseurs\b", "trajectbegeleiders"),
    (r"\bRegisseur\b", "Trajectbegeleider"),
    (r"\bregisseur\b", "trajectbegeleider"),
    (r"\bregiehouders?\b", "trajectbegeleider"),
    (r"\bbij de gemeente\b", "bij de gemeente of het Agentschap Opgroeien"),
]
# The Dutch number's own messages stay Dutch: they are only said about a Dutch family.
EXEMPT = {
    "A citizen service number has nine digits.",
    "This is not a valid citizen service number.",
}
_COMPILED = [(re.compile(pattern), flemish) for pattern, flemish in RULES]


def flemish(text: str) -> str:
    for pattern, replacement in _COMPILED:
        text = pattern.sub(replacement, text)
    return text


def dutch_catalogues() -> list[Path]:
    return sorted(PACKAGE.glob("**/locale/nl/LC_MESSAGES/django.po"))


def build():  # -> polib.POFile
    import polib

    out = polib.POFile(wrapwidth=100)
    out.metadata = {
        "Project-Id-Version": "samenspel",
        "Language": "nl_BE",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    seen: set[tuple[str | None, str]] = set()
    for path in dutch_catalogues():
        for entry in polib.pofile(str(path)):
            key = (entry.msgctxt, entry.msgid)
            if entry.obsolete or key in seen or entry.msgid in EXEMPT:
                continue
            if entry.msgid_plural:
                forms = {k: flemish(v) for k, v in entry.msgstr_plural.items()}
                changed = forms != entry.msgstr_plural
            else:
                text = flemish(entry.msgstr)
                changed = text != entry.msgstr
            if not changed:
                continue
            seen.add(key)
            out.append(
                polib.POEntry(
                    msgctxt=entry.msgctxt,
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    msgstr="" if entry.msgid_plural else text,
                    msgstr_plural=forms if entry.msgid_plural else {},
                )
            )
    out.sort(key=lambda e: (e.msgid, e.msgctxt or ""))
    return out


def main(check: bool) -> int:
    catalogue = build()
    text = str(catalogue)
    if check:
        current = TARGET.read_text() if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is stale: run scripts/flemish_catalogue.py")
            return 1
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text)
    catalogue.save_as_mofile(str(TARGET.with_suffix(".mo")))
    print(f"{len(catalogue)} Flemish entries in {TARGET.relative_to(PACKAGE.parents[1])}")
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv[1:]))
