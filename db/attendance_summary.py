"""Keeping `attendance_month` and `group_attendance_month` in step with the attendance marks.

Every write that adds, changes or removes marks (or moves a session to another date) calls `refresh` with
the enrolments and months it touched, inside its own transaction; the summary rows of those keys are then
recounted from the marks, and the group rows of their groups in those months are summed again from the
enrolment rows, so the cost follows the write (one cohort's session), not the history.
`rebuild` recounts everything (after a bulk load, or to repair). No page deletes an enrolment or moves it to
another group; code that does must call `refresh_groups` for its group's months afterwards (the enrolment
rows go with the enrolment, the group rows must be summed again)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import and_, case, delete, func, insert, literal, select
from sqlalchemy.orm import Session

from db.in_lists import chunks
from db.models import (
    Attendance, AttendanceMonth, Enrolment, GroupAttendanceMonth, TrainingGroup, TrainingSession,
)



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


def _recount_groups(session: Session, month: date, group_ids: list[int] | None) -> None:
    """Sum the enrolment rows of these groups (None: all) in `month` into their group rows."""
    summed = (select(Enrolment.group_id, literal(month).label("month"),
                     func.sum(AttendanceMonth.marked), func.sum(AttendanceMonth.present))
              .join(AttendanceMonth, and_(AttendanceMonth.enrolment_id == Enrolment.id,
                                          AttendanceMonth.month == month))
              .group_by(Enrolment.group_id))
    gone = delete(GroupAttendanceMonth).where(GroupAttendanceMonth.month == month)
    if group_ids is not None:
        summed = summed.where(Enrolment.group_id.in_(group_ids))
        gone = gone.where(GroupAttendanceMonth.group_id.in_(group_ids))
    session.execute(gone)
    session.execute(insert(GroupAttendanceMonth).from_select(["group_id", "month", "marked", "present"], summed))


def refresh(session: Session, *, enrolment_ids: Iterable[int], days: Iterable[date]) -> None:
    """Recount the summary of these enrolments, and of their groups, in the months of these days (a
    session's date, before and after a change of date)."""
    ids = sorted(set(enrolment_ids))
    if not ids:
        return
    session.flush()
    group_ids = sorted({g for chunk in chunks(ids) for g in session.scalars(
        select(Enrolment.group_id).where(Enrolment.id.in_(chunk)).distinct())})
    months = sorted({month_of(d) for d in days})
    for month in months:
        for chunk in chunks(ids):
            _recount(session, month, chunk)
    refresh_groups(session, group_ids=group_ids, months=months)


def refresh_groups(session: Session, *, group_ids: Iterable[int], months: Iterable[date]) -> None:
    """Sum again the group rows of these groups in these months (first days) from the enrolment rows."""
    ids = sorted(set(group_ids))
    session.flush()
    for month in sorted(set(months)):
        for chunk in chunks(ids):
            _recount_groups(session, month, chunk)


def refresh_group(session: Session, *, group_id: int, days: Iterable[date]) -> None:
    """Recount every enrolment of a training group in the months of `days` (one session's marks)."""
    ids = session.scalars(select(Enrolment.id).where(Enrolment.group_id == group_id)).all()
    refresh(session, enrolment_ids=ids, days=days)


def rebuild(session: Session, project_id: int | None = None) -> None:
    """Recount the whole summary, enrolment rows then group rows, from the marks (after a bulk load), month
    by month."""
    session.flush()
    days = select(TrainingSession.session_date).distinct()
    if project_id is not None:
        days = days.join(TrainingGroup, TrainingGroup.id == TrainingSession.group_id).where(
            TrainingGroup.project_id == project_id)
    for month in sorted({month_of(d) for d in session.scalars(days)}):
        _recount(session, month, None)
        _recount_groups(session, month, None)
