"""`python -m seed.import_bench [--rows 10000] [--url POSTGRES_URL]`: how long the spreadsheet imports take.

On a fresh migrated SQLite file (and the PostgreSQL database given by `--url`, whose schema is dropped) with
the demo loaded, three real XLSX files of N rows each are imported in turn, as a coordinator would: N
valid participants; then N enrolments of those women in cohorts of 200 planned for the bench; then N
attendance marks (one session per cohort, every woman marked). For each file it times reading and parsing
the file, the preview (checks only, nothing written) and the real import in one transaction, counts the
import's statements, and prints the ratio to the parse time (the goal: the import within 5x the parse).
Figures for people, never assertions for tests.
"""
from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import event, func, select

from db.actor import Actor
from db.engine import make_engine, session_factory, write_session_factory
from db.migrate import upgrade
from db.models import Attendance, Enrolment, Institution, Participant, TrainingGroup
from db.services import cohort_import
from db.transactions import run_in_transaction
from domain.cohort_import import TEMPLATES, parse_rows, read_table
from seed.bench import _analyze, _fresh_postgres
from seed.context import PROJECT_START
from seed.demo import load_demo

CITIES = ("Casablanca", "Rabat", "Tanger", "Fès")
NATIONALITIES = ("SN", "CI", "CM", "ML", "GN")
COORDINATOR_ACTOR = Actor("import-bench", "coordinator", "Import bench")
COHORT_SIZE = 200  # women per bench cohort: N enrolments fill N / 200 cohorts
COHORT_START, COHORT_END = date(2016, 1, 4), date(2016, 12, 30)
KINDS = ("participants", "enrolments", "attendance")
COUNTED = {"participants": Participant, "enrolments": Enrolment, "attendance": Attendance}
IMPORTS = {"participants": cohort_import.import_participants, "enrolments": cohort_import.import_enrolments,
           "attendance": cohort_import.import_attendance}
PREVIEWS = {"participants": cohort_import.preview_participants, "enrolments": cohort_import.preview_enrolments,
            "attendance": cohort_import.preview_attendance}


def _xlsx(kind: str, rows) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([name for name, _kind, _required in TEMPLATES[kind]])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def participant_file(n: int) -> bytes:
    """N valid rows: four cities, consent recorded, a unique name each (no possible duplicate)."""
    return _xlsx("participants", ([CITIES[i % 4], "F", NATIONALITIES[i % 5], PROJECT_START + timedelta(days=i % 900),
                                   1960 + i % 50, i % 5, None, "oui", f"Participante {i:06d}", f"+212 6{i:08d}", "non"]
                                  for i in range(n)))


def _cohort_code(index: int) -> str:
    return f"VT-BEN-{index // COHORT_SIZE + 1:03d}"


def enrolment_file(codes: list[str]) -> bytes:
    """One row per woman, COHORT_SIZE women per bench cohort, enrolled on the cohort's first day."""
    return _xlsx("enrolments", ([_cohort_code(i), code, COHORT_START, None] for i, code in enumerate(codes)))


def attendance_file(codes: list[str]) -> bytes:
    """One session per bench cohort (on days spread over two months), every enrolled woman marked."""
    return _xlsx("attendance", ([_cohort_code(i), COHORT_START + timedelta(days=7 + (i // COHORT_SIZE) % 50),
                                 "Module 1", "3,5", code, "oui" if i % 4 else "non"] for i, code in enumerate(codes)))


def _bench_cohorts(session, project_id: int, women: int) -> None:
    """Open cohorts of COHORT_SIZE places for the enrolment file (planned in 2016, after any lock)."""
    provider = session.scalar(select(Institution.id).order_by(Institution.id).limit(1))
    session.add_all(TrainingGroup(project_id=project_id, kind="vocational", code=_cohort_code(start),
                                  name=f"Bench cohort {start // COHORT_SIZE + 1}", trade="Sewing",
                                  provider_id=provider, city="Casablanca", planned_start=COHORT_START,
                                  planned_end=COHORT_END, planned_sessions=10, planned_hours=40,
                                  capacity=COHORT_SIZE, status="open")
                    for start in range(0, women, COHORT_SIZE))


def _seconds(call: Callable):
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def _count(engine, model) -> int:
    with session_factory(engine)() as s:
        return s.scalar(select(func.count()).select_from(model))


def _measure_one(engine, project_id: int, kind: str, content: bytes) -> tuple[dict[str, float], list[str]]:
    """Parse, preview and import one file; the figures, and the codes of the participants it registered."""
    parse_s, (rows, problems) = _seconds(lambda: parse_rows(read_table(content, f"{kind}.xlsx"), kind))
    assert not problems, problems
    factory = write_session_factory(engine)
    before = _count(engine, COUNTED[kind])
    preview_s, preview = _seconds(lambda: run_in_transaction(factory, lambda s: PREVIEWS[kind](
        s, actor=COORDINATOR_ACTOR, project_id=project_id, rows=rows)))
    assert not preview.problems, preview.problems[:3]
    assert _count(engine, COUNTED[kind]) == before  # the preview wrote nothing
    sent: list[int] = []
    counting = lambda *_args: sent.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", counting)
    try:
        def write(s):
            written = IMPORTS[kind](s, actor=COORDINATOR_ACTOR, project_id=project_id, rows=rows)
            return [p.code for p in written] if kind == "participants" else []
        import_s, codes = _seconds(lambda: run_in_transaction(factory, write))
    finally:
        event.remove(engine, "before_cursor_execute", counting)
    assert _count(engine, COUNTED[kind]) - before == len(rows)
    return {"parse": parse_s, "preview": preview_s, "import": import_s, "statements": len(sent)}, codes


def measure(url: str, n: int) -> dict[str, dict[str, float]]:
    upgrade(url)
    engine = make_engine(url)
    figures: dict[str, dict[str, float]] = {}
    try:
        with session_factory(engine)() as s, s.begin():
            project_id = load_demo(s).id
        _analyze(engine)
        figures["participants"], codes = _measure_one(engine, project_id, "participants", participant_file(n))
        with session_factory(engine)() as s, s.begin():
            _bench_cohorts(s, project_id, len(codes))
        figures["enrolments"], _ = _measure_one(engine, project_id, "enrolments", enrolment_file(codes))
        figures["attendance"], _ = _measure_one(engine, project_id, "attendance", attendance_file(codes))
    finally:
        engine.dispose()
    return figures


def render(database: str, n: int, figures: dict[str, dict[str, float]]) -> str:
    lines = [f"== {database}: {n:,} rows per file (seconds, and x the file's read + parse)",
             f"{'file':<14}{'parse':>8}{'preview':>16}{'import':>16}{'statements':>12}{'preview+import':>18}"]
    for kind in KINDS:
        f = figures[kind]
        total = f["preview"] + f["import"]
        lines.append(f"{kind:<14}{f['parse']:>8.2f}{f['preview']:>9.2f}{f['preview'] / f['parse']:>6.1f}x"
                     f"{f['import']:>9.2f}{f['import'] / f['parse']:>6.1f}x{int(f['statements']):>12,}"
                     f"{total:>11.2f}{total / f['parse']:>6.1f}x")
    lines.append("goal: import <= 5x parse; the preview writes nothing")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seed.import_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows in each file (default 10,000)")
    parser.add_argument("--url", help="a throw-away PostgreSQL database to measure too (its schema is dropped)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.rows < 1:
        parser.error("--rows takes a whole number from 1")
    with tempfile.TemporaryDirectory(prefix="fm0390-import-") as folder:
        print(render("sqlite", args.rows, measure(f"sqlite:///{Path(folder) / 'import.db'}", args.rows)), flush=True)
    if args.url:
        _fresh_postgres(args.url)
        print(render("postgresql", args.rows, measure(args.url, args.rows)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
