"""Reads about training groups: the cohort list, per-enrolment outcomes for the funnel, attendance over time.

Every figure that depends on time is cut at `as_of`: what had happened in the field by the end of that day.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Float, and_, case, cast, func, literal, select, union_all
from sqlalchemy.orm import Session

from db import group_outcomes
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.models import (
    Attendance, Enrolment, FollowUp, GroupAttendanceMonth, GroupOutcome, Institution, Participant, TrainingGroup,
    TrainingSession,
)
from db.models.training import PERSONAL_FIELDS
from db.queries.enrolment_rows import groups_of, marks_per_enrolment, per_enrolment, summary_before
from db.queries.search import any_contains, words_of
from domain.cohort_results import (
    AGE_BANDS, DEFAULT_THRESHOLD, DIMENSIONS, STAGES, UNKNOWN, EnrolmentRecord, Stage, attendance_rate,
    threshold_step,
)

COHORT_COLUMNS = ["id", "code", "kind", "name", "trade", "module", "provider_id", "provider", "city",
                  "planned_start", "planned_end", "planned_sessions", "planned_hours", "capacity", "status",
                  "enrolled", "sessions_held", "hours_held", "present", "marked", "version"]


def _group_marks_until(as_of: date, groups):
    """Marks per (group, month) up to the end of `as_of`, for a subquery of group ids: whole months come
    from the `group_attendance_month` summary, the month `as_of` falls inside from the marks themselves,
    each counted in the group of its enrolment (as `_marks_until`)."""
    before = summary_before(as_of)
    whole = (select(GroupAttendanceMonth.group_id.label("group_id"), GroupAttendanceMonth.month.label("month"),
                    GroupAttendanceMonth.marked.label("marked"), GroupAttendanceMonth.present.label("present"))
             .where(GroupAttendanceMonth.month < before, GroupAttendanceMonth.group_id.in_(groups)))
    raw = (select(Enrolment.group_id.label("group_id"), literal(before).label("month"),
                  literal(1).label("marked"), case((Attendance.present.is_(True), 1), else_=0).label("present"))
           .join(TrainingSession, TrainingSession.id == Attendance.session_id)
           .join(Enrolment, Enrolment.id == Attendance.enrolment_id)
           .where(TrainingSession.session_date >= before, TrainingSession.session_date <= as_of,
                  Enrolment.group_id.in_(groups)))
    return union_all(whole, raw).subquery()


def _attendance_per_group(groups):
    """Present and marked per group over all time, for a subquery of group ids: the sum of its monthly
    summary rows."""
    return (select(GroupAttendanceMonth.group_id, func.sum(GroupAttendanceMonth.present).label("present"),
                   func.sum(GroupAttendanceMonth.marked).label("marked"))
            .where(GroupAttendanceMonth.group_id.in_(groups))
            .group_by(GroupAttendanceMonth.group_id).subquery())


def _groups_query(project_id: int, kind: str | None, search: str = "", group_ids: Iterable[int] | None = None):
    """Ids of the project's groups of `kind` (None: every kind) matching `search` in code, name, trade or city."""
    query = select(TrainingGroup.id).where(TrainingGroup.project_id == project_id)
    if kind:
        query = query.where(TrainingGroup.kind == kind)
    words = words_of(search)
    if words:
        query = query.where(any_contains(words, TrainingGroup.code, TrainingGroup.name, TrainingGroup.trade,
                                         TrainingGroup.city))
    if group_ids is not None:
        query = query.where(TrainingGroup.id.in_(sorted({int(i) for i in group_ids})))
    return query


def cohort_count(session: Session, *, project_id: int, kind: str | None = "vocational", search: str = "") -> int:
    """How many groups of `kind` match `search` (code, name, trade or city), for paging the cohort list."""
    return session.scalar(select(func.count()).select_from(_groups_query(project_id, kind, search).subquery())) or 0


def cohort_list(session: Session, *, project_id: int, kind: str | None = "vocational", search: str = "",
                limit: int | None = None, offset: int = 0, group_ids: Iterable[int] | None = None) -> pd.DataFrame:
    """Each group with its plan, places taken (drop-outs free theirs), sessions held and attendance counts.

    Groups matching `search` (or among `group_ids`) by planned start, `limit` of them from `offset`: every
    figure is counted for those groups only, so a page of the list costs the same however many there are."""
    page = (_groups_query(project_id, kind, search, group_ids)
            .order_by(TrainingGroup.planned_start, TrainingGroup.code).offset(offset))
    if limit is not None:
        page = page.limit(limit)
    groups = select(page.subquery().c.id)
    places = (select(Enrolment.group_id, func.count().label("enrolled"))
              .where(Enrolment.status != "dropped_out", Enrolment.group_id.in_(groups))
              .group_by(Enrolment.group_id).subquery())
    held = (select(TrainingSession.group_id, func.count().label("sessions_held"),
                   func.sum(TrainingSession.hours).label("hours_held"))
            .where(TrainingSession.group_id.in_(groups))
            .group_by(TrainingSession.group_id).subquery())
    marks = _attendance_per_group(groups)
    query = (select(TrainingGroup.id, TrainingGroup.code, TrainingGroup.kind, TrainingGroup.name,
                    TrainingGroup.trade, TrainingGroup.module, TrainingGroup.provider_id,
                    func.coalesce(Institution.acronym, Institution.name), TrainingGroup.city,
                    TrainingGroup.planned_start, TrainingGroup.planned_end, TrainingGroup.planned_sessions,
                    TrainingGroup.planned_hours, TrainingGroup.capacity, TrainingGroup.status,
                    func.coalesce(places.c.enrolled, 0), func.coalesce(held.c.sessions_held, 0),
                    func.coalesce(held.c.hours_held, 0), func.coalesce(marks.c.present, 0),
                    func.coalesce(marks.c.marked, 0), TrainingGroup.version)
             .join(Institution, Institution.id == TrainingGroup.provider_id)
             .outerjoin(places, places.c.group_id == TrainingGroup.id)
             .outerjoin(held, held.c.group_id == TrainingGroup.id)
             .outerjoin(marks, marks.c.group_id == TrainingGroup.id)
             .where(TrainingGroup.id.in_(groups))
             .order_by(TrainingGroup.planned_start, TrainingGroup.code))
    frame = pd.DataFrame(session.execute(query).all(), columns=COHORT_COLUMNS)
    for column in ("enrolled", "sessions_held", "present", "marked"):
        frame[column] = frame[column].astype(int)
    frame["hours_held"] = frame["hours_held"].astype(float)
    frame["fill_rate"] = frame["enrolled"] / frame["capacity"]
    frame["attendance_rate"] = (frame["present"] / frame["marked"]).where(frame["marked"] > 0)
    return frame


def providers(session: Session) -> dict[int, str]:
    """Institutions that can run training, implementing partners first."""
    rows = session.execute(select(Institution.id, Institution.name, Institution.acronym)
                           .order_by(Institution.is_implementing_partner.desc(), Institution.name)).all()
    return {r.id: f"{r.name} ({r.acronym})" if r.acronym else r.name for r in rows}


def enrolment_records(session: Session, *, actor: Actor, project_id: int, as_of: date, kind: str = "vocational",
                      group_id: int | None = None) -> list[EnrolmentRecord]:
    """One record per enrolment made by `as_of`, with its attendance counted in SQL and its stages as of then.

    Per-person rows (sex, birth year, nationality, city, outcomes): coordinators and admins only. Pages
    showing the funnel use `funnel_summary`, which aggregates in SQL.
    """
    require_role(actor, ADMIN, COORDINATOR)
    rows = session.execute(per_enrolment(as_of=as_of, groups=groups_of(project_id, kind, group_id))).all()
    return [EnrolmentRecord(int(r.marked), int(r.present), r.status, bool(r.certified), bool(r.placed), r.sex,
                            r.birth_year, r.nationality, r.city) for r in rows]


@dataclass(frozen=True)
class FunnelSummary:
    """The funnel, pooled attendance and the funnel per category of one dimension, all counted in SQL."""

    stages: list[Stage]
    present: int
    marked: int
    breakdown: dict[str, dict[str, int]]   # category -> stage -> count, categories by descending size

    @property
    def attendance_rate(self) -> float | None:
        return attendance_rate(self.present, self.marked)


def _category(row, dimension: str, as_of: date):
    """The SQL expression for an enrolment's category of `dimension` (the rules of domain.cohort_results)."""
    if dimension == "age_band":
        age = as_of.year - row.c.birth_year
        return case(*[(and_(age >= low, age <= high), key) for key, low, high in AGE_BANDS], else_=UNKNOWN)
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension}")
    column = row.c[dimension]
    return case((func.coalesce(column, "") == "", UNKNOWN), else_=column)


def funnel_summary(session: Session, *, project_id: int, as_of: date, threshold: float = DEFAULT_THRESHOLD,
                   dimension: str = "sex", kind: str = "vocational", group_id: int | None = None) -> FunnelSummary:
    """Counts per (category of `dimension` × funnel stage), aggregated in SQL; no per-person row leaves db/.

    Stage rules as `domain.cohort_results.stage_flags`: each stage needs every earlier one; "attended" is
    at least `threshold` of the sessions marked (none marked: not attended). Groups settled by `as_of` (see
    `GroupOutcome`) are read from their outcome rows, the others enrolment by enrolment, so a funnel as of
    the end of a long programme reads about one row per group and category, not one per woman; a threshold
    that is not one of THRESHOLD_STEPS is counted enrolment by enrolment everywhere.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension}")
    group_outcomes.settle(session)
    step = threshold_step(threshold)
    groups = groups_of(project_id, kind, group_id)
    category = "birth_year" if dimension == "age_band" else dimension
    summary = (GroupOutcome.group_id.in_(groups), GroupOutcome.dimension == category,
               GroupOutcome.settled_on <= as_of)
    live_groups = groups.where(TrainingGroup.id.not_in(select(GroupOutcome.group_id).where(*summary))) \
        if step is not None else groups
    live = per_enrolment(as_of=as_of, groups=live_groups).subquery()
    parts = [select(live.c[category].label(category), literal(1).label("n"), live.c.present, live.c.marked,
                    case((and_(live.c.marked > 0, cast(live.c.present, Float)
                               >= cast(live.c.marked, Float) * (threshold - 1e-9)), 1), else_=0).label("attended"),
                    case((live.c.status == "completed", 1), else_=0).label("completed"),
                    live.c.certified, live.c.placed)]
    if step is not None:
        stored = GroupOutcome.birth_year if category == "birth_year" else GroupOutcome.category
        parts.append(select(stored.label(category), GroupOutcome.enrolments.label("n"), GroupOutcome.present,
                            GroupOutcome.marked, case((GroupOutcome.met >= step, 1), else_=0),
                            *[case((flag.is_(True), 1), else_=0) for flag in
                              (GroupOutcome.completed, GroupOutcome.certified, GroupOutcome.placed)])
                     .where(*summary))
    row = union_all(*parts).subquery()
    attended = row.c.attended == 1
    completed = and_(attended, row.c.completed == 1)
    certified = and_(completed, row.c.certified == 1)
    placed = and_(certified, row.c.placed == 1)
    flags = {"attended": attended, "completed": completed, "certified": certified, "placed": placed}
    per_row = select(_category(row, dimension, as_of).label("category"), row.c.n, row.c.present, row.c.marked,
                     *[case((rule, row.c.n), else_=0).label(key) for key, rule in flags.items()]).subquery()
    grouped = session.execute(
        select(per_row.c.category, func.sum(per_row.c.n).label("enrolled"),
               *[func.sum(per_row.c[key]).label(key) for key in flags],
               func.sum(per_row.c.present).label("present"), func.sum(per_row.c.marked).label("marked"))
        .group_by(per_row.c.category)).all()
    table = {str(r.category): {k: int(getattr(r, k) or 0) for k in STAGES} for r in grouped}
    table = dict(sorted(table.items(), key=lambda item: (-item[1]["enrolled"], item[0])))
    totals = {k: sum(row_[k] for row_ in table.values()) for k in STAGES}
    enrolled = totals["enrolled"]
    stages = [Stage(k, totals[k], totals[k] / enrolled if enrolled else None) for k in STAGES]
    return FunnelSummary(stages, sum(int(r.present or 0) for r in grouped), sum(int(r.marked or 0) for r in grouped),
                         table)


def attendance_by_month(session: Session, *, project_id: int, as_of: date,
                        kind: str = "vocational") -> pd.DataFrame:
    """Per group and month up to `as_of`: month (first day), group code, present and marked counts; read
    from the monthly summary per group, so its cost follows groups × months (plus the marks of the month
    `as_of` falls inside), not enrolments or marks."""
    scope = select(TrainingGroup.id).where(TrainingGroup.project_id == project_id, TrainingGroup.kind == kind)
    parts = _group_marks_until(as_of, scope)
    rows = session.execute(
        select(parts.c.month, TrainingGroup.code, func.sum(parts.c.present), func.sum(parts.c.marked))
        .join(TrainingGroup, TrainingGroup.id == parts.c.group_id)
        .group_by(parts.c.month, TrainingGroup.code)
        .order_by(parts.c.month, TrainingGroup.code)).all()
    frame = pd.DataFrame(rows, columns=["session_date", "code", "present", "marked"])
    frame["present"] = frame["present"].astype(int)
    frame["marked"] = frame["marked"].astype(int)
    return frame


def group_sessions(session: Session, *, group_id: int) -> pd.DataFrame:
    """Sessions of one group with how many were present of how many marked."""
    rows = session.execute(
        select(TrainingSession.id, TrainingSession.session_date, TrainingSession.topic, TrainingSession.hours,
               func.sum(case((Attendance.present.is_(True), 1), else_=0)), func.count(Attendance.id))
        .outerjoin(Attendance, Attendance.session_id == TrainingSession.id)
        .where(TrainingSession.group_id == group_id)
        .group_by(TrainingSession.id, TrainingSession.session_date, TrainingSession.topic, TrainingSession.hours)
        .order_by(TrainingSession.session_date)).all()
    frame = pd.DataFrame(rows, columns=["id", "session_date", "topic", "hours", "present", "marked"])
    frame["hours"] = frame["hours"].astype(float)
    frame["present"] = frame["present"].fillna(0).astype(int)
    return frame


ROSTER_COLUMNS = ["enrolment_id", "participant_id", "code", "sex", "enrolled_on", "status", "present", "marked",
                  "assessment_score", "certified", "completed_on", "dropout_reason", "follow_up_3",
                  "follow_up_6", "certified_on", "version", "full_name", "phone"]


def group_roster(session: Session, *, actor: Actor, group_id: int) -> pd.DataFrame:
    """Everyone enrolled in a group with attendance, result and follow-ups (coordinators and admins only)."""
    require_role(actor, ADMIN, COORDINATOR)
    marks = marks_per_enrolment(None, select(Enrolment.id).where(Enrolment.group_id == group_id))
    f3 = select(FollowUp.enrolment_id, FollowUp.status).where(FollowUp.months_after == 3).subquery()
    f6 = select(FollowUp.enrolment_id, FollowUp.status).where(FollowUp.months_after == 6).subquery()
    rows = session.execute(
        select(Enrolment.id, Participant.id, Participant.code, Participant.sex, Enrolment.enrolled_on,
               Enrolment.status, func.coalesce(marks.c.present, 0), func.coalesce(marks.c.marked, 0),
               Enrolment.assessment_score, Enrolment.certified, Enrolment.completed_on,
               Enrolment.dropout_reason, f3.c.status, f6.c.status, Enrolment.certified_on, Enrolment.version,
               Participant.full_name, Participant.phone)
        .join(Participant, Participant.id == Enrolment.participant_id)
        .outerjoin(marks, marks.c.enrolment_id == Enrolment.id)
        .outerjoin(f3, f3.c.enrolment_id == Enrolment.id)
        .outerjoin(f6, f6.c.enrolment_id == Enrolment.id)
        .where(Enrolment.group_id == group_id).order_by(Participant.code)).all()
    frame = pd.DataFrame(rows, columns=ROSTER_COLUMNS)
    frame["present"] = frame["present"].astype(int)
    frame["assessment_score"] = frame["assessment_score"].astype(float)
    if not actor.sees_personal_data:
        frame = frame.drop(columns=list(PERSONAL_FIELDS))
    return frame


def follow_up_versions(session: Session, *, actor: Actor, enrolment_id: int) -> dict[int, int]:
    """Months after the training → version of the follow-up recorded then, for the follow-up form."""
    require_role(actor, ADMIN, COORDINATOR)
    return dict(session.execute(select(FollowUp.months_after, FollowUp.version)
                                .where(FollowUp.enrolment_id == enrolment_id)).all())
