"""`{% explain_words %}…{% endexplain_words %}`: on a page a family reads, the first mention
of each word of the family's word list (portal/glossary.py) links to its plain explanation.

base.html puts it around every page's content, so no template writes these links by hand.
Only text is touched: never inside a link, a button, a form, a heading or a script;
professionals' pages are returned as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from samenspel.portal.glossary import WORDS, Word, anchor_url

register = template.Library()

_Todo = list[tuple[Word, re.Pattern[str]]]

_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)")
# Inside these, words stay as they are (a link in a link, a button or a heading helps no one).
# Nor in a form: its labels, hints and errors say what to do, and a link there is one more tab
# stop between two fields.
_SKIP = frozenset(
    {
        "a", "button", "form", "label", "legend", "option", "select", "textarea", "script",
        "style", "summary", "h1", "h2", "h3", "h4", "title", "svg", "code", "pre", "time",
    }
)  # fmt: skip
_VOID = frozenset({"br", "img", "input", "hr", "meta", "link", "source", "wbr", "area"})


def link_words(html: str) -> str:
    """The HTML with the first mention of each word in text linked to the word list."""
    todo = [(word, word.pattern()) for word in WORDS]
    parts = _TAG.split(html)
    for index in _linkable(parts):
        if not todo:
            break
        parts[index], todo = _link_text(parts[index], todo)
    return "".join(parts)


def linkable_text(html: str) -> str:
    """The text a link may be put in (outside links, buttons, headings …): what a family
    reads as running text (tests/core/test_form_of_address.py checks it is explained)."""
    parts = _TAG.split(html)
    return " ".join(parts[index] for index in _linkable(parts))


def _linkable(parts: list[str]) -> Iterator[int]:
    """The indexes of the text parts outside the elements in `_SKIP`."""
    skipping: list[str] = []
    for index, part in enumerate(parts):
        if part.startswith("<"):
            match = _TAG_NAME.match(part)
            if not match or part.startswith(("<!", "<?")):
                continue
            closing, name = match.group(1) == "/", match.group(2).lower()
            if name in _SKIP and name not in _VOID and not part.endswith("/>"):
                if closing:
                    if name in skipping:
                        del skipping[len(skipping) - 1 - skipping[::-1].index(name) :]
                else:
                    skipping.append(name)
        elif not skipping and part.strip():
            yield index


def _link_text(text: str, todo: _Todo) -> tuple[str, _Todo]:
    """Link the first mention of each word still to do in this piece of text."""
    spans: list[tuple[int, int, Word]] = []
    left: _Todo = []
    for word, pattern in todo:
        found = next(
            (
                m
                for m in pattern.finditer(text)
                if all(m.end() <= start or m.start() >= end for start, end, _ in spans)
            ),
            None,
        )
        if found is None:
            left.append((word, pattern))
        else:
            spans.append((found.start(), found.end(), word))
    out, at = [], 0
    for start, end, word in sorted(spans, key=lambda span: span[0]):
        out += [
            text[at:start],
            f'<a class="utrecht-link samenspel-word" href="{escape(anchor_url(word))}">',
            text[start:end],
            "</a>",
        ]
        at = end
    return "".join([*out, text[at:]]), left


class ExplainWordsNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> SafeString:
        html = self.nodelist.render(context)
        shell: Any = context.get("shell") or {}
        if not shell.get("for_family") or context.get("glossary_page"):
            return html
        return mark_safe(link_words(html))  # noqa: S308 - our own links in escaped text


@register.tag
def explain_words(parser: template.base.Parser, token: template.base.Token) -> ExplainWordsNode:
    nodelist = parser.parse(("endexplain_words",))
    parser.delete_first_token()
    return ExplainWordsNode(nodelist)
