"""Fill empty entries of a gettext catalogue from a JSON dictionary, or copy msgid for `en`.

    uv run --with polib python scripts/fill_catalogue.py nl [--app APP] --from nl.json
    uv run --with polib python scripts/fill_catalogue.py en [--app APP]

Helpers write the Dutch text into a JSON file ({msgid: msgstr, or [singular, plural]}) next
to their change; this merges it. Entries that already have a translation are left alone.
"""

import argparse
import json
import sys
from pathlib import Path

import polib  # a dev-time tool only; not a dependency of the app

LOCALE = Path(__file__).resolve().parents[1] / "src" / "samenspel" / "locale"


def main(language: str, *, app: str | None = None, source: str | None = None) -> int:
    locale = LOCALE.parent / app / "locale" if app else LOCALE
    po_path = locale / language / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path), wrapwidth=100)
    table = json.loads(Path(source).read_text()) if source else {}
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
        if language == "en":
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
            continue
        done = all(entry.msgstr_plural.values()) if entry.msgid_plural else bool(entry.msgstr)
        if done:
            continue
        value = table.get(entry.msgid)
        if value is None:
            missing.append(entry.msgid)
        elif entry.msgid_plural:
            entry.msgstr_plural = {0: value[0], 1: value[1]}
        else:
            entry.msgstr = value
    po.metadata["Language"] = language
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.save(str(po_path))
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("language", choices=["nl", "en"])
    parser.add_argument("--app", help="an app with its own locale/ folder")
    parser.add_argument("--from", dest="source", help="JSON file {msgid: msgstr}")
    args = parser.parse_args()
    sys.exit(main(args.language, app=args.app, source=args.source))
