"""`python -m seed.import_bench [--rows 10000] [--url POSTGRES_URL]`: how long a participant import takes.

Builds a real XLSX of N valid participant rows (and an attendance file of N marks, read and parsed only),
then on a fresh migrated SQLite file (and the PostgreSQL database given by `--url`, whose schema is dropped)
with the demo loaded, times: reading and parsing the file, the preview (checks only, nothing written), and
the real import in one transaction. Prints the figures and their ratio to the parse time (the goal: the
import within 5x the parse). Figures for people, never assertions for tests.
"""
from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import func, select

from db.engine import make_engine, session_factory, write_session_factory
from db.migrate import upgrade
from db.models import Participant
from db.services import cohort_import
from db.transactions import run_in_transaction
from domain.cohort_import import ATTENDANCE_COLUMNS, PARTICIPANT_COLUMNS, parse_rows, read_table
from seed.bench import _analyze, _fresh_postgres
from seed.context import PROJECT_START
from seed.demo import load_demo
from db.actor import Actor

CITIES = ("Casablanca", "Rabat", "Tanger", "Fès")
NATIONALITIES = ("SN", "CI", "CM", "ML", "GN")
COORDINATOR_ACTOR = Actor("import-bench", "coordinator", "Import bench")


def _xlsx(header: list[str], rows) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def participant_file(n: int) -> bytes:
    """N valid rows: four cities, consent recorded, a unique name each (no possible duplicate)."""
    header = [name for name, _kind, _required in PARTICIPANT_COLUMNS]
    return _xlsx(header, ([CITIES[i % 4], "F", NATIONALITIES[i % 5], PROJECT_START + timedelta(days=i % 900),
                           1960 + i % 50, i % 5, None, "oui", f"Participante {i:06d}", f"+212 6{i:08d}", "non"]
                          for i in range(n)))


def attendance_file(n: int) -> bytes:
    header = [name for name, _kind, _required in ATTENDANCE_COLUMNS]
    return _xlsx(header, (["VT-CAS-01", PROJECT_START + timedelta(days=90 + i // 20), "Mesures", "3,5",
                           f"CAS-{i % 20 + 1:04d}", "oui"] for i in range(n)))


def _seconds(call):
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def measure(url: str, content: bytes) -> dict[str, float]:
    upgrade(url)
    engine = make_engine(url)
    try:
        with session_factory(engine)() as s, s.begin():
            project_id = load_demo(s).id
        _analyze(engine)
        parse_s, (rows, problems) = _seconds(lambda: parse_rows(read_table(content, "inscrites.xlsx"), "participants"))
        assert not problems
        with session_factory(engine)() as s:
            before = s.scalar(select(func.count()).select_from(Participant))
        factory = write_session_factory(engine)
        preview_s, preview = _seconds(lambda: run_in_transaction(factory, lambda s: cohort_import.preview_participants(
            s, actor=COORDINATOR_ACTOR, project_id=project_id, rows=rows)))
        assert not preview.problems, preview.problems[:3]
        import_s, written = _seconds(lambda: run_in_transaction(factory, lambda s: len(
            cohort_import.import_participants(s, actor=COORDINATOR_ACTOR, project_id=project_id, rows=rows))))
        with session_factory(engine)() as s:
            after = s.scalar(select(func.count()).select_from(Participant))
        assert after - before == written == len(rows)
    finally:
        engine.dispose()
    return {"parse": parse_s, "preview": preview_s, "import": import_s}


def render(database: str, n: int, f: dict[str, float]) -> str:
    lines = [f"== {database}: {n:,} participant rows",
             f"{'step':<34}{'seconds':>9}{'x parse':>9}"]
    for name, label in (("parse", "read + parse the XLSX"), ("preview", "preview (checks, writes nothing)"),
                        ("import", "import (one transaction)")):
        lines.append(f"{label:<34}{f[name]:>9.2f}{f[name] / f['parse']:>8.1f}x")
    total = f["preview"] + f["import"]
    lines.append(f"{'preview + import (user waits)':<34}{total:>9.2f}{total / f['parse']:>8.1f}x   (goal: import <= 5x parse)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seed.import_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="participant rows in the file (default 10,000)")
    parser.add_argument("--url", help="a throw-away PostgreSQL database to measure too (its schema is dropped)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.rows < 1:
        parser.error("--rows takes a whole number from 1")
    content = participant_file(args.rows)
    marks = attendance_file(args.rows)
    seconds, (rows, _) = _seconds(lambda: parse_rows(read_table(marks, "presences.xlsx"), "attendance"))
    print(f"attendance file of {len(rows):,} marks: read + parse {seconds:.2f} s", flush=True)
    with tempfile.TemporaryDirectory(prefix="fm0390-import-") as folder:
        print(render("sqlite", args.rows, measure(f"sqlite:///{Path(folder) / 'import.db'}", content)), flush=True)
    if args.url:
        _fresh_postgres(args.url)
        print(render("postgresql", args.rows, measure(args.url, content)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
