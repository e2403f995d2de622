"""Every URL of the URL conf, enumerated from `get_resolver()` so a new one cannot escape."""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, for reverse()
    converters: dict[str, Any]
    callback: Any

    @property
    def int_params(self) -> list[str]:
        return [k for k, c in self.converters.items() if isinstance(c, IntConverter)]

    def path(self, number: int = 1, text: str = "x") -> str:
        kwargs: dict[str, Any] = {}
        for key, converter in self.converters.items():
            if isinstance(converter, IntConverter):
                kwargs[key] = number
            elif isinstance(converter, UUIDConverter):
                kwargs[key] = uuid.UUID(int=number % 2**128)
            else:
                kwargs[key] = text
        return reverse(self.name, kwargs=kwargs)


def routes() -> Iterator[Route]:
    def walk(patterns: list, namespace: str, converters: dict[str, Any]) -> Iterator[Route]:
        for entry in patterns:
            # Regex patterns (allauth's) name groups without converters: any text fits.
            groups = dict.fromkeys(getattr(entry.pattern.regex, "groupindex", {}))
            own = {**converters, **groups, **getattr(entry.pattern, "converters", {})}
            if isinstance(entry, URLResolver):
                ns = entry.namespace
                yield from walk(entry.url_patterns, f"{namespace}{ns}:" if ns else namespace, own)
            elif isinstance(entry, URLPattern) and entry.name:
                yield Route(f"{namespace}{entry.name}", own, entry.callback)

    seen: set[str] = set()
    for route in walk(get_resolver().url_patterns, "", {}):
        if route.name not in seen:
            seen.add(route.name)
            yield route
