"""One row per enrolment with what the funnel needs (attendance counted in SQL, outcomes as of a date): the
rules shared by the cohort reads and by the per-cohort outcome summary that is counted from them.

Every figure that depends on time is cut at `as_of`: what had happened in the field by the end of that day;
`as_of=None` means everything recorded (what the outcome summary holds)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Select, and_, case, func, literal, select, union_all

from db.attendance_summary import month_of, next_month
from db.models import Attendance, AttendanceMonth, Enrolment, FollowUp, Participant, TrainingGroup, TrainingSession
from db.models.training import PLACED_STATUSES


def summary_before(as_of: date) -> date:
    """The first day from which marks up to the end of `as_of` are counted from the marks themselves: the
    first of `as_of`'s month, or of the next month when `as_of` is the last day of its month."""
    month = month_of(as_of)
    last_day = next_month(month) - timedelta(days=1)
    return next_month(month) if as_of == last_day else month


def _marks_until(as_of: date | None, enrolments=None):
    """Marks per (enrolment, month) up to the end of `as_of` (None: all): whole months come from the
    `attendance_month` summary, only the month `as_of` falls inside (when it is not its last day) is counted
    from the marks themselves. `enrolments` optionally narrows it to a subquery of enrolment ids."""
    if as_of is None:
        before, raw = None, None
    else:
        before = summary_before(as_of)
        raw = (select(Attendance.enrolment_id.label("enrolment_id"), literal(before).label("month"),
                      literal(1).label("marked"), case((Attendance.present.is_(True), 1), else_=0).label("present"))
               .join(TrainingSession, TrainingSession.id == Attendance.session_id)
               .where(TrainingSession.session_date >= before, TrainingSession.session_date <= as_of))
    whole = select(AttendanceMonth.enrolment_id.label("enrolment_id"), AttendanceMonth.month.label("month"),
                   AttendanceMonth.marked.label("marked"), AttendanceMonth.present.label("present"))
    if before is not None:
        whole = whole.where(AttendanceMonth.month < before)
    if enrolments is not None:
        whole = whole.where(AttendanceMonth.enrolment_id.in_(enrolments))
        raw = raw.where(Attendance.enrolment_id.in_(enrolments)) if raw is not None else None
    return (union_all(whole, raw) if raw is not None else whole).subquery()


def marks_per_enrolment(as_of: date | None, enrolments=None):
    """Sessions marked and attended per enrolment up to the end of `as_of` (None: all), as a subquery."""
    parts = _marks_until(as_of, enrolments)
    return (select(parts.c.enrolment_id, func.sum(parts.c.marked).label("marked"),
                   func.sum(parts.c.present).label("present"))
            .group_by(parts.c.enrolment_id).subquery())


def _by(column, as_of: date | None):
    """The day in `column` had come by the end of `as_of` (None: it is recorded at all)."""
    return column.is_not(None) if as_of is None else column <= as_of


def per_enrolment(*, as_of: date | None, groups) -> Select:
    """One row per enrolment of the groups in `groups` (a subquery of training group ids) made by `as_of`:
    sessions marked and attended, status, certified and placed as of then (flags 1/0), and the categories
    the funnel breaks down by. A query only: per-person rows never leave db/."""
    scope = select(Enrolment.id).where(Enrolment.group_id.in_(groups))
    marks = marks_per_enrolment(as_of, scope)
    placed = (select(FollowUp.enrolment_id).where(FollowUp.months_after == 6, _by(FollowUp.contact_date, as_of),
                                                   FollowUp.status.in_(PLACED_STATUSES)).subquery())
    status = case((and_(Enrolment.status == "completed", _by(Enrolment.completed_on, as_of)), "completed"),
                  (and_(Enrolment.status == "dropped_out", _by(Enrolment.dropout_on, as_of)), "dropped_out"),
                  else_="enrolled")
    certified = and_(Enrolment.certified.is_(True),
                     _by(func.coalesce(Enrolment.certified_on, Enrolment.completed_on), as_of))
    query = (select(Enrolment.group_id.label("group_id"), func.coalesce(marks.c.marked, 0).label("marked"),
                    func.coalesce(marks.c.present, 0).label("present"), status.label("status"),
                    case((certified, 1), else_=0).label("certified"),
                    case((placed.c.enrolment_id.is_not(None), 1), else_=0).label("placed"),
                    Participant.sex.label("sex"), Participant.birth_year.label("birth_year"),
                    Participant.nationality.label("nationality"), Participant.city.label("city"))
             .join(Participant, Participant.id == Enrolment.participant_id)
             .outerjoin(marks, marks.c.enrolment_id == Enrolment.id)
             .outerjoin(placed, placed.c.enrolment_id == Enrolment.id)
             .where(Enrolment.group_id.in_(groups)))
    return query.where(Enrolment.enrolled_on <= as_of) if as_of is not None else query


def groups_of(project_id: int, kind: str, group_id: int | None = None) -> Select:
    """The ids of a project's training groups of one kind (or of one of them), as a subquery to narrow by."""
    query = select(TrainingGroup.id).where(TrainingGroup.project_id == project_id, TrainingGroup.kind == kind)
    return query.where(TrainingGroup.id == group_id) if group_id is not None else query
