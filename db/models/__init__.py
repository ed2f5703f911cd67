"""All tables, importable from one place; Alembic reads `Base.metadata` from here."""
from db.models.access import AppUser, AuditEntry, DataVersion, PeriodLock
from db.models.base import Base
from db.models.budget import BudgetLine, Expenditure, PlannedAmount
from db.models.committee import CommitteeDecision, CommitteeMeeting, CommitteeMember, DecisionChange
from db.models.enterprise import (
    BusinessPlan, BusinessPlanOwner, EnterpriseStatus, MentoringVisit, PlanScore, PlanTransition,
)
from db.models.project import ExchangeRate, Institution, NumberCounter, Project
from db.models.results import IndicatorResult, Indicator, IndicatorTarget, ResultLevel, TargetChange
from db.models.summaries import AttendanceMonth, GroupAttendanceMonth, GroupOutcome
from db.models.stakeholders import ActionPoint, ActionPointChange, EventParticipation, StakeholderEvent
from db.models.training import (
    Attendance, Enrolment, FollowUp, Participant, TrainingGroup, TrainingSession,
)
from db.models.workplan import Milestone, WorkplanActivity

__all__ = [
    "AttendanceMonth", "GroupAttendanceMonth", "GroupOutcome",
    "ActionPoint", "ActionPointChange", "AppUser", "Attendance", "AuditEntry", "DataVersion", "Base", "BudgetLine",
    "BusinessPlan", "BusinessPlanOwner", "CommitteeDecision", "CommitteeMeeting", "CommitteeMember",
    "DecisionChange", "Enrolment", "EnterpriseStatus", "EventParticipation",
    "ExchangeRate", "Expenditure", "FollowUp", "Indicator", "IndicatorResult", "IndicatorTarget",
    "Institution", "MentoringVisit", "Milestone", "NumberCounter", "PeriodLock", "PlanScore", "PlanTransition",
    "PlannedAmount", "Project", "ResultLevel", "StakeholderEvent", "TargetChange", "TrainingGroup",
    "TrainingSession", "WorkplanActivity", "Participant",
]
