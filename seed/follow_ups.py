"""Employment follow-ups 3 and 6 months after training, built so that placement adds up: the owners of
launched enterprises are self-employed, a fixed number of other women hold a wage job at their last call."""
from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from datetime import date

from db.models import FollowUp
from seed.context import PROJECT_END, Demo, add_months
from seed.training import Member, Roster

FOLLOW_UP_AFTER = (3, 6)  # months after the group's planned end
NOT_PLACED = ("unemployed", "in_training", "not_reached")
NOTES = {"wage_job": "Employed", "self_employed": "Runs her own enterprise", "unemployed": "Looking for work",
         "in_training": "Following another course", "not_reached": "Phone switched off; two attempts"}
SECTOR_OF_TRADE = {
    "Sewing and embroidery": "Textile and garment",
    "Caregiving (children and older people)": "Care and domestic services",
    "Hotel and catering": "Hotels and restaurants",
    "Pastry": "Food and catering",
    "Hairdressing and beauty": "Hairdressing and beauty",
    "Building electricity": "Construction",
    "Retail and sales": "Retail trade",
    "IT network maintenance (CISCO-CCNA)": "Information technology",
}


@dataclass(frozen=True)
class Launch:
    """A woman's own enterprise: when it opened and in which sector."""

    launched_on: date
    sector: str


@dataclass(frozen=True)
class Slot:
    """A follow-up call due for one completed enrolment."""

    member: Member
    months_after: int
    contact_date: date


def add_follow_ups(demo: Demo, roster: Roster, *, self_employed: Mapping[int, Launch], wage_jobs: int,
                   not_wage: Set[int] = frozenset()) -> dict[str, int]:
    """Follow-ups 3 and 6 months after each completed cohort or CREE group.

    Placement is decided per woman, by her latest follow-up: owners of launched enterprises
    (`self_employed`, keyed by participant id) are self-employed there, `wage_jobs` other women
    (never those in `not_wage`) hold a wage job, the rest are not placed. Earlier calls never show a
    placement the latest call does not, so placement counts only grow with the as-of date.
    Returns the number of women per final status.
    """
    slots = _slots(roster)
    eligible = [w for w in roster.women
                if slots.get(id(w)) and w.id not in self_employed and w.id not in not_wage]
    wage = {id(w) for w in demo.rng.sample(eligible, wage_jobs)}
    finals: dict[str, int] = {}
    for woman in roster.women:
        calls = slots.get(id(woman), [])
        launch = self_employed.get(woman.id)
        statuses = _statuses(demo, calls, launch, id(woman) in wage)
        for slot, status in zip(calls, statuses, strict=True):
            demo.session.add(_follow_up(demo, slot, status, launch, roster))
        if statuses:
            finals[statuses[-1]] = finals.get(statuses[-1], 0) + 1
    return finals


def _slots(roster: Roster) -> dict[int, list[Slot]]:
    """Calls due inside the project for each woman (keyed by `id()`), in date order."""
    slots: dict[int, list[Slot]] = {}
    for code, members in roster.members.items():
        spec = roster.specs[code]
        if spec.module not in (None, "CREE"):
            continue
        for member in members:
            if member.dropped:
                continue
            for months in FOLLOW_UP_AFTER:
                contact = add_months(spec.end, months)
                if contact <= PROJECT_END:
                    slots.setdefault(id(member.woman), []).append(Slot(member, months, contact))
    for calls in slots.values():
        calls.sort(key=lambda s: (s.contact_date, s.months_after))
    return slots


def _statuses(demo: Demo, calls: list[Slot], launch: Launch | None, wage: bool) -> list[str]:
    """One status per call; the last one decides whether she counts as placed."""
    rng = demo.rng
    if launch:
        if not calls or calls[-1].contact_date < launch.launched_on:
            raise RuntimeError("an enterprise owner has no follow-up after her launch")
        return ["self_employed" if c.contact_date >= launch.launched_on
                else rng.choice(("in_training", "unemployed")) for c in calls]
    not_placed = [rng.choices(NOT_PLACED, weights=(5, 2, 3))[0] for _ in calls]
    if not wage:
        return not_placed
    return [s if i < len(calls) - 1 and rng.random() < 0.6 else "wage_job" for i, s in enumerate(not_placed)]


def _follow_up(demo: Demo, slot: Slot, status: str, launch: Launch | None, roster: Roster) -> FollowUp:
    sector = None
    if status == "self_employed":
        sector = launch.sector
    elif status == "wage_job":
        sector = _wage_sector(demo, slot, roster)
    return FollowUp(enrolment_id=slot.member.enrolment.id, months_after=slot.months_after,
                    contact_date=slot.contact_date, status=status, sector=sector,
                    notes=NOTES[status])


def _wage_sector(demo: Demo, slot: Slot, roster: Roster) -> str:
    trades = [m.spec.trade for m in roster.memberships(slot.member.woman) if m.spec.trade]
    if trades:
        return SECTOR_OF_TRADE[trades[-1]]
    return demo.rng.choice(("Retail trade", "Hotels and restaurants", "Care and domestic services"))
