"""Heavy-pollution warning level from a daily AQI series (forecast or observed).

Two grading rules (tables/warnings.csv, one row per alternative condition of a level):
- "2018": 环办大气函〔2018〕875号; "2024": 环大气〔2024〕6号 (as used by Jiangsu, 苏政办函〔2025〕38号).
A condition is "AQI <op> threshold on at least `min_days` consecutive days", optionally "and,
within those days, AQI <also_op> also_threshold on at least `also_min_days` consecutive days".
Alternatives of one level are joined by "or". Levels are tried from red down: a level applies only
when no higher level's conditions hold. Missing days break a run. Under the 2024 rules a
"control" row marks the sub-yellow condition (temporary measures, no warning); it is reported in
the explanation, never as a warning level.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from generator import i18n
from generator.i18n import _
from generator.i18n.dates import short_day_text
from generator.standards.rules import _table

LEVELS = ("red", "orange", "yellow")
LEVEL_ZH = {"red": "红色", "orange": "橙色", "yellow": "黄色", "none": "无", "control": "临时管控"}
_OPS = {">": operator.gt, ">=": operator.ge}
_OP_TEXT = {">": ">", ">=": "≥"}


@dataclass(frozen=True)
class WarningAssessment:
    level: str  # "none", "yellow", "orange" or "red"
    rules: str  # "2018" or "2024"
    document: str  # the grading document
    explanation: str  # plain words (the language being rendered): which condition held, on which days
    days: tuple[pd.Timestamp, ...]  # the days of the run that met the condition
    control: bool = False  # 2024 sub-yellow condition met (temporary measures)

    @property
    def level_zh(self) -> str:
        return LEVEL_ZH[self.level]


def warning_criteria(rules: str | None = None) -> pd.DataFrame:
    """The grading conditions as a frame (all rule sets, or one)."""
    frame = pd.DataFrame(_table("warnings.csv"))
    for column in ("threshold", "min_days", "also_threshold", "also_min_days"):
        frame[column] = pd.to_numeric(frame[column].replace("", np.nan))
    if rules is not None:
        frame = frame[frame["rules"] == rules]
        if frame.empty:
            raise KeyError(f"unknown warning rules '{rules}'; known: 2018, 2024")
    return frame.reset_index(drop=True)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) index pairs, end exclusive, of the runs of True."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True))


def _day(d: pd.Timestamp) -> str:
    return short_day_text(d.date())


def _span(dates: pd.DatetimeIndex) -> str:
    if len(dates) == 1:
        return _day(dates[0])
    return _("%(start)s至%(end)s", start=_day(dates[0]), end=_day(dates[-1]))


def _condition_text(row) -> str:
    text = f"AQI{_OP_TEXT[row.op]}{int(row.threshold)}"
    text += "" if row.min_days == 1 else _("持续%(days)s天及以上", days=int(row.min_days))
    if not np.isnan(row.also_threshold):
        text += _("且其中AQI%(op)s%(threshold)s", op=_OP_TEXT[row.also_op], threshold=int(row.also_threshold))
        text += "" if row.also_min_days == 1 else _("持续%(days)s天及以上", days=int(row.also_min_days))
        text += "" if row.also_min_days != 1 else _("至少1天")
    return text


def _run_text(dates: pd.DatetimeIndex, op: str, threshold: float) -> str:
    """1月12日至1月14日共3天AQI>200 / 12 January to 14 January: 3 days with AQI>200."""
    return i18n.ngettext(
        "%(span)s共%(num)s天AQI%(op)s%(threshold)s",
        "%(span)s共%(num)s天AQI%(op)s%(threshold)s",
        len(dates),
        span=_span(dates),
        op=_OP_TEXT[op],
        threshold=int(threshold),
    )


def _match(values: np.ndarray, dates: pd.DatetimeIndex, row) -> str | None:
    """Explanation of the first run meeting one condition row, or None."""
    with np.errstate(invalid="ignore"):
        mask = _OPS[row.op](values, row.threshold)
    for lo, hi in _runs(mask):
        if hi - lo < row.min_days:
            continue
        text = _run_text(dates[lo:hi], row.op, row.threshold)
        if np.isnan(row.also_threshold):
            return text, (lo, hi)
        with np.errstate(invalid="ignore"):
            inner = _OPS[row.also_op](values[lo:hi], row.also_threshold)
        for a, b in _runs(inner):
            if b - a >= row.also_min_days:
                inner_dates = dates[lo + a : lo + b]
                inner = _run_text(inner_dates, row.also_op, row.also_threshold)
                return _("%(text)s，其中%(inner)s", text=text, inner=inner), (lo, hi)
    return None


def _rows_by_level(table: pd.DataFrame) -> tuple[str, dict[str, tuple]]:
    """The grading document and each level's condition rows (warning levels, then "control")."""
    rows = {level: tuple(table[table["level"] == level].itertuples()) for level in (*LEVELS, "control")}
    return table["document"].iloc[0], rows


@functools.cache
def _standard_rows(rules: str) -> tuple[str, dict[str, tuple]]:
    # The tables are read once per rule set: a build grades hundreds of forecast series.
    return _rows_by_level(warning_criteria(rules))


def _passes_a_threshold(values: np.ndarray, rows: dict[str, tuple]) -> bool:
    """Whether some day passes the AQI threshold of some condition (warning levels and control)."""
    with np.errstate(invalid="ignore"):
        return any(_OPS[row.op](values, row.threshold).any() for level in rows.values() for row in level)


def _below_yellow(document: str, rows: dict[str, tuple]) -> str:
    yellow = _("；或").join(_condition_text(r) for r in rows["yellow"])
    return _(
        "按%(document)s：未达到黄色预警条件（%(conditions)s）。",
        document=i18n.name(document),
        conditions=yellow,
    )


def assess_warning(
    aqi: pd.Series, rules: str = "2024", criteria: pd.DataFrame | None = None
) -> WarningAssessment:
    """Warning level of a daily AQI series (index: dates; gaps count as missing days)."""
    if criteria is None:
        document, rows = _standard_rows(rules)
    else:
        document, rows = _rows_by_level(criteria[criteria["rules"] == rules])
    series = pd.Series(aqi, dtype=float)
    if series.empty:
        return WarningAssessment("none", rules, "", _("没有AQI数据，无法评估预警级别。"), ())
    if not _passes_a_threshold(series.to_numpy(), rows):
        # Every condition needs a run of days past its threshold (missing days pass none), so
        # without one such day none holds: most series are answered without laying out the calendar.
        return WarningAssessment("none", rules, document, _below_yellow(document, rows), ())
    series.index = pd.DatetimeIndex(series.index).normalize()
    series = series.sort_index()
    full = pd.date_range(series.index[0], series.index[-1], freq="D")
    series = series.reindex(full)
    values, dates = series.to_numpy(), series.index
    for level in LEVELS:
        for row in rows[level]:
            found = _match(values, dates, row)
            if found:
                text, (lo, hi) = found
                return WarningAssessment(
                    level,
                    rules,
                    document,
                    _(
                        "按%(document)s：%(text)s，满足%(level)s预警条件（%(condition)s）。",
                        document=i18n.name(document),
                        text=text,
                        level=i18n.name(LEVEL_ZH[level]),
                        condition=_condition_text(row),
                    ),
                    tuple(dates[lo:hi]),
                )
    explanation = _below_yellow(document, rows)
    for row in rows["control"]:
        found = _match(values, dates, row)
        if found:
            text, (lo, hi) = found
            explanation += _(
                "但%(text)s，达到黄色以下的临时管控条件（%(condition)s），不发布预警。",
                text=text,
                condition=_condition_text(row),
            )
            return WarningAssessment("none", rules, document, explanation, tuple(dates[lo:hi]), control=True)
    return WarningAssessment("none", rules, document, explanation, ())
