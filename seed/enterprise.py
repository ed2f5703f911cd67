"""Micro-enterprise pipeline: business plans of CREE graduates walked from draft to launch (or rejection),
with reviewer scores, start-up support, mentoring visits, enterprise status and the GERME group."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from db.models import (
    BusinessPlan, BusinessPlanOwner, EnterpriseStatus, MentoringVisit, Participant, PlanScore, PlanTransition,
)
from db.models.enterprise import RUBRIC
from seed.context import PROJECT_END, Demo, add_months, rate_on
from seed.follow_ups import Launch
from seed.training import GERME_GROUP, Roster, add_groups

REVIEW = ("submitted", "under_review")
RETURN = REVIEW + ("returned",)
LAUNCH = ("approved", "disbursed", "launched")
CLOSES_BEFORE_6M, CLOSES_AFTER_6M = "before_6m", "after_6m"


@dataclass(frozen=True)
class PlanRoute:
    """How one plan moves: the statuses after "draft" up to its launch at most (what follows a launch is
    dated from it), its number of owners, and whether the enterprise later closes."""

    group: str
    path: tuple[str, ...]
    owners: int = 1
    closes: str | None = None
    drafted_on: date | None = None


# 18 plans: 14 approved, 13 disbursed, 12 launched (one owner each), 3 rejected, 1 awaiting revision.
ROUTES = (
    PlanRoute("CREE-CAS-2015", REVIEW + LAUNCH),
    PlanRoute("CREE-CAS-2015", REVIEW + LAUNCH, closes=CLOSES_AFTER_6M),
    PlanRoute("CREE-CAS-2015", RETURN + REVIEW + LAUNCH),
    PlanRoute("CREE-CAS-2015", RETURN + REVIEW + ("rejected",), owners=2),
    PlanRoute("CREE-CAS-2015", REVIEW + LAUNCH),
    PlanRoute("CREE-CAS-2015", REVIEW + LAUNCH),
    PlanRoute("CREE-CAS-2015", REVIEW + ("rejected",)),
    PlanRoute("CREE-CAS-2015", RETURN, drafted_on=date(2016, 3, 14)),
    PlanRoute("CREE-RAB-2015", REVIEW + LAUNCH),
    PlanRoute("CREE-RAB-2015", REVIEW + LAUNCH, closes=CLOSES_BEFORE_6M),
    PlanRoute("CREE-RAB-2015", RETURN + REVIEW + LAUNCH),
    PlanRoute("CREE-RAB-2015", REVIEW + LAUNCH),
    PlanRoute("CREE-RAB-2015", REVIEW + ("rejected",)),
    PlanRoute("CREE-RAB-2015", RETURN + REVIEW + ("approved",), owners=2, drafted_on=date(2016, 9, 5)),
    PlanRoute("CREE-RAB-2016", REVIEW + LAUNCH),
    PlanRoute("CREE-RAB-2016", REVIEW + LAUNCH),
    PlanRoute("CREE-RAB-2016", REVIEW + LAUNCH),
    PlanRoute("CREE-RAB-2016", RETURN + REVIEW + ("approved", "disbursed"), drafted_on=date(2016, 9, 12)),
)

# Days from one step to the next ("resubmitted": submitted again after a return).
GAP_DAYS = {"draft": (7, 20), "submitted": (10, 25), "resubmitted": (10, 20), "under_review": (3, 7),
            "returned": (7, 12), "approved": (10, 25), "rejected": (10, 25), "disbursed": (14, 30),
            "launched": (7, 21)}

IDEAS = (  # (sector, in the follow-ups' vocabulary; business idea)
    ("Textile and garment", "Tailoring workshop making and mending clothes for neighbours and small shops"),
    ("Food and catering", "Home-cooked West African dishes sold at lunchtime to workers nearby"),
    ("Hairdressing and beauty", "Braiding and hairdressing corner in a rented room"),
    ("Retail trade", "Neighbourhood stall selling African food products"),
    ("Hairdressing and beauty", "Shea-butter soaps and cosmetics sold at markets and to salons"),
    ("Food and catering", "Cakes and pastries made to order for families and cafés"),
    ("Care and domestic services", "Home day-care for the children of working mothers"),
)
GROUP_IDEA = ("Food and catering", "Joint catering business run by two women: meals for events and offices")
RETURN_REASONS = ("Returned for revision: cash-flow projections missing",
                  "Returned for revision: supplier quotes needed for the equipment",
                  "Returned for revision: premises not identified yet")
REJECT_REASONS = ("Rejected: market already saturated in the neighbourhood; referred to ANAPEC for a job",
                  "Rejected: start-up costs far above the grant ceiling; advised to start smaller")
CLOSE_REASONS = ("Closed: sales too low to cover the rent", "Closed: owner moved to another city")
REVENUE_BANDS = ("none", "lt_1000", "1000_3000", "3000_6000", "gt_6000")
VISIT_NOTES = ("Bookkeeping checked", "Stock and prices reviewed", "Advice on finding regular customers",
               "Helped register as auto-entrepreneur", "Discussed a small loan for more equipment")


@dataclass(frozen=True)
class Step:
    from_status: str | None
    to_status: str
    on: date


@dataclass
class Enterprises:
    """What the pipeline produced, for follow-ups, budget and indicators."""

    plans: list[BusinessPlan] = field(default_factory=list)
    self_employed: dict[int, Launch] = field(default_factory=dict)  # by participant id
    pending_owners: set[int] = field(default_factory=set)  # approved, not yet launched: still preparing
    disbursements: list[tuple[BusinessPlan, date, Decimal]] = field(default_factory=list)
    operating_6m_on: list[date] = field(default_factory=list)


def add_enterprises(demo: Demo, roster: Roster) -> Enterprises:
    """Write every plan of ROUTES with its owners (CREE graduates of `roster`) and history, then the GERME
    group for the running enterprises. Plan codes carry the roster's prefix (`S02-BP-001` for a synthetic
    batch), so each batch's plans are unique."""
    result = Enterprises()
    pools = {code: demo.rng.sample(roster.completers(code), len(roster.completers(code)))
             for code in dict.fromkeys(r.group for r in ROUTES)}
    drafts = []
    for number, route in enumerate(ROUTES, start=1):
        owners = [pools[route.group].pop() for _ in range(route.owners)]
        steps = _walk(demo, route, roster.specs[route.group].end)
        drafts.append((_plan(demo, f"{roster.prefix}BP-{number:03d}", route, owners, steps), owners, steps))
    demo.session.add_all(plan for plan, _, _ in drafts)
    demo.session.flush()
    for plan, owners, steps in drafts:
        disbursed = _write_history(demo, plan, owners, steps)
        _record(result, plan, owners, steps, disbursed)
    _add_germe_group(demo, roster, result)
    return result


def _walk(demo: Demo, route: PlanRoute, group_end: date) -> list[Step]:
    """Dated steps from the draft to the route's end, then what follows a launch."""
    rng = demo.rng
    day = route.drafted_on or group_end + timedelta(days=rng.randint(*GAP_DAYS["draft"]))
    steps = [Step(None, "draft", day)]
    for status in route.path:
        previous = steps[-1].to_status
        day += timedelta(days=rng.randint(*GAP_DAYS["resubmitted" if previous == "returned" else status]))
        steps.append(Step(previous, status, day))
    if steps[-1].to_status == "launched":
        steps += _after_launch(demo, route, day)
    if steps[-1].on > PROJECT_END:
        raise RuntimeError(f"plan route ends after the project: {steps[-1]}")
    return steps


def _after_launch(demo: Demo, route: PlanRoute, launched: date) -> list[Step]:
    """Operating at 6 months when that date falls in the project; closed when the route says so."""
    six_months = add_months(launched, 6)
    if route.closes == CLOSES_BEFORE_6M:
        closed = launched + timedelta(days=demo.rng.randint(100, 150))
        return [Step("launched", "closed", closed)] if closed <= PROJECT_END else []
    if six_months > PROJECT_END:
        return []
    steps = [Step("launched", "operating_6m", six_months)]
    if route.closes == CLOSES_AFTER_6M:
        closed = six_months + timedelta(days=demo.rng.randint(60, 120))
        if closed <= PROJECT_END:
            steps.append(Step("operating_6m", "closed", closed))
    return steps


def _plan(demo: Demo, code: str, route: PlanRoute, owners: list[Participant],
          steps: list[Step]) -> BusinessPlan:
    """The plan as it stands at the end: amounts in MAD at the rate of the year it was drafted."""
    rng = demo.rng
    sector, idea = GROUP_IDEA if route.owners > 1 else rng.choice(IDEAS)
    requested = Decimal(rng.randrange(8000, 25001, 500))
    approved = None
    if "approved" in route.path:
        approved = requested - Decimal(rng.choice((0, 0, 0, 500, 1000, 2000)))
    drafted = steps[0].on
    return BusinessPlan(
        project_id=demo.project.id, code=code, business_idea=idea, sector=sector, city=owners[0].city,
        requested_mad=requested, approved_mad=approved, mad_per_usd=rate_on(drafted),
        documents_ref=f"{demo.partner_in(owners[0].city).acronym}/{code} (paper file)",
        status=steps[-1].to_status, created_on=drafted)


def _write_history(demo: Demo, plan: BusinessPlan, owners: list[Participant],
                   steps: list[Step]) -> Decimal | None:
    """Owners, transitions, scores and enterprise follow-up of one plan; returns the MAD disbursed."""
    session, rng = demo.session, demo.rng
    session.add_all(BusinessPlanOwner(plan_id=plan.id, participant_id=o.id) for o in owners)
    partner = demo.partner_in(plan.city).acronym
    disbursed = None
    if any(s.to_status == "disbursed" for s in steps):
        disbursed = plan.approved_mad - Decimal(rng.choice((0, 0, 0, 0, 250)))
    for step in steps:
        comment = _comment(demo, step.to_status, partner, plan, disbursed)
        actor = "admin" if step.to_status in ("approved", "rejected") else "coordinator"
        session.add(PlanTransition(plan_id=plan.id, from_status=step.from_status, to_status=step.to_status,
                                   occurred_on=step.on, actor=actor, comment=comment))
    _score(demo, plan, steps, partner)
    launched = next((s.on for s in steps if s.to_status == "launched"), None)
    if launched:
        closed = next((s.on for s in steps if s.to_status == "closed"), None)
        _follow_enterprise(demo, plan, launched, closed)
    return disbursed


def _comment(demo: Demo, status: str, partner: str, plan: BusinessPlan, disbursed: Decimal | None) -> str:
    """What the person moving the plan wrote; returns, rejections and closures always say why."""
    reasons = {"returned": RETURN_REASONS, "rejected": REJECT_REASONS, "closed": CLOSE_REASONS}
    if status in reasons:
        return demo.rng.choice(reasons[status])
    if status == "approved":
        return f"Approved by the review panel: {plan.approved_mad:,.0f} MAD"
    if status == "disbursed":
        return f"Start-up kit bought and handed over ({disbursed:,.0f} MAD)"
    return {"draft": "Drafted with the CREE trainer", "submitted": f"Submitted through {partner}",
            "under_review": f"Sent to the review panel (IOM and {partner})", "launched": "Enterprise opened",
            "operating_6m": "Still operating six months after launch"}[status]


def _score(demo: Demo, plan: BusinessPlan, steps: list[Step], partner: str) -> None:
    """Two reviewers score the last version that went under review."""
    reviews = [s for s in steps if s.to_status == "under_review"]
    if not reviews:
        return
    final = steps[-1].to_status
    low, high = (1, 3) if final == "rejected" else (2, 4) if final == "returned" else (3, 5)
    for reviewer in ("Karim Coordinator", f"{partner} focal point"):
        marks = {criterion: demo.rng.randint(low, high) for criterion in RUBRIC}
        demo.session.add(PlanScore(plan_id=plan.id, reviewer=reviewer,
                                   scored_on=reviews[-1].on + timedelta(days=demo.rng.randint(2, 5)),
                                   comment="Clear idea; check the costing" if high < 5 else "Solid plan",
                                   **marks))


def _follow_enterprise(demo: Demo, plan: BusinessPlan, launched: date, closed: date | None) -> None:
    """Mentoring visits every two months or so, and the status at 3, 6 and 12 months after launch."""
    rng, last = demo.rng, min(closed or PROJECT_END, PROJECT_END)
    band = rng.randint(0, 1)
    day = launched + timedelta(days=rng.randint(20, 40))
    while day <= last:
        closing = closed is not None and (closed - day).days < 60
        band = 0 if closing else min(band + rng.choice((0, 0, 1)), 3 + (rng.random() < 0.2))
        demo.session.add(MentoringVisit(plan_id=plan.id, visit_date=day, revenue_band=REVENUE_BANDS[band],
                                        notes=rng.choice(VISIT_NOTES)))
        day += timedelta(days=rng.randint(45, 75))
    for months in (3, 6, 12):
        observed = add_months(launched, months)
        if observed <= PROJECT_END:
            status = "closed" if closed and closed <= observed else "operating"
            demo.session.add(EnterpriseStatus(plan_id=plan.id, months_after=months, observed_on=observed,
                                              status=status))


def _record(result: Enterprises, plan: BusinessPlan, owners: list[Participant], steps: list[Step],
            disbursed: Decimal | None) -> None:
    result.plans.append(plan)
    on = {s.to_status: s.on for s in steps}
    if "launched" in on:
        result.self_employed.update({o.id: Launch(on["launched"], plan.sector) for o in owners})
    elif "approved" in on:
        result.pending_owners.update(o.id for o in owners)
    if "disbursed" in on:
        result.disbursements.append((plan, on["disbursed"], disbursed))
    if "operating_6m" in on:
        result.operating_6m_on.append(on["operating_6m"])


def _add_germe_group(demo: Demo, roster: Roster, result: Enterprises) -> None:
    """GERME for the Casablanca owners of running enterprises, plus CREE graduates trading informally."""
    cree = roster.completers("CREE-CAS-2015")
    owners = [w for w in cree if w.id in result.self_employed
              and result.self_employed[w.id].launched_on < GERME_GROUP.start]
    others = demo.rng.sample([w for w in cree if w not in owners], GERME_GROUP.drawn - len(owners))
    add_groups(demo, roster, [GERME_GROUP], chosen={GERME_GROUP.code: owners + others})
