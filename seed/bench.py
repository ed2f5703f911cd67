"""`python -m seed.bench [--scale N] [--url URL]`: time the overview queries on a synthetic volume.

Builds a throw-away SQLite file (or uses `--url`), migrates it, loads the demo at `--scale` (default 10)
and prints the best of five timings per query, in milliseconds, with the row count of every table.
Figures for people, never assertions for tests."""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from db import audit
from db.engine import make_engine, session_factory
from db.migrate import upgrade
from db.queries import overview
from seed.context import PROJECT_END
from seed.demo import load_demo, row_counts

REPEAT = 5


def best_ms(call: Callable[[], object], repeat: int = REPEAT) -> float:
    """Fastest of `repeat` runs, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def query_timings(session: Session, project_id: int) -> dict[str, float]:
    """Best-of-five timing of every read the overview page makes on each rerun."""
    return {
        "headlines": best_ms(lambda: overview.headlines(session, project_id=project_id, as_of=PROJECT_END)),
        "last_data_date": best_ms(lambda: overview.last_data_date(session, project_id=project_id)),
        "headline_targets": best_ms(lambda: overview.headline_targets(session, project_id=project_id)),
        "data_version": best_ms(lambda: audit.data_version(session)),
    }


def run(url: str, scale: int) -> str:
    """Migrate, load and time; returns the report."""
    upgrade(url)
    engine = make_engine(url)
    try:
        started = time.perf_counter()
        with session_factory(engine)() as s, s.begin():
            project = load_demo(s, scale=scale)
        load_seconds = time.perf_counter() - started
        with session_factory(engine)() as s:
            timings = query_timings(s, project.id)
            counts = row_counts(s)
    finally:
        engine.dispose()
    lines = [f"Database: {engine.url.get_backend_name()}, scale {scale}, load {load_seconds:.2f} s", "",
             f"{'query':<20}{'best of ' + str(REPEAT) + ' (ms)':>18}"]
    lines += [f"{name:<20}{ms:>18.2f}" for name, ms in timings.items()]
    lines += ["", f"{'table':<24}{'rows':>10}"]
    lines += [f"{name:<24}{n:>10,}" for name, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seed.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="demo volume multiplier (default 10)")
    parser.add_argument("--url", help="database to use instead of a temporary SQLite file; it is migrated, and "
                                      "loaded unless it already holds the demo project")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.scale < 1:
        parser.error("--scale must be at least 1")
    if args.url:
        print(run(args.url, args.scale))
        return 0
    with tempfile.TemporaryDirectory(prefix="fm0390-bench-") as folder:
        print(run(f"sqlite:///{Path(folder) / 'bench.db'}", args.scale))
    return 0


if __name__ == "__main__":
    sys.exit(main())
