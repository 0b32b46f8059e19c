"""Machine-readable rankings: a CSV and a JSON beside every week page, and the Atom feed.

Same inputs, same bytes: numbers are rounded as published, timestamps come from the week (a
ranking is "published" at 08:30 Beijing time on the Monday after its week, the publish job's
schedule), never from the clock.
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

import pandas as pd

from generator.formats import csv_download
from generator.formats.atom import atom_feed
from generator.site.context import BEIJING
from generator.statistics import WEEKLY_COLUMNS, WeekInfo, figures

# Columns of the CSV/JSON, in order (documented in WEEKLY_COLUMNS and methodology/rankings.md).
EXPORT_COLUMNS = [
    "week",
    "group",
    "name",
    "rules",
    "composite_rules",
    "ranked",
    "reason",
    "rank",
    "rank_tied",
    "composite",
    "i_pm25",
    "i_pm10",
    "i_o3",
    "i_no2",
    "i_so2",
    "i_co",
    "pm25",
    "pm10",
    "o3_8h_p90",
    "no2",
    "so2",
    "co_p95",
    "rank_pm25",
    "rank_good",
    "aqi_days",
    "good_days",
    "good_ratio",
    "level_1",
    "level_2",
    "level_3",
    "level_4",
    "level_5",
    "level_6",
    "primary",
    "valid_days",
    "station_days_valid",
    "station_days_expected",
    "coverage",
    "n_ranked",
    "prev_rank",
    "prev_n_ranked",
    "prev_rank_comparable",
    "prev_composite",
    "prev_rules",
    "change_prev",
    "yoy_week",
    "yoy_rank",
    "yoy_n_ranked",
    "yoy_rank_comparable",
    "yoy_composite",
    "yoy_rules",
    "change_yoy",
    "rank_improvement_yoy",
    "rank_improvement_prev",
]
# Column -> kind of figure (generator.statistics.figures.DECIMALS): rounded exactly as the page prints it.
_FIGURES = {
    "composite": "composite",
    "prev_composite": "composite",
    "yoy_composite": "composite",
    "change_prev": "change_percent",
    "change_yoy": "change_percent",
    **{f"i_{p}": "single_index" for p in ("pm25", "pm10", "o3", "no2", "so2", "co")},
}
# Shares kept as fractions, with the decimals of the percentage the page prints.
_SHARES = {"good_ratio": "share_percent", "coverage": "coverage_percent"}
# Concentration column -> pollutant (decimals of the row's rule version).
_CONCENTRATIONS = {
    "pm25": "pm25",
    "pm10": "pm10",
    "o3_8h_p90": "o3",
    "no2": "no2",
    "so2": "so2",
    "co_p95": "co",
}
_INTEGERS = (
    "rank",
    "rank_pm25",
    "rank_good",
    "prev_rank",
    "yoy_rank",
    "n_ranked",
    "prev_n_ranked",
    "yoy_n_ranked",
    "rank_improvement_yoy",
    "rank_improvement_prev",
    "aqi_days",
    "good_days",
    "valid_days",
    "station_days_valid",
    "station_days_expected",
    *(f"level_{n}" for n in range(1, 7)),
)


def published_at(week: WeekInfo) -> datetime:
    """When a week's ranking counts as published: Monday 08:30 Beijing time after its Sunday."""
    return datetime.combine(week.end + timedelta(days=1), time(8, 30), tzinfo=BEIJING)


def export_frame(rows: pd.DataFrame, columns: list[str] = EXPORT_COLUMNS, by: str = "week") -> pd.DataFrame:
    """Rows of the weekly frame in export order (by week, then rank; unranked last), every figure
    rounded as its page prints it (generator.statistics.figures). Done once for all weeks, then split by week.
    The period rankings (generator/statistics/periods.py) pass their own `columns` and period column `by`."""
    out = rows.sort_values([by, "rank", "name"], na_position="last").reindex(columns=columns)
    present = set(columns)
    for column, kind in _FIGURES.items():
        if column in present:
            out[column] = figures.rounded(out[column], kind)
    for column, kind in _SHARES.items():
        out[column] = figures.rounded_share(pd.to_numeric(out[column], errors="coerce").astype(float), kind)
    version = out["rules"].astype(str).str.split("+").str[-1]  # the rules of the week's last day
    for column, pollutant in _CONCENTRATIONS.items():
        values = pd.to_numeric(out[column], errors="coerce").astype(float)
        for v in version.unique():
            mask = version == v
            values[mask] = figures.rounded(values[mask], figures.concentration_decimals(pollutant, v))
        out[column] = values
    for column in _INTEGERS:
        if column in present:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype("Int64")
    out["ranked"] = out["ranked"].astype(bool)
    out["rank_tied"] = out["rank_tied"].fillna(False).astype(bool)
    for column in ("prev_rank_comparable", "yoy_rank_comparable"):
        if column in present:
            out[column] = out[column].fillna(False).astype(bool)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The site's CSV download, headed by the column names (documented in methodology/rankings.md)."""
    return csv_download.csv_bytes(frame, {column: column for column in frame.columns})


def json_bytes(frame: pd.DataFrame, meta: dict, docs: dict[str, str] | None = None) -> bytes:
    """The rows with the page's facts (`meta`) and what each column means (`docs`, default the
    weekly columns)."""
    records = json.loads(frame.to_json(orient="records", force_ascii=False))
    docs = docs or {c: WEEKLY_COLUMNS[c] for c in EXPORT_COLUMNS}
    document = {**meta, "columns": {c: docs[c] for c in frame.columns}, "rows": records}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_exports(
    ctx, stem: str, export: pd.DataFrame, model: dict, names: dict, span, *, method=None, docs=None
) -> None:
    """The CSV and the JSON of one ranking at `stem`: the JSON says which ranking it is (`names`: the
    week, or the period and its kind), the days it spans (`span`: start and end), the rules, the
    method where the page notes one, the source, and when the data ends."""
    meta = {
        "title": model["title"],
        **names,
        "period_start": span.start.isoformat(),
        "period_end": span.end.isoformat(),
        "rules": model["rules_text"],
        **(method or {}),
        "source": ctx.dataset.source_name,
        "is_sample": ctx.dataset.is_sample,
        "as_of": ctx.as_of.isoformat() if ctx.as_of else None,
        "page": model["week_url"],
    }
    ctx.out.write_bytes(f"{stem}.csv", csv_bytes(export))
    ctx.out.write_bytes(f"{stem}.json", json_bytes(export, meta, docs))


def feed_bytes(site: dict, entries: list[dict]) -> bytes:
    """Atom feed: one entry per ranking (`entries` newest first), timestamps from the periods."""
    return atom_feed(
        site_url=site["url"],
        page="rankings/",
        feed="rankings/feed.xml",
        title=f"{site['short_name']}：县区空气质量周排名",
        subtitle="每周公布各县、区环境空气质量排名（连政发〔2019〕10号 第三十五条）",
        publisher=site["publisher"],
        entries=entries,
        updated_when_empty=datetime(2000, 1, 1, tzinfo=BEIJING),
    )
