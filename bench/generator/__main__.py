"""Fill a scratch database with synthetic families at national scale, for benchmarks:

    uv run python -m bench.generator --families N [--professionals P] [--batch-size B] \
        --i-know-this-is-not-production

Writes into the database the environment configures (`SAMENSPEL_DATABASE_URL`; PostgreSQL
uses COPY). Resumable: run it again, or with a bigger N, to continue. Refuses a database
unless the flag is given (or the demo's own SQLite database is configured)."""

from __future__ import annotations

import argparse
import os
import sys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generator",
        description="Write N synthetic families with members, trajectories, care teams and "
        "access events into the configured database. Never on a database with real families.",
    )
    parser.add_argument("--families", type=int, required=True, help="how many families")
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument(
        "--professionals",
        type=int,
        default=None,
        help="how many professionals (default: one per 50 families; first run only)",
    )
    parser.add_argument(
        "--i-know-this-is-not-production",
        action="store_true",
        help="required outside the demo: this writes synthetic people into the database",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.families < 1:
        print("--families must be at least 1.", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenspel.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from django.conf import settings
    from django.db import connection

    from bench.generator.generate import BATCH_SIZE, generate

    if not settings.DEMO_MODE and not args.i_know_this_is_not_production:
        print(
            "This writes synthetic people into the configured database. Use a scratch "
            "database and pass --i-know-this-is-not-production.",
            file=sys.stderr,
        )
        return 2
    result = generate(
        args.families, batch_size=args.batch_size or BATCH_SIZE, professionals=args.professionals
    )
    print(
        f"{result['families']:,.0f} families written ({result['skipped_families']:,.0f} "
        f"already there) on {connection.vendor}: {result['families_per_second']:,.0f} "
        f"families/s, {result['rows_per_second']:,.0f} rows/s."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
