"""Summaries kept in step with the records they count, in the same transaction as the writes that change
them, so that pages read a number of rows that does not grow with every attendance mark ever recorded."""
from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base


class AttendanceMonth(Base):
    """Sessions marked and attended by one enrolment in one calendar month (`month` is its first day).

    Maintained by db/attendance_summary.py from the attendance marks; a recount from the marks always
    gives the same rows (tested after random sequences of writes)."""

    __tablename__ = "attendance_month"
    __table_args__ = (Index("ix_attendance_month_month", "month"),)

    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(primary_key=True)
    marked: Mapped[int]
    present: Mapped[int]


class GroupAttendanceMonth(Base):
    """Sessions marked and attended by all the enrolments of one training group in one calendar month: the
    sum of their `attendance_month` rows, so that per-cohort reads follow groups × months, not enrolments.

    Maintained by db/attendance_summary.py in the same recount as `attendance_month` (tested against a
    recount from the marks after random sequences of writes)."""

    __tablename__ = "group_attendance_month"
    __table_args__ = (Index("ix_group_attendance_month_month", "month"),)

    group_id: Mapped[int] = mapped_column(ForeignKey("training_group.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(primary_key=True)
    marked: Mapped[int]
    present: Mapped[int]


class GroupOutcome(Base):
    """How many enrolments of one training group reached which outcome, counted once per funnel dimension
    and category, so that the funnel over settled groups follows groups × categories, not enrolments.

    One row per (group, dimension, category or birth year, highest attendance step met, completed,
    certified, placed): `dimension` is sex, nationality or city with the participant's value in `category`
    (as recorded, empty or missing included), or birth_year with the year in `birth_year` (the age band
    depends on the as-of date, so it is worked out when read). `met` is the highest attendance threshold
    step, in percent, her attendance reached (0: none, or no session marked). `settled_on` is the group's
    latest dated fact (enrolment, completion, drop-out, certification, follow-up, session): from that day on
    the group's outcomes no longer depend on the as-of date, so a funnel as of then or later can read these
    rows instead of the group's enrolments. Maintained by db/group_outcomes.py in the transaction of every
    write that changes them (tested against a recount after random sequences of writes)."""

    __tablename__ = "group_outcome"
    __table_args__ = (Index("ix_group_outcome_group_id", "group_id", "dimension"),
                      Index("ix_group_outcome_settled_on", "dimension", "settled_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("training_group.id", ondelete="CASCADE"))
    dimension: Mapped[str] = mapped_column(String(16))
    category: Mapped[str | None] = mapped_column(String(120))
    birth_year: Mapped[int | None]
    met: Mapped[int]
    completed: Mapped[bool]
    certified: Mapped[bool]
    placed: Mapped[bool]
    enrolments: Mapped[int]
    present: Mapped[int]
    marked: Mapped[int]
    settled_on: Mapped[date]
