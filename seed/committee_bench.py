"""`python -m seed.committee_bench [--url URL]`: how long the committee's deck and report take to build for the
demo data (target: both in 10 s or less on the 2-core machine), per language. Prints figures; asserts nothing."""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from db.engine import make_engine, session_factory
from db.migrate import upgrade
from seed.context import PROJECT_END
from seed.demo import load_demo


def run(url: str) -> str:
    from exports.committee_story import build_story
    from exports.deck import build_deck
    from exports.report import build_report

    upgrade(url)
    engine = make_engine(url)
    lines = [f"{'deck + report, demo data':<28}{'story':>8}{'charts':>8}{'pptx':>8}{'pdf':>8}{'total (s)':>11}"]
    try:
        with session_factory(engine)() as s, s.begin():
            load_demo(s)
        for lang in ("fr", "en"):
            started = time.perf_counter()
            with session_factory(engine)() as s:
                story = build_story(s, lang=lang, as_of=PROJECT_END)
            read = time.perf_counter()
            story.images  # noqa: B018 - render the charts once, shared by both files
            drawn = time.perf_counter()
            build_deck(story)
            decked = time.perf_counter()
            build_report(story)
            done = time.perf_counter()
            lines.append(f"{'as of ' + PROJECT_END.isoformat() + ', ' + lang:<28}{read - started:>8.2f}"
                         f"{drawn - read:>8.2f}{decked - drawn:>8.2f}{done - decked:>8.2f}{done - started:>11.2f}")
    finally:
        engine.dispose()
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seed.committee_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database to use instead of a temporary SQLite file")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.url:
        print(run(args.url))
        return 0
    with tempfile.TemporaryDirectory(prefix="fm0390-deck-") as folder:
        print(run(f"sqlite:///{Path(folder) / 'bench.db'}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
