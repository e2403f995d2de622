"""Structured logs: one JSON object a line, and one line per request.

The request line carries what operations needs to follow a request through balancer, app and
access log (request id, view name, status, duration) and nothing that identifies a person:
no path (paths hold family and member ids), no query string (search terms are names), no
user, no client address. The access log is where who-saw-what lives, under its own rules;
the request id ties the two together.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

from samenspel.core.metrics import REQUEST_LATENCY

request_logger = logging.getLogger("samenspel.request")

# LogRecord's own attributes: everything else on a record came in through ``extra=``.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# A client can send any method name; only these become metric labels (bounded series).
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", ...extra}``; exceptions as one string."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(
            (key, value)
            for key, value in vars(record).items()
            if key not in _STANDARD and not key.startswith("_")
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class TaskRunFilter(logging.Filter):
    """Drop the task runner's lines below ``level`` (``django.tasks``: one line as each task
    starts and one as it ends). A filter on the handler, not a logger level: the worker
    command sets its loggers' levels from its verbosity, which would undo a level set here,
    and verbosity 0 would hide failed tasks too. A failed task is logged at ERROR."""

    def __init__(self, level: str = "INFO") -> None:
        super().__init__()
        self.level = logging.getLevelName(level.upper())
        if not isinstance(self.level, int):
            raise ValueError(f"unknown log level for the task runner: {level!r}")

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name != "django.tasks" or record.levelno >= self.level


def view_name(request: HttpRequest) -> str:
    """The URL's name (``families:detail``), never its path: a bounded, id-free label."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unresolved>"
    return match.view_name or "<unnamed>"


def request_log_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = get_response(request)
        duration = time.perf_counter() - started
        view = view_name(request)
        method = request.method if request.method in _METHODS else "OTHER"
        REQUEST_LATENCY.labels(
            view=view, method=method, status=f"{response.status_code // 100}xx"
        ).observe(duration)
        request_logger.info(
            "request",
            extra={
                "request_id": getattr(request, "request_id", ""),
                "method": request.method,
                "view": view,
                "status": response.status_code,
                "duration_ms": round(duration * 1000, 1),
            },
        )
        return response

    return middleware
