"""Markdown, rendered safely, with the network's glossary linked where its terms appear.

Users write Markdown; raw HTML in it is shown as text (markdown-it with `html` off) and the
result passes the nh3 sanitiser with a short allow-list, so no markup a user typed reaches a
page. The first occurrence of a glossary term on a page links to its footnote (works without
JavaScript) and carries the B1 explanation, shown on hover and keyboard focus by CSS.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "a", "span",
    "h2", "h3", "h4", "hr",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "class", "aria-describedby"}, "span": {"id", "class", "role"}}
_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True)
class Term:
    pk: int
    term: str
    definition: str


@dataclass
class GlossaryLinker:
    """Renders the texts of one page; each term is linked at its first occurrence only, and
    `used` lists the terms for the page's footnotes, in order of appearance."""

    terms: list[Term]
    used: list[Term] = field(default_factory=list)

    def __post_init__(self) -> None:
        by_length = sorted(self.terms, key=lambda term: -len(term.term))
        self._by_word = {term.term.lower(): term for term in by_length}
        self._pattern = (
            re.compile(
                r"(?<!\w)(" + "|".join(re.escape(term.term) for term in by_length) + r")(?!\w)",
                re.IGNORECASE,
            )
            if by_length
            else None
        )

    def render(self, text: str) -> SafeString:
        tokens = _MD.parse(text or "")
        if self._pattern is not None:
            for token in tokens:
                if token.type == "inline" and token.children:
                    token.children = self._link(token.children)
        rendered = _MD.renderer.render(tokens, _MD.options, {})
        return mark_safe(  # noqa: S308 - sanitised by nh3 on the line before
            nh3.clean(rendered, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES)
        )

    def _link(self, children: list[Token]) -> list[Token]:
        result: list[Token] = []
        in_link = 0
        for child in children:
            in_link += {"link_open": 1, "link_close": -1}.get(child.type, 0)
            if child.type != "text" or in_link:
                result.append(child)
                continue
            result += self._split(child.content)
        return result

    def _split(self, content: str) -> list[Token]:
        tokens: list[Token] = []
        position = 0
        pattern = self._pattern
        for match in pattern.finditer(content) if pattern else ():
            term = self._by_word[match.group(1).lower()]
            if term in self.used:
                continue
            self.used.append(term)
            tokens.append(_text(content[position : match.start()]))
            tokens.append(_markup(_term_html(term, match.group(1))))
            position = match.end()
        tokens.append(_text(content[position:]))
        return tokens


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def _markup(content: str) -> Token:
    # An inline HTML token the renderer copies as is: written here, escaped part by part.
    return Token("html_inline", "", 0, content=content)


def _term_html(term: Term, shown: str) -> str:
    return (
        f'<a class="samenspel-term" href="#term-{term.pk}" aria-describedby="tip-{term.pk}">'
        f"{html.escape(shown)}</a>"
        f'<span class="samenspel-term__tip" role="tooltip" id="tip-{term.pk}">'
        f"{html.escape(term.definition)}</span>"
    )


def render_plain(text: str) -> SafeString:
    """Markdown without glossary links (feeds, where many short texts share one page)."""
    return GlossaryLinker([]).render(text)


def plain_text(text: str) -> str:
    """The words of a Markdown text without markup: for the search index and the digest."""
    words = html.unescape(nh3.clean(_MD.render(text or ""), tags=set()))
    return re.sub(r"\s+", " ", words).strip()
