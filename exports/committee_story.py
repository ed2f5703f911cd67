"""The committee's story: one set of sections (the project at a glance, progress, IPTT, the three components,
budget, timeline, decisions) assembled once from the pages' own queries and chart builders, for the deck,
the report and presentation mode alike. Aggregates only: no name, phone or participant code; small counts of
people go through `disclosed`, the one call to the disclosure layer."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

import altair as alt
import pandas as pd
from sqlalchemy.orm import Session

from components import pipeline_figures, progress_labels
from components.budget_charts import cumulative_chart
from components.charts import progress_chart
from components.cohort_charts import funnel_chart
from components.committee_timeline import dated, workplan_gantt
from components.enterprise_charts import money_chart
from components.i18n import current_language, day, language, money, num, pct, t, wording
from components.iptt_charts import lop_met_chart
from components.stakeholder_charts import events_timeline_chart
from components.stakeholder_labels import event_type_labels
from db.audit import data_version
from db.models import CommitteeMeeting
from db.queries import budget as budget_queries
from db.queries.business_plans import pipeline_money, reached_counts, status_counts
from db.queries.cohorts import funnel_summary
from db.queries.committee import decisions, decisions_to_review, meetings
from db.queries.iptt import iptt
from db.queries.overview import HEADLINE_MEASURES, ProjectCard, headline_targets, headlines, project_card
from db.queries.stakeholders import capacity_summary, event_list
from db.queries.timeline import activities, known_on, milestones
from domain.budget import burn, cumulative, line_variance, quarters_between
from domain.capacity_building import PENDING_STATUSES
from domain.pipeline import money_steps, stage_counts
from domain.progress import progress_bars, share_of, time_elapsed_share
from exports.iptt import iptt_rows

SECTIONS = ("at_glance", "progress", "iptt", "vocational", "enterprise", "capacity", "budget", "timeline",
            "decisions")


def count_shown(count: int) -> str:
    """A count without a personal breakdown (women per stage, plans by stage), formatted: domain.md shows
    these to a committee as they are (the disclosure layer hides counts broken down by who people are)."""
    return num(count)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: str


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: tuple[Figure, ...] = ()
    lines: tuple[str, ...] = ()
    table: Table | None = None
    chart: alt.Chart | None = None
    source: str = ""  # speaker note: where each figure comes from


@dataclass
class Story:
    """What the committee is shown on `as_of`, in `lang`, read at data version `version`."""

    lang: str
    as_of: date
    version: int
    code: str
    title: str
    subtitle: str
    illustrative: str  # the demo data's mark, empty for real data
    footnote: str      # as-of date and data version, under every figure
    sections: list[Section] = field(default_factory=list)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @cached_property
    def images(self) -> dict[str, bytes]:
        """Every section's chart as PNG, rendered once from the same Altair spec the pages show."""
        import vl_convert as vlc

        # Streamlit sends chart data through Arrow; a file goes through JSON, where dates are ISO strings.
        locale = "fr-FR" if self.lang == "fr" else "en-US"
        return {s.key: vlc.vegalite_to_png(json.dumps(s.chart.to_dict(), default=str), scale=1.6, format_locale=locale,
                                           time_format_locale=locale)
                for s in self.sections if s.chart is not None}


def build_story(session: Session, *, lang: str, as_of: date | None = None, meeting_id: int | None = None) -> Story:
    """The story for a meeting (cut at its data cut-off date, reviewing its earlier decisions) or an as-of date."""
    card = project_card(session)
    if card is None:
        raise ValueError("no project loaded")
    meeting = session.get(CommitteeMeeting, meeting_id) if meeting_id is not None else None
    if meeting_id is not None and meeting is None:
        raise ValueError(f"no committee meeting {meeting_id}")
    cut = meeting.cutoff_date if meeting is not None else (as_of or card.end_date)
    cut = min(max(cut, card.start_date), card.end_date)
    with language(lang):
        version = data_version(session)
        subtitle = (t("story.subtitle_meeting", date=day(meeting.held_on), place=meeting.place, cutoff=day(cut))
                    if meeting is not None else t("story.subtitle", date=day(cut)))
        story = Story(lang, cut, version, card.code, card.title, subtitle,
                      t("story.illustrative") if card.is_illustrative else "",
                      t("story.footnote", date=day(cut), version=num(version), code=card.code))
        story.sections = [
            _at_glance(session, card, cut), _progress(session, card, cut), _iptt(session, card, cut),
            _vocational(session, card, cut), _enterprise(session, card, cut), _capacity(session, card, cut),
            _budget(session, card, cut), _timeline(session, card, cut), _decisions(session, card, cut, meeting),
        ]
    return story


def _at_glance(session: Session, card: ProjectCard, cut: date) -> Section:
    figures = headlines(session, project_id=card.id, as_of=cut)
    tiles = [Figure(m, t(f"measure.{m}"), num(figures.measure(m))) for m in HEADLINE_MEASURES]
    tiles.append(Figure("spent_usd", t("overview.spent"), money(figures.spent_usd)))
    lines = (card.title, f"{t('project.code')} {card.code} · {t('project.prima_id')} {card.prima_id}",
             f"{t('project.period')} {day(card.start_date)} – {day(card.end_date)}",
             f"{t('project.budget')} {money(card.budget_usd)} · {card.fund}")
    return Section("at_glance", t("story.at_glance"), tuple(tiles), lines, source=t("story.source.at_glance"))


def _progress(session: Session, card: ProjectCard, cut: date) -> Section:
    figures = headlines(session, project_id=card.id, as_of=cut)
    bars = progress_bars(start=card.start_date, end=card.end_date, as_of=cut, spent=figures.spent_usd,
                         budget=card.budget_usd, actuals={m: figures.measure(m) for m in HEADLINE_MEASURES},
                         targets=headline_targets(session, project_id=card.id))
    frame = pd.DataFrame([{"label": t(b.key), "kind": b.kind, "kind_label": t(f"progress.kind.{b.kind}"),
                           "share": b.share, "detail": ""} for b in bars])
    chart = progress_chart(frame, title=t("progress.title", date=day(cut)), share_title=t("progress.share"),
                           kind_title=t("progress.kind"))
    tiles = (Figure("time_elapsed", t("budget.time_elapsed"),
                    pct(time_elapsed_share(card.start_date, card.end_date, cut))),
             Figure("budget_spent", t("progress.budget_spent"), pct(share_of(figures.spent_usd, card.budget_usd))))
    return Section("progress", t("story.progress"), tiles, chart=chart, source=t("story.source.progress"))


def iptt_cell(value: object, part: str) -> str:
    """An IPTT cell as the IPTT page prints it."""
    if value is None or value == "":
        return ""
    if part == "met":
        return f"{float(value) * 100:.0f} %"
    if isinstance(value, float):
        return num(value, 0 if value == int(value) else 1)
    return str(value)


def iptt_summary(lines: list, lang: str = "en") -> list[dict]:
    """The IPTT's indicator rows with their life-of-project cells, as the IPTT page computes them."""
    vocabulary = progress_labels.words()
    rows = iptt_rows(lines, [], words=lambda kind, value: vocabulary[kind].get(value, value), suppress=True,
                     lang=lang)
    return [r for r in rows if r["row"] == "indicator"]


def _iptt(session: Session, card: ProjectCard, cut: date) -> Section:
    lang = current_language()
    lines = iptt(session, project_id=card.id, as_of=cut)
    rows = iptt_summary(lines, lang)
    columns = (t("iptt.col.code"), t("iptt.col.indicator"), t("story.lop_target"), t("story.lop_actual"),
               t("iptt.col.met"), t("iptt.status"))
    table = Table(columns, tuple((r["code"], r["indicator"], iptt_cell(r.get("lop.target"), "target"),
                                  iptt_cell(r.get("lop.actual"), "actual"), iptt_cell(r.get("lop.met"), "met"),
                                  r["status"]) for r in rows))
    statuses = progress_labels.statuses()
    chart_rows = pd.DataFrame([{"label": f"{line.code} · {line.name_in(lang)}", "met": line.row.lop.met,
                                "status": line.row.status, "status_label": statuses[line.row.status]}
                               for line in lines])
    chart = None if chart_rows.empty else lop_met_chart(
        chart_rows, title=t("iptt.chart_title", date=day(cut)), share_title=t("iptt.lop_met"),
        status_title=t("iptt.status"))
    return Section("iptt", t("story.iptt"), table=table, chart=chart, source=t("story.source.iptt"))


def _vocational(session: Session, card: ProjectCard, cut: date) -> Section:
    summary = funnel_summary(session, project_id=card.id, as_of=cut)
    labels = {s.key: t(f"story.stage.{s.key}") for s in summary.stages}
    tiles = tuple(Figure(s.key, labels[s.key], count_shown(s.count)) for s in summary.stages)
    tiles += (Figure("attendance", t("progress_cohorts.tile.attendance"), pct(summary.attendance_rate)),)
    frame = pd.DataFrame([{"stage": s.key, "label": labels[s.key],
                           "count": s.count,
                           "shown": count_shown(s.count)} for s in summary.stages])
    chart = None if not summary.stages[0].count else funnel_chart(
        frame, title=t("progress_cohorts.funnel_title"), count_title=t("progress_cohorts.people"))
    return Section("vocational", t("story.vocational"), tiles, chart=chart, source=t("story.source.vocational"))


def _enterprise(session: Session, card: ProjectCard, cut: date) -> Section:
    counts = stage_counts(status_counts(session, project_id=card.id, as_of=cut))
    reached = reached_counts(session, project_id=card.id, as_of=cut)
    paid = pipeline_money(session, project_id=card.id, as_of=cut)
    tiles = (Figure("plans", t("enterprise.tile.plans"), count_shown(sum(counts.values()))),
             Figure("approved", t("enterprise.tile.approved"), count_shown(reached.get("approved", 0))),
             Figure("launched", t("enterprise.tile.launched"), count_shown(reached.get("launched", 0))),
             Figure("operating", t("enterprise.tile.operating"),
                    count_shown(counts.get("launched", 0) + counts.get("operating_6m", 0))),
             Figure("disbursed", t("enterprise.tile.disbursed"), money(paid.disbursed_usd)))
    # Money, not plans by stage: on the demo data every stage is a count the viewers' page hides.
    steps = money_steps(requested_usd=paid.requested_usd, approved_usd=paid.approved_usd,
                        disbursed_usd=paid.disbursed_usd, budget_usd=paid.budget_usd)
    chart = None if not sum(counts.values()) else money_chart(
        pipeline_figures.money_frame(steps), title=t("enterprise.chart.money"), usd_title=t("enterprise.chart.usd"))
    return Section("enterprise", t("story.enterprise"), tiles, chart=chart, source=t("story.source.enterprise"))


def _capacity(session: Session, card: ProjectCard, cut: date) -> Section:
    summary = capacity_summary(session, project_id=card.id, as_of=cut)
    tiles = (Figure("events", t("capacity.events"), num(summary.events)),
             Figure("participants", t("capacity.participants"), num(summary.participants)),
             Figure("officials_trained", t("measure.officials_trained"), num(summary.officials_trained)),
             Figure("pending", t("capacity.pending"), num(summary.pending_action_points)))
    events = event_list(session, project_id=card.id, as_of=cut)
    chart = None if events.empty else events_timeline_chart(
        events, period=(card.start_date, card.end_date),
        type_labels=event_type_labels(), title=t("capacity.chart.timeline"), date_title=t("capacity.date"),
        type_title=t("capacity.event_type"), participants_title=t("capacity.participants"),
        event_title=t("capacity.event"))
    return Section("capacity", t("story.capacity"), tiles, chart=chart, source=t("story.source.capacity"))


def _budget(session: Session, card: ProjectCard, cut: date) -> Section:
    lines = budget_queries.lines(session, project_id=card.id, as_of=cut)
    spent = sum(lines["spent_usd"], Decimal(0))
    rate = burn(spent, card.budget_usd, card.start_date, card.end_date, cut)
    tiles = (Figure("spent", t("budget.spent"), money(spent)),
             Figure("share_spent", t("progress.budget_spent"), pct(share_of(spent, card.budget_usd))),
             Figure("burn_rate", t("budget.burn_rate"), "–" if rate is None else num(rate, 2)))
    rows = []
    for r in lines.itertuples():
        v = line_variance(r.code, r.amount_usd, r.planned_to_date, r.spent_usd)
        rows.append((f"{r.code} · {wording(r.name, r.name_fr)}", _unbroken(money(r.amount_usd)),
                     _unbroken(money(r.planned_to_date)),
                     _unbroken(money(r.spent_usd)), _unbroken(money(v.variance)), pct(v.share_spent)))
    table = Table((t("budget.col.line"), t("budget.col.budget"), t("budget.col.planned_to_date"),
                   t("budget.col.spent"), t("budget.col.variance"), t("budget.col.share_spent")), tuple(rows))
    frame = budget_queries.by_quarter(session, project_id=card.id, as_of=cut)
    quarters = quarters_between(card.start_date, card.end_date)
    planned = cumulative(dict(zip(frame["quarter"], frame["planned"])), quarters)
    paid = cumulative(dict(zip(frame["quarter"], frame["spent"])), [q for q in quarters if q <= cut])
    curve = pd.DataFrame(
        [{"quarter": q, "series": t("budget.series.planned"), "usd": float(v)} for q, v in zip(quarters, planned)]
        + [{"quarter": q, "series": t("budget.series.spent"), "usd": float(v)} for q, v in zip(quarters, paid)])
    chart = cumulative_chart(curve, as_of=cut, title=t("budget.curve_title"), x_title=t("budget.quarter"),
                             y_title=t("budget.usd"), series_title=t("budget.series"))
    return Section("budget", t("story.budget"), tiles, table=table, chart=chart, source=t("story.source.budget"))


def _unbroken(text: str) -> str:
    """An amount in a narrow table column stays on one line ('44 000 $US', not '44 000' above '$US')."""
    return text.replace(" ", "\u00a0")


def _timeline(session: Session, card: ProjectCard, cut: date) -> Section:
    plan = known_on(activities(session, project_id=card.id), ("actual_start", "actual_end"), cut)
    marks = known_on(milestones(session, project_id=card.id), ("done_on",), cut)
    plan, marks = dated(plan, marks, cut)
    held = meetings(session, project_id=card.id, as_of=cut)
    tiles = (Figure("slipped", t("timeline.slipped"), num(int((plan["slip"] > 0).sum()) if not plan.empty else 0)),
             Figure("late", t("timeline.milestone.late"), num(int((marks["state"] == "late").sum()))),
             Figure("meetings", t("story.meetings_held"), num(len(held))))
    chart = None if plan.empty else workplan_gantt(plan, marks, held, cut)
    return Section("timeline", t("story.timeline"), tiles, chart=chart, source=t("story.source.timeline"))


def _decisions(session: Session, card: ProjectCard, cut: date, meeting: CommitteeMeeting | None) -> Section:
    if meeting is not None:
        frame = decisions_to_review(session, project_id=card.id, meeting_id=meeting.id)
    else:
        frame = decisions(session, project_id=card.id, as_of=cut)
        frame = frame[frame["status"].isin(PENDING_STATUSES)]
    statuses = {s: t(f"committee.status.{s}") for s in ("open", "in_progress", "done", "dropped")}
    rows = tuple((day(r.meeting_date), r.text, r.owner, day(r.due_date), statuses[r.status],
                  t("story.overdue") if r.overdue else "") for r in frame.itertuples())
    table = Table((t("committee.meeting"), t("committee.decision"), t("committee.owner"), t("committee.due_date"),
                   t("committee.status"), t("story.overdue")), rows)
    tiles = (Figure("to_review", t("story.to_review"), num(len(frame))),
             Figure("overdue", t("story.overdue"), num(int(frame["overdue"].sum()) if len(frame) else 0)))
    lines = () if rows else (t("committee.nothing_to_review"),)
    return Section("decisions", t("story.decisions"), tiles, lines, table=table, source=t("story.source.decisions"))
