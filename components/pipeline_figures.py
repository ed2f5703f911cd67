"""Turns pipeline query results into labelled, locale-formatted frames for the enterprise charts and tables."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from components.i18n import current_language, money, num, pct, t
from db.models.enterprise import PLAN_STATUSES
from domain.countries import country_name
from domain.disclosure import Disclosed
from domain.pipeline import PHASES, Conversion, MoneyStep, Survival

def status_labels() -> dict[str, str]:
    """Plan statuses in the current language (computed in the run, for selectboxes and tables)."""
    return {s: t(f"enterprise.status.{s}") for s in PLAN_STATUSES}


def phase_labels() -> dict[str, str]:
    return {p: t(f"enterprise.phase.{p}") for p in PHASES}


def stage_frame(counts: Mapping[str, int]) -> pd.DataFrame:
    """Plans per current status: plans by stage are not broken down by who owns them, so every reader sees
    them as they are (domain.md, Data protection)."""
    labels = status_labels()
    return pd.DataFrame([{"stage": s, "stage_label": labels[s], "count": n, "count_text": num(n)}
                         for s, n in counts.items()])


def conversion_frame(rows: Sequence[Conversion], *, detail: bool = False) -> pd.DataFrame:
    """Share of plans moving on per step; with `detail` (coordinators) also moved/entered."""
    labels = status_labels()

    def text(c: Conversion) -> str:
        return f"{pct(c.rate)} ({num(c.moved_on)}/{num(c.entered)})" if detail else pct(c.rate)

    return pd.DataFrame([{
        "step_label": t("enterprise.step", before=labels[c.from_stage], after=labels[c.to_stage]),
        "rate": c.rate or 0.0, "rate_text": text(c)} for c in rows])


def days_frame(medians: Mapping[str, tuple[float, int]]) -> pd.DataFrame:
    labels = status_labels()
    return pd.DataFrame([{"stage_label": labels[s], "days": medians[s][0],
                          "days_text": num(medians[s][0], 1 if medians[s][0] % 1 else 0)}
                         for s in PLAN_STATUSES if s in medians], columns=["stage_label", "days", "days_text"])


def money_frame(steps: Sequence[MoneyStep]) -> pd.DataFrame:
    return pd.DataFrame([{"step_label": t(f"enterprise.money.{s.key}"), "usd": float(s.usd),
                          "usd_text": money(s.usd) + ("" if s.key == "budget" else f" ({pct(s.share_of_budget)})")}
                         for s in steps])


def survival_frame(rows: Sequence[Survival]) -> pd.DataFrame:
    """Share of enterprises still operating per follow-up, "of" how many were observed (enterprises are not
    broken down by who runs them: shown as they are)."""
    return pd.DataFrame([{"months_label": t("enterprise.months", months=s.months), "rate": s.rate or 0.0,
                          "rate_text": t("enterprise.chart.survival_text", share=pct(s.rate), observed=num(s.observed))}
                         for s in rows if s.observed])


def group_label(dimension: str, value: str) -> str:
    """A breakdown group as readers say it: 'Femmes', 'Côte d’Ivoire', or the city or sector as typed."""
    if dimension == "sex":
        return t(f"enterprise.sex.{value.lower()}")
    if dimension == "nationality":
        return country_name(value, current_language())
    return value


def breakdown_frames(disclosed: Disclosed, dimension: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(chart frame, table frame) of a plan breakdown as `db.queries.disclosed.plan_breakdown` gives it.

    The chart gets only the cells that are shown; the table shows every cell as the reader may see it
    ("<5", "…" for hidden ones) and each group's total.
    """
    phases = phase_labels()
    frame = disclosed.frame
    if frame.empty:
        return pd.DataFrame(columns=["group_label", "phase", "phase_label", "phase_order", "count"]), pd.DataFrame()
    frame = frame.assign(group_label=[group_label(dimension, g) for g in frame.group],
                         phase_label=frame.phase.map(phases),
                         phase_order=frame.phase.map({p: i for i, p in enumerate(PHASES)}))
    shown_phases = [p for p in PHASES if p in set(frame.phase)]
    table_rows = []
    for (group, label), cells in frame.groupby(["group", "group_label"], sort=False):
        row = {t("enterprise.breakdown.group"): label}
        for cell in cells.itertuples():
            row[phases[cell.phase]] = cell.count_shown if cell.count_hidden else num(int(cell.count))
        total = disclosed.category_totals.get((group,), "")
        row[t("enterprise.breakdown.total")] = num(total) if isinstance(total, int) else total
        table_rows.append(row)
    table = pd.DataFrame(table_rows, columns=[t("enterprise.breakdown.group"), *[phases[p] for p in shown_phases],
                                              t("enterprise.breakdown.total")])
    chart = frame.loc[~frame.count_hidden & (frame["count"].fillna(0) > 0),
                      ["group_label", "phase", "phase_label", "phase_order", "count"]]
    return chart.reset_index(drop=True), table


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
