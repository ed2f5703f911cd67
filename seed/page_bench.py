"""`python -m seed.page_bench [--scale N]`: how long each page's rerun takes, cold and with warm caches.

Loads the demo at `--scale` (default 10) into a temporary SQLite file, then runs every page as an admin
under Streamlit's AppTest: the first run fills the caches, the next runs are what a user waits for on
each click. AppTest adds its own overhead, so read the figures as relative costs. Figures, never asserts."""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
WARM_RUNS = 3


def _run_page(url_path: str, root: str) -> None:
    import sys

    if root not in sys.path:
        sys.path.insert(0, root)
    from components.navigation import PAGES

    next(p for p in PAGES if p.url_path == url_path).render()


def time_pages(url: str) -> list[tuple[str, float, float]]:
    """(page, cold ms, median warm ms) for every page, as the demo admin."""
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    set_log_level("error")  # AppTest outside a server warns on every call

    from components.navigation import PAGES

    os.environ["DATABASE_URL"] = url
    rows = []
    for spec in PAGES:
        app = AppTest.from_function(_run_page, args=(spec.url_path, ROOT), default_timeout=120)
        app.session_state["authentication_status"] = True
        app.session_state["username"] = "admin"
        app.session_state["auth_issued_at"] = time.time()
        app.session_state["lang"] = "fr"
        started = time.perf_counter()
        app.run()
        cold = (time.perf_counter() - started) * 1000
        warm = []
        for _ in range(WARM_RUNS):
            started = time.perf_counter()
            app.run()
            warm.append((time.perf_counter() - started) * 1000)
        if app.exception:
            raise RuntimeError(f"{spec.url_path} failed: {app.exception[0].message}")
        rows.append((spec.url_path, cold, statistics.median(warm)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seed.page_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="demo volume multiplier (default 10)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    from db.engine import make_engine, session_factory
    from db.migrate import upgrade
    from seed.demo import load_demo

    with tempfile.TemporaryDirectory(prefix="fm0390-page-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        engine = make_engine(url)
        with session_factory(engine)() as s, s.begin():
            load_demo(s, scale=args.scale)
        engine.dispose()
        rows = time_pages(url)
    print(f"Page reruns as admin, SQLite, scale {args.scale} (AppTest; warm = median of {WARM_RUNS})\n")
    print(f"{'page':<22}{'cold (ms)':>12}{'warm (ms)':>12}")
    for name, cold, warm in rows:
        print(f"{name:<22}{cold:>12.0f}{warm:>12.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
