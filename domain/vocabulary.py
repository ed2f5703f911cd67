"""Codes that mean the same thing everywhere (domain.md, "One word per concept"): one definition each."""
from __future__ import annotations

SEXES = ("F", "M")
"""Sex codes of people; the labels (women/men, femmes/hommes) come from the catalogs."""

FOLLOW_UP_MONTHS = (3, 6, 12)
"""Months after training (participants) or after launch (enterprises) at which the outcome is followed up."""

REVENUE_BANDS = ("none", "lt_1000", "1000_3000", "3000_6000", "gt_6000")
"""Monthly revenue bands a mentor records for a launched enterprise (MAD a month)."""

ENTERPRISE_STATUSES = ("operating", "closed")
"""Whether a launched enterprise still operates at a follow-up."""

GROUP_KINDS = ("vocational", "entrepreneurship")
"""Training groups are vocational cohorts or entrepreneurship groups (one mechanism for both)."""

MODULES = ("TRIE", "CREE", "GERME")
"""Modules of the entrepreneurship training."""

FOLLOW_UP_STATUSES = ("wage_job", "self_employed", "in_training", "unemployed", "not_reached")
PLACED_STATUSES = ("wage_job", "self_employed")
"""A trainee's situation at a follow-up; the placed ones need the sector of the job or business."""

# A steering committee decision is open, in progress, done or dropped (the action points' words).
DECISION_STATUSES = ("open", "in_progress", "done", "dropped")

PLAN_STATUSES = (
    "draft", "submitted", "under_review", "returned", "approved", "rejected",
    "disbursed", "launched", "operating_6m", "closed",
)
"""The stages of a business plan, in the order of the pipeline (domain/plan_workflow.py says the moves)."""
