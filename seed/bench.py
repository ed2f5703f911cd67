"""`python -m seed.bench [--scales 1,10,100] [--url POSTGRES_URL] [--pages]`: what a user waits for, measured.

For every scale (the demo plus N-1 synthetic batches of full, full-time cohorts: at 100, about 14,500 women
and 1.1 million attendance marks) and every database (a temporary SQLite file, and the PostgreSQL database
given by `--url`, whose schema is dropped and rebuilt), it loads the data, refreshes the planner's
statistics (ANALYZE), then prints:

- per read: the SQL-only time (best of 5) of each query the pages make, and the time of a naive version
  that loads the raw tables into pandas and aggregates there, with their ratio;
- per page (`--pages`): the cold render with every cache cleared and the warm rerun (median of 5, in wall
  and in CPU time: the CPU time stays readable while other jobs share the cores), under Streamlit's AppTest
  as an administrator (AppTest adds its own overhead: compare, don't quote as absolute);
- save -> refreshed chart: recording one training session and re-reading the funnel and attendance chart.

Figures for people, never assertions for tests. Targets are in the README ("Speed").
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from db import audit
from db.engine import make_engine, session_factory, write_session_factory
from db.migrate import upgrade
from db.models import Enrolment, TrainingGroup
from db.queries import cohorts, iptt, overview
from db.transactions import run_in_transaction
from seed.context import PROJECT_END
from seed.demo import load_demo, row_counts

REPEAT = 5
ROOT = str(Path(__file__).resolve().parent.parent)


def best_ms(call: Callable[[], object], repeat: int = REPEAT) -> float:
    """Fastest of `repeat` runs, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def _naive_funnel(session: Session, project_id: int, as_of: date) -> pd.DataFrame:
    """What a naive page does: load the raw tables into pandas and count there."""
    bind = session.connection()
    marks = pd.read_sql(text("SELECT a.enrolment_id, a.present, s.session_date FROM attendance a "
                             "JOIN training_session s ON s.id = a.session_id"), bind)
    enrolments = pd.read_sql(text("SELECT e.id, e.status, e.group_id, p.sex FROM enrolment e "
                                  "JOIN participant p ON p.id = e.participant_id"), bind)
    marks = marks[pd.to_datetime(marks["session_date"]) <= pd.Timestamp(as_of)]
    per = marks.groupby("enrolment_id")["present"].agg(["count", "sum"])
    joined = enrolments.join(per, on="id")
    return joined.groupby("sex")[["count", "sum"]].sum()


def _naive_cohort_list(session: Session, project_id: int) -> pd.DataFrame:
    bind = session.connection()
    marks = pd.read_sql(text("SELECT a.enrolment_id, a.present, s.group_id FROM attendance a "
                             "JOIN training_session s ON s.id = a.session_id"), bind)
    return marks.groupby("group_id")["present"].agg(["count", "sum"])


def _naive_headlines(session: Session, project_id: int, as_of: date) -> int:
    bind = session.connection()
    people = pd.read_sql(text("SELECT p.id, p.sex, e.enrolled_on FROM participant p "
                              "JOIN enrolment e ON e.participant_id = p.id"), bind)
    return people[(people["sex"] == "F") & (pd.to_datetime(people["enrolled_on"]) <= pd.Timestamp(as_of))]["id"].nunique()


@dataclass
class ReadTiming:
    name: str
    sql_ms: float
    naive_ms: float | None


def read_timings(session: Session, project_id: int) -> list[ReadTiming]:
    """SQL-only time of each read the dashboards make, beside a naive load-everything version where one
    applies."""
    as_of = PROJECT_END
    group_id = session.scalar(select(func.max(TrainingGroup.id)).where(TrainingGroup.kind == "vocational"))
    reads = [
        ("overview.headlines", lambda: overview.headlines(session, project_id=project_id, as_of=as_of),
         lambda: _naive_headlines(session, project_id, as_of)),
        ("iptt.iptt", lambda: iptt.iptt(session, project_id=project_id, as_of=as_of), None),
        ("cohorts.funnel_summary", lambda: cohorts.funnel_summary(session, project_id=project_id, as_of=as_of),
         lambda: _naive_funnel(session, project_id, as_of)),
        ("cohorts.funnel (mid-month)", lambda: cohorts.funnel_summary(
            session, project_id=project_id, as_of=date(2016, 6, 15)),
         lambda: _naive_funnel(session, project_id, date(2016, 6, 15))),
        ("cohorts.cohort_list", lambda: cohorts.cohort_list(session, project_id=project_id),
         lambda: _naive_cohort_list(session, project_id)),
        ("cohorts.attendance_by_month", lambda: cohorts.attendance_by_month(
            session, project_id=project_id, as_of=as_of), lambda: _naive_cohort_list(session, project_id)),
        ("cohorts.group_sessions (1 cohort)", lambda: cohorts.group_sessions(session, group_id=group_id), None),
        ("audit.data_version", lambda: audit.data_version(session), None),
    ]
    timings = []
    for name, sql, naive in reads:
        timings.append(ReadTiming(name, best_ms(sql), best_ms(naive, repeat=2) if naive else None))
    return timings


def save_then_refresh_ms(engine: Engine, project_id: int) -> float:
    """Record one session of the latest cohort (with every enrolled woman marked) and read the funnel and
    the attendance chart again: what a coordinator waits for between Save and the refreshed chart (the
    commit includes the recount of the cohort's summaries; median of 5)."""
    from db import attendance_summary
    from db.models import Attendance, TrainingSession

    with session_factory(engine)() as s:
        group = s.scalar(select(TrainingGroup).where(TrainingGroup.kind == "vocational")
                         .order_by(TrainingGroup.id.desc()).limit(1))
        enrolments = s.scalars(select(Enrolment.id).where(Enrolment.group_id == group.id)).all()
        day = group.planned_end - timedelta(days=1)
        while day.weekday() >= 5:
            day -= timedelta(days=1)

    def write(session: Session) -> None:
        # The write the attendance grid makes, without the form's checks (they read one cohort only).
        training = TrainingSession(group_id=group.id, session_date=day, topic=f"Benchmark {time.time_ns()}",
                                   hours=4)
        session.add(training)
        session.flush()
        session.add_all(Attendance(session_id=training.id, enrolment_id=e, present=True) for e in enrolments)
        attendance_summary.refresh(session, enrolment_ids=enrolments, days=[day])

    def save_and_read() -> float:
        started = time.perf_counter()
        run_in_transaction(write_session_factory(engine), write)
        with session_factory(engine)() as s:
            cohorts.funnel_summary(s, project_id=project_id, as_of=PROJECT_END)
            cohorts.attendance_by_month(s, project_id=project_id, as_of=PROJECT_END)
        return (time.perf_counter() - started) * 1000

    return statistics.median(save_and_read() for _ in range(REPEAT))


def _run_page(url_path: str, root: str) -> None:
    import sys as _sys

    if root not in _sys.path:
        _sys.path.insert(0, root)
    from components.data import begin_run
    from components.navigation import PAGES

    begin_run()  # as app.py does: the data version and the signed-in user are read once per run
    next(p for p in PAGES if p.url_path == url_path).render()


def _log_in_as_admin(app) -> None:
    app.session_state["authentication_status"] = True
    app.session_state["username"] = "admin"
    app.session_state["auth_issued_at"] = time.time()  # a login made now (sessions end at logout)


def page_timings(url: str, warm_runs: int = 5) -> list[tuple[str, float, float, float]]:
    """(page, cold ms with every cache cleared, median warm ms, median warm CPU ms) for every page, as the
    demo admin."""
    import streamlit as st
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    set_log_level("error")
    from components.navigation import PAGES

    os.environ["DATABASE_URL"] = url
    warm_up = AppTest.from_function(_run_page, args=(PAGES[0].url_path, ROOT), default_timeout=300)
    _log_in_as_admin(warm_up)
    warm_up.run()  # imports and the engine: paid once per process, not by the first page measured
    rows = []
    for spec in PAGES:
        st.cache_data.clear()
        app = AppTest.from_function(_run_page, args=(spec.url_path, ROOT), default_timeout=300)
        _log_in_as_admin(app)
        app.session_state["lang"] = "fr"
        started = time.perf_counter()
        app.run()
        cold = (time.perf_counter() - started) * 1000
        warm, cpu = [], []
        for _ in range(warm_runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            app.run()
            warm.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        failed = app.exception[0].message if app.exception else ""
        rows.append((spec.url_path + (" (FAILED: " + failed[:40] + ")" if failed else ""), cold,
                     statistics.median(warm), statistics.median(cpu)))
    return rows


def _analyze(engine: Engine) -> None:
    """Fresh planner statistics after a bulk load, as the README asks of a deployment."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
        else:
            connection.execute(text("ANALYZE"))
            connection.commit()


def _fresh_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@dataclass
class ScaleReport:
    database: str
    scale: int
    load_s: float
    counts: dict[str, int]
    reads: list[ReadTiming]
    pages: list[tuple[str, float, float, float]]
    save_refresh_ms: float


def measure(url: str, scale: int, *, pages: bool) -> ScaleReport:
    upgrade(url)
    engine = make_engine(url)
    try:
        started = time.perf_counter()
        with session_factory(engine)() as s, s.begin():
            project = load_demo(s, scale=scale)
        load_s = time.perf_counter() - started
        _analyze(engine)
        with session_factory(engine)() as s:
            reads = read_timings(s, project.id)
            counts = row_counts(s)
        page_rows = page_timings(url) if pages else []
        save_ms = statistics.median(save_then_refresh_ms(engine, project.id) for _ in range(3))
    finally:
        engine.dispose()
    return ScaleReport(engine.url.get_backend_name(), scale, load_s, counts, reads, page_rows, save_ms)


def render(reports: list[ScaleReport]) -> str:
    out = []
    for r in reports:
        out += ["", f"== {r.database}, scale {r.scale}: {r.counts.get('participant', 0):,} participants, "
                    f"{r.counts.get('attendance', 0):,} attendance marks, loaded in {r.load_s:.1f} s",
                f"{'read':<36}{'SQL (ms)':>10}{'naive (ms)':>12}{'naive/SQL':>11}"]
        for t in r.reads:
            naive = f"{t.naive_ms:>12.1f}{t.naive_ms / t.sql_ms:>10.1f}x" if t.naive_ms else f"{'':>12}{'':>11}"
            out.append(f"{t.name:<36}{t.sql_ms:>10.1f}{naive}")
        out.append(f"{'save -> refreshed funnel and chart':<36}{r.save_refresh_ms:>10.1f}")
        if r.pages:
            out += ["", f"{'page (AppTest, admin)':<30}{'cold (ms)':>11}{'warm (ms)':>11}{'warm CPU':>10}"]
            out += [f"{name:<30}{cold:>11.0f}{warm:>11.0f}{cpu:>10.0f}" for name, cold, warm, cpu in r.pages]
    by_key = {(r.database, r.scale): r for r in reports}
    ratios = []
    for r in reports:
        base = by_key.get((r.database, 1))
        if base is None or r.scale == 1:
            continue
        for t, t1 in zip(r.reads, base.reads):
            ratios.append(f"{r.database:<12}{r.scale:>5}x  {t.name:<36}{t.sql_ms / t1.sql_ms:>8.2f}x SQL vs scale 1")
        for (name, cold, *_), (_, cold1, *_) in zip(r.pages, base.pages):
            ratios.append(f"{r.database:<12}{r.scale:>5}x  {'page ' + name:<36}{cold / cold1:>8.2f}x cold vs scale 1")
    if ratios:
        out += ["", "Growth with history (target: pages within 1.5x of scale 1):", *ratios]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seed.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100", help="comma-separated demo multipliers (default 1,10,100)")
    parser.add_argument("--url", help="a throw-away PostgreSQL database to measure too (its schema is dropped)")
    parser.add_argument("--pages", action="store_true", help="also time every page cold and warm (slower)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    if not scales or min(scales) < 1:
        parser.error("--scales takes whole numbers from 1")
    from streamlit.logger import set_log_level

    set_log_level("error")  # cached reads run outside a Streamlit runtime here: its warnings are not figures
    reports = []
    with tempfile.TemporaryDirectory(prefix="fm0390-bench-") as folder:
        for scale in scales:
            reports.append(measure(f"sqlite:///{Path(folder) / f'bench-{scale}.db'}", scale, pages=args.pages))
            print(render(reports[-1:]), flush=True)
    if args.url:
        for scale in scales:
            _fresh_postgres(args.url)
            reports.append(measure(args.url, scale, pages=args.pages))
            print(render(reports[-1:]), flush=True)
    print(render(reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
