"""Summaries kept in step with the records they count, in the same transaction as the writes that change
them, so that pages read a number of rows that does not grow with every attendance mark ever recorded."""
from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index
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
