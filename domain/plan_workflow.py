"""The business-plan state machine: which moves through the pipeline are allowed, and which need a reason.

    draft ─► submitted ─► under_review ─┬─► approved ─► disbursed ─► launched ─┬─► operating_6m ─► closed
                 ▲                      ├─► rejected (end)                     └─► closed (end)
                 └──── returned ◄───────┘

- A plan returned for revision goes back to "submitted" once revised (it is reviewed again).
- "rejected" and "closed" are final. An enterprise may close before or after its 6-month mark.
- A return, a rejection and a closure must say why (the reason is what the committee reads later).
"""
from __future__ import annotations

from domain.vocabulary import PLAN_STATUSES

# The order in which a plan moves forward, used for display and for funnels.
PIPELINE_ORDER = PLAN_STATUSES

ALLOWED: dict[str, tuple[str, ...]] = {
    "draft": ("submitted",),
    "submitted": ("under_review",),
    "under_review": ("returned", "approved", "rejected"),
    "returned": ("submitted",),
    "approved": ("disbursed",),
    "rejected": (),
    "disbursed": ("launched",),
    "launched": ("operating_6m", "closed"),
    "operating_6m": ("closed",),
    "closed": (),
}
NEEDS_REASON = frozenset({"returned", "rejected", "closed"})
FINAL = frozenset(s for s, nexts in ALLOWED.items() if not nexts)
# Statuses in which a plan has been launched as an enterprise (mentoring and follow-up apply).
LAUNCHED_OR_LATER = ("launched", "operating_6m", "closed")
# Statuses in which start-up support may still be paid (a first payment, or a later instalment).
DISBURSABLE = ("approved", "disbursed", "launched", "operating_6m")


def allowed_next(status: str) -> tuple[str, ...]:
    """Statuses a plan in `status` may move to (empty for a final or unknown status)."""
    return ALLOWED.get(status, ())


def is_allowed(from_status: str, to_status: str) -> bool:
    """True when the pipeline lets a plan move from `from_status` to `to_status`."""
    return to_status in allowed_next(from_status)


def needs_reason(to_status: str) -> bool:
    """A move to this status must carry a written reason."""
    return to_status in NEEDS_REASON


def is_final(status: str) -> bool:
    return status in FINAL
