"""The duty registers of plan §35 as the pages show them: a unit's control measures, its response at
each warning level beside the plan's ratio, and its execution reports with their status.

`Duties.of(ctx, data)` works out the statuses and totals once per build; the unit pages
(enterprises.py), the level lists and the reports page (enterprise_registers.py) read from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator.enterprises.duties import report_status, response_totals
from generator.enterprises.importer import EnterpriseData
from generator.enterprises.responses import LEVELS
from generator.enterprises.vocabulary import pollutants
from generator.pages.enterprises.tables import day_text
from generator.site.context import BuildContext
from generator.statistics import figures

REPORTS_URL = "enterprises/reports/"


def response_url(level: str) -> str:
    """The units with measures at one warning level (linked from a notice and the home page)."""
    return f"enterprises/response/{level}/"


def response_links() -> list[dict]:
    """The lists of emergency cuts per warning level, by colour (a name: translated on the page)."""
    return [{"colour": colour, "url": response_url(level)} for level, colour in LEVELS.items()]


def level_title(level: str) -> str:
    return f"{LEVELS[level]}预警应急减排措施"


def percent_text(value) -> str:
    """A percentage as editors wrote it, to at most one decimal: 40 -> '40%', 35.5 -> '35.5%'."""
    return "—" if figures.is_missing(value) else f"{figures.rounded(float(value), 'share_percent'):g}%"


def shortfall_text(cut, plan, shortfall) -> str:
    """The unit's cut beside the plan's ratio, and the gap said in words."""
    if figures.is_missing(plan):
        return "应急预案未配置该级别的减排比例"
    if figures.is_missing(cut):
        return f"未列入该级别减排措施（预案要求不低于 {percent_text(plan)}）"
    if shortfall > 0:
        gap = percent_text(shortfall).rstrip("%")
        return f"低于预案要求的 {percent_text(plan)}，差 {gap} 个百分点"
    return f"达到预案要求的 {percent_text(plan)}"


@dataclass(frozen=True)
class Duties:
    measures: pd.DataFrame
    responses: pd.DataFrame
    totals: pd.DataFrame  # duties.response_totals: one row per unit and level
    reports: pd.DataFrame  # duties.report_status: the reports with their status

    @classmethod
    def of(cls, ctx: BuildContext, data: EnterpriseData) -> Duties:
        ratios = ctx.config.warnings.get("reduction_ratio", {})
        return cls(
            data.measures,
            data.responses,
            response_totals(data.responses, data.enterprises, ratios),
            report_status(data.reports, ctx.built_at).sort_values(["due", "credit_code"], kind="stable"),
        )


def measure_rows(measures: pd.DataFrame) -> list[dict]:
    names = {c: p.name for c, p in pollutants().items()}
    return [
        {
            "facility": m.facility,
            "pollutant": names[m.pollutant],
            "technique": m.technique,
            "note": m.note,
            "listed": bool(m.listed),
            "since": day_text(m.since),
            "efficiency": percent_text(m.efficiency),
        }
        for m in measures.itertuples(index=False)
    ]


def level_rows(duties: Duties, code: str) -> list[dict]:
    """The unit's response at each warning level, its cuts beside the plan's ratio."""
    responses = duties.responses[duties.responses["credit_code"] == code]
    totals = duties.totals[duties.totals["credit_code"] == code].set_index("level")
    rows = []
    for level in LEVELS:
        t = totals.loc[level]
        rows.append(
            {
                "level": level,
                "title": level_title(level),
                "url": response_url(level),
                "measures": [
                    {"measure": r.measure, "cut": percent_text(r.cut), "stopped": r.stopped}
                    for r in responses[responses["level"] == level].itertuples(index=False)
                ],
                "total": percent_text(t["cut"]),
                "verdict": shortfall_text(t["cut"], t["plan"], t["shortfall"]),
                "short": bool(t["shortfall"] > 0),
            }
        )
    return rows


def report_rows(reports: pd.DataFrame) -> list[dict]:
    return [
        {
            "name": r.name,
            "code": r.credit_code,
            "permit_no": r.permit_no,
            "frequency": r.frequency,
            "period": r.period_label,
            "due": day_text(r.due),
            "submitted": day_text(r.submitted),
            "status": r.status,
            "status_text": r.status_text,
            "days_late": None if pd.isna(r.days_late) else int(r.days_late),
            "link": r.link,
        }
        for r in reports.itertuples(index=False)
    ]


def unit_duties(duties: Duties, code: str) -> dict:
    """The three sections a unit's page adds."""
    reports = duties.reports[duties.reports["credit_code"] == code].sort_values("due", ascending=False)
    return {
        "measures": measure_rows(duties.measures[duties.measures["credit_code"] == code]),
        "levels": level_rows(duties, code),
        "reports": report_rows(reports),
        "permits": sorted(set(reports["permit_no"])),
        "reports_url": REPORTS_URL,
    }
