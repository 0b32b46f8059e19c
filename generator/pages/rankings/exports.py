"""Machine-readable rankings: a CSV and a JSON beside every week page, and the Atom feed.

Same inputs, same bytes: numbers are rounded as published, timestamps come from the week (a
ranking is "published" at 08:30 Beijing time on the Monday after its week, the publish job's
schedule), never from the clock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import numpy as np
import pandas as pd

from generator import i18n
from generator.clock import BEIJING
from generator.formats import csv_download
from generator.formats.atom import atom_feed
from generator.i18n import N_, _
from generator.pages.shared.ranking_model import FEED_TITLE
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
    out["rank_tied"] = _flag(out["rank_tied"])
    for column in ("prev_rank_comparable", "yoy_rank_comparable"):
        if column in present:
            out[column] = _flag(out[column])
    return out


def _flag(column: pd.Series) -> pd.Series:
    """A yes/no column, missing = no. Via object: pandas 3 refuses False as a fill value for a
    float column (a column that is all missing, or 1.0/0.0)."""
    return column.astype(object).fillna(False).astype(bool)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The site's CSV download, headed by the column names (documented in methodology/rankings.md)."""
    return csv_download.csv_bytes(frame, {column: column for column in frame.columns})


def json_bytes(
    frame: pd.DataFrame, meta: dict, docs: dict[str, str] | None = None, records: list[dict] | None = None
) -> bytes:
    """The rows with the page's facts (`meta`) and what each column means (`docs`, default the
    weekly columns). `records`: the frame's rows as JSON already (from split_exports)."""
    if records is None:
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
    docs = docs or {c: WEEKLY_COLUMNS[c] for c in EXPORT_COLUMNS}
    document = {**meta, "columns": {c: docs[c] for c in frame.columns}, "rows": records}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Export:
    """One ranking's rows of an export frame: the rows, the CSV file and, when already at hand, the
    rows as JSON records."""

    rows: pd.DataFrame
    csv: bytes
    records: list[dict] | None = None


def split_exports(frame: pd.DataFrame, by: str) -> dict[str, Export]:
    """The export of each `by` value (export_frame keeps each period's rows together), written
    for all periods at once and split at the rows: the same bytes as csv_bytes and json_bytes of
    each period's rows, without a to_csv and a to_json per period. A field holding a line break
    would split a CSV row, so then each period is written on its own."""
    keys = frame[by].to_numpy()
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.array([], dtype=int)
    ends = np.r_[starts[1:], len(keys)]
    end = csv_download.LINE_END
    lines = csv_bytes(frame).decode("utf-8").removeprefix("\ufeff").split(end)
    records = json.loads(frame.to_json(orient="records", force_ascii=False))
    whole = len(lines) == len(frame) + 2 and len(set(keys[starts])) == len(starts)
    out = {}
    for start, stop in zip(starts, ends, strict=True):
        rows = frame.iloc[start:stop]
        text = end.join([lines[0], *lines[1 + start : 1 + stop], ""]) if whole else None
        csv = ("\ufeff" + text).encode("utf-8") if whole else csv_bytes(rows)
        out[keys[start]] = Export(rows, csv, records[start:stop])
    return out


def write_exports(
    ctx, stem: str, export: Export, model: dict, names: dict, span, *, method=None, docs=None
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
    ctx.out.write_bytes(f"{stem}.csv", export.csv)
    ctx.out.write_bytes(f"{stem}.json", json_bytes(export.rows, meta, docs, export.records))


FEED_SUBTITLE = N_(
    "每周公布各县、区环境空气质量周排名（连政发〔2019〕10号 第三十五条）；"
    "每月公布当月排名和年初至今累计排名（国家月排名方法）"
)


def feed_bytes(site: dict, entries: list[dict]) -> bytes:
    """Atom feed: one entry per weekly, monthly and year-to-date ranking (`entries` newest first),
    timestamps from the periods."""
    # The edition's own pages: the English feed links to /en/… (the Chinese one as before).
    site_url = site["url"].rstrip("/") + "/" + i18n.edition_prefix()
    return atom_feed(
        site_url=site_url,
        page="rankings/",
        feed="rankings/feed.xml",
        title=_("%(site)s：%(feed)s", site=i18n.name(site["short_name"]), feed=_(FEED_TITLE)),
        subtitle=_(FEED_SUBTITLE),
        publisher=site["publisher"],
        entries=entries,
        updated_when_empty=datetime(2000, 1, 1, tzinfo=BEIJING),
    )
