"""A B1 check for the family's pages: the text of `<main>` in sentences of at most 20 words,
15 on average, and none of the professionals' words (`portal/glossary.py`'s `JARGON`,
DOMAIN.md §3).

Headings, list items, labels, table cells and paragraphs each end a sentence; so do . ! ?
and a colon. Names and the family's own words count too: keep the page's own words short.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from samenspel.portal.glossary import JARGON

MAX_WORDS = 20
MAX_AVERAGE = 15.0

# Words a family should not meet on its own pages: one list, portal/glossary.py.
_BLOCKS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "label",
    "legend",
    "td",
    "th",
    "dt",
    "dd",
    "button",
    "a",
    "div",
    "section",
    "article",
    "blockquote",
    "option",
    "caption",
    "summary",
    "span",
}


class _MainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.chunks: list[str] = [""]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "main":
            self.depth += 1
        if tag in ("script", "style"):
            self.skip += 1
        if tag in _BLOCKS or tag == "br":
            self.chunks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.depth -= 1
        if tag in ("script", "style"):
            self.skip -= 1
        if tag in _BLOCKS:
            self.chunks.append("")

    def handle_data(self, data: str) -> None:
        if self.depth > 0 and not self.skip:
            self.chunks[-1] += data


def sentences(html: str) -> list[str]:
    parser = _MainText()
    parser.feed(html)
    found = []
    for chunk in parser.chunks:
        for part in re.split(r"(?<=[.!?:])\s+|[.!?:]$", chunk):
            words = part.split()
            if words:
                found.append(" ".join(words))
    return found


def b1_problems(html: str) -> list[str]:
    """What makes this page harder than B1 (empty when it passes)."""
    found = sentences(html)
    problems = [
        f"too long ({len(s.split())} words): {s}" for s in found if len(s.split()) > MAX_WORDS
    ]
    if found:
        average = sum(len(s.split()) for s in found) / len(found)
        if average > MAX_AVERAGE:
            problems.append(f"average sentence length {average:.1f} > {MAX_AVERAGE}")
    text = " ".join(found)
    problems.extend(
        f"jargon: {word}"
        for word in JARGON
        if re.search(
            rf"(?<![\w-]){re.escape(word)}(?![\w-])",
            text,
            flags=re.IGNORECASE if len(word) > 3 else 0,
        )
    )
    if not found:
        problems.append("no text found in <main>")
    return problems
