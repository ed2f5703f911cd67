"""Keeping `attendance_month` in step with the attendance marks.

Every write that adds, changes or removes marks (or moves a session to another date) calls `refresh` with
the enrolments and months it touched, inside its own transaction; the summary rows of those keys are then
recounted from the marks, so the cost follows the write (one cohort's session), not the history.
`rebuild` recounts everything (after a bulk load, or to repair)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import case, delete, func, insert, literal, select
from sqlalchemy.orm import Session

from db.models import Attendance, AttendanceMonth, Enrolment, TrainingGroup, TrainingSession


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _recount(session: Session, month: date, enrolment_ids: list[int] | None) -> None:
    counted = (select(Attendance.enrolment_id, literal(month).label("month"),
                      func.count(Attendance.id), func.sum(case((Attendance.present.is_(True), 1), else_=0)))
               .join(TrainingSession, TrainingSession.id == Attendance.session_id)
               .where(TrainingSession.session_date >= month, TrainingSession.session_date < next_month(month))
               .group_by(Attendance.enrolment_id))
    gone = delete(AttendanceMonth).where(AttendanceMonth.month == month)
    if enrolment_ids is not None:
        counted = counted.where(Attendance.enrolment_id.in_(enrolment_ids))
        gone = gone.where(AttendanceMonth.enrolment_id.in_(enrolment_ids))
    session.execute(gone)
    session.execute(insert(AttendanceMonth).from_select(["enrolment_id", "month", "marked", "present"], counted))


def refresh(session: Session, *, enrolment_ids: Iterable[int], days: Iterable[date]) -> None:
    """Recount the summary of these enrolments in the months of these days (a session's date, before and
    after a change of date)."""
    ids = sorted(set(enrolment_ids))
    if not ids:
        return
    session.flush()
    for month in sorted({month_of(d) for d in days}):
        for start in range(0, len(ids), 500):  # keep IN lists short for every database
            _recount(session, month, ids[start:start + 500])


def refresh_group(session: Session, *, group_id: int, days: Iterable[date]) -> None:
    """Recount every enrolment of a training group in the months of `days` (one session's marks)."""
    ids = session.scalars(select(Enrolment.id).where(Enrolment.group_id == group_id)).all()
    refresh(session, enrolment_ids=ids, days=days)


def rebuild(session: Session, project_id: int | None = None) -> None:
    """Recount the whole summary from the marks (after a bulk load), month by month."""
    session.flush()
    days = select(TrainingSession.session_date).distinct()
    if project_id is not None:
        days = days.join(TrainingGroup, TrainingGroup.id == TrainingSession.group_id).where(
            TrainingGroup.project_id == project_id)
    for month in sorted({month_of(d) for d in session.scalars(days)}):
        _recount(session, month, None)
