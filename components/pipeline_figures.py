"""Turns pipeline query results into labelled, locale-formatted frames for the enterprise charts and tables."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from components.i18n import current_language, money, num, pct, t
from db.models.enterprise import PLAN_STATUSES
from domain.suppression import SUPPRESSED, is_small, shown_count, suppress_breakdown, suppress_table
from domain.countries import country_name
from domain.pipeline import PHASES, Conversion, MoneyStep, Survival, phase_of

def status_labels() -> dict[str, str]:
    """Plan statuses in the current language (computed in the run, for selectboxes and tables)."""
    return {s: t(f"enterprise.status.{s}") for s in PLAN_STATUSES}


def phase_labels() -> dict[str, str]:
    return {p: t(f"enterprise.phase.{p}") for p in PHASES}


# A hidden count that is not itself small (hidden so that a total does not give a small one away).
WITHHELD = "…"
# A share withheld because it rests on, or would give back, a count of 1–4.
HIDDEN_SHARE = "–"


def _share_hidden(part: int, whole: int) -> bool:
    """A share part/whole lets a reader who knows either count work out the other, and the rest (whole − part)."""
    return is_small(part) or is_small(whole) or is_small(whole - part)


RUNNING = ("launched", "operating_6m")


def stage_frame(counts: Mapping[str, int], *, suppress: bool = False) -> pd.DataFrame:
    """Plans per current status. For viewers small counts show as "<5" and leave the bars; since the total of
    plans is shown, a lone small stage also hides the next smallest ("…")."""
    labels = status_labels()
    kept = suppress_breakdown(counts) if suppress else dict(counts)
    # The page also shows launched + operating_6m as one tile: one of the two hidden alone would come back.
    pair = [s for s in RUNNING if s in kept]
    if suppress and len(pair) == 2 and sum(kept[s] is None for s in pair) == 1:
        kept |= {s: None for s in pair if counts[s] > 0}

    def text(s: str, n: int) -> str:
        if kept[s] is not None:
            return num(n)
        return SUPPRESSED if is_small(n) else WITHHELD

    return pd.DataFrame([{"stage": s, "stage_label": labels[s], "count": kept[s], "count_text": text(s, n)}
                         for s, n in counts.items()])


def conversion_frame(rows: Sequence[Conversion], *, suppress: bool = False) -> pd.DataFrame:
    """Share moving on per step; coordinators also see moved/entered, viewers only the share, and no share
    that would give a count of 1–4 back."""
    labels = status_labels()

    def shown(c: Conversion) -> tuple[float | None, str]:
        if not suppress:
            return c.rate or 0.0, f"{pct(c.rate)} ({num(c.moved_on)}/{num(c.entered)})"
        if _share_hidden(c.moved_on, c.entered):
            return None, HIDDEN_SHARE
        return c.rate or 0.0, pct(c.rate)

    return pd.DataFrame([{
        "step_label": t("enterprise.step", before=labels[c.from_stage], after=labels[c.to_stage]),
        "rate": rate, "rate_text": text} for c in rows for rate, text in [shown(c)]])


def days_frame(medians: Mapping[str, tuple[float, int]]) -> pd.DataFrame:
    labels = status_labels()
    return pd.DataFrame([{"stage_label": labels[s], "days": medians[s][0],
                          "days_text": num(medians[s][0], 1 if medians[s][0] % 1 else 0)}
                         for s in PLAN_STATUSES if s in medians])


def money_frame(steps: Sequence[MoneyStep]) -> pd.DataFrame:
    return pd.DataFrame([{"step_label": t(f"enterprise.money.{s.key}"), "usd": float(s.usd),
                          "usd_text": money(s.usd) + ("" if s.key == "budget" else f" ({pct(s.share_of_budget)})")}
                         for s in steps])


def survival_frame(rows: Sequence[Survival], *, suppress: bool = False) -> pd.DataFrame:
    """Share still operating per follow-up; for viewers "of <5" observed, and no share that gives back a count
    of 1–4 (operating, closed or observed)."""
    def shown(s: Survival) -> tuple[float | None, str]:
        if not suppress:
            return s.rate or 0.0, t("enterprise.chart.survival_text", share=pct(s.rate), observed=num(s.observed))
        if _share_hidden(s.operating, s.observed):
            return None, t("enterprise.chart.survival_text", share=HIDDEN_SHARE, observed=shown_count(s.observed))
        return s.rate or 0.0, t("enterprise.chart.survival_text", share=pct(s.rate), observed=shown_count(s.observed))

    return pd.DataFrame([{"months_label": t("enterprise.months", months=s.months), "rate": rate, "rate_text": text}
                         for s in rows if s.observed for rate, text in [shown(s)]])


def group_label(dimension: str, value: str) -> str:
    """A breakdown group as readers say it: 'Femmes', 'Côte d’Ivoire', or the city or sector as typed."""
    if dimension == "sex":
        return t(f"enterprise.sex.{value.lower()}")
    if dimension == "nationality":
        return country_name(value, current_language())
    return value


def breakdown_frames(rows: pd.DataFrame, dimension: str, *, suppress: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(chart frame, table frame) of counts per group and phase.

    For viewers, counts under 5 show as "<5" in the table and leave the chart; when a group's total would
    reveal a single hidden count, the next smallest is hidden too ("…"). The column (phase) totals are known
    from the stage chart, so the same holds down each column.
    """
    phases = phase_labels()
    if rows.empty:
        return pd.DataFrame(columns=["group_label", "phase", "phase_label", "phase_order", "count"]), pd.DataFrame()
    by_phase = (rows.assign(phase=rows.status.map(phase_of))
                .groupby(["group", "phase"], as_index=False)["count"].sum())
    by_phase["group_label"] = [group_label(dimension, g) for g in by_phase.group]
    by_phase["phase_label"] = by_phase.phase.map(phases)
    by_phase["phase_order"] = by_phase.phase.map({p: i for i, p in enumerate(PHASES)})
    shown_phases = [p for p in PHASES if p in set(by_phase.phase)]
    grid = {label: {p: int(cells.loc[cells.phase == p, "count"].sum()) for p in shown_phases}
            for label, cells in by_phase.groupby("group_label", sort=True)}
    hidden = (suppress_table({(g, p): n for g, counts in grid.items() for p, n in counts.items()})
              if suppress else set())
    table_rows = []
    for label, counts in grid.items():
        row = {t("enterprise.breakdown.group"): label}
        for p in shown_phases:
            n = counts[p]
            row[phases[p]] = str(n) if (label, p) not in hidden else (SUPPRESSED if is_small(n) else WITHHELD)
        total = sum(counts.values())
        row[t("enterprise.breakdown.total")] = shown_count(total) if suppress else str(total)
        table_rows.append(row)
    chart = by_phase[[(g, p) not in hidden for g, p in zip(by_phase.group_label, by_phase.phase)]]
    return chart.reset_index(drop=True), pd.DataFrame(table_rows)


# Column headers the plan file and register translate as enterprise.col.<column>.
TABLE_COLUMNS = (
    "code", "status", "owners", "owner_names", "business_idea", "sector", "city", "requested_mad", "requested_usd",
    "approved_mad", "disbursed_mad", "mean_score", "last_move_on", "occurred_on", "from_status", "to_status",
    "actor", "comment", "reviewer", "scored_on", "spent_on", "description", "amount", "currency", "rate",
    "amount_usd", "visit_date", "revenue_band", "notes", "months_after", "observed_on", "operating", "sex",
    "nationality", "full_name", "phone",
)


def catalog_keys() -> set[str]:
    """Every message key this area builds from data (checked by tests/test_i18n.py)."""
    from db.models.enterprise import ENTERPRISE_STATUSES, REVENUE_BANDS, RUBRIC
    from db.queries.business_plans import DIMENSIONS

    return ({f"enterprise.status.{s}" for s in PLAN_STATUSES} | {f"enterprise.phase.{p}" for p in PHASES}
            | {f"enterprise.rubric.{c}" for c in RUBRIC} | {f"enterprise.band.{b}" for b in REVENUE_BANDS}
            | {f"enterprise.operating.{s}" for s in ENTERPRISE_STATUSES} | {f"enterprise.by.{d}" for d in DIMENSIONS}
            | {"enterprise.sex.f", "enterprise.sex.m"}
            | {f"enterprise.money.{k}" for k in ("requested", "approved", "disbursed", "budget")}
            | {f"enterprise.col.{c}" for c in TABLE_COLUMNS}
            | {f"entrepreneurship.module.{m}" for m in ("trie", "cree", "germe")})
