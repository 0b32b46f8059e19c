"""Pieces of Altair charts that several pages draw the same way: daily AQI bars in the official
colours, a rank axis, a monthly axis, a dashed cap line.

Each returns the Altair object its callers used to write out, so the Vega-Lite specs (and the
content-hashed chart render cache) stay the same.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from generator import i18n
from generator.i18n import N_, _
from generator.pages.shared.pollutant_words import primary_words
from generator.standards.rules import rules_for

# The data table's headers (the charts builder prints them in the edition's language).
DAILY_AQI_COLUMNS = {
    "date": N_("日期"),
    "aqi": N_("日 AQI"),
    "category": N_("级别"),
    "primary": N_("首要污染物"),
}


def daily_aqi_data(daily: pd.DataFrame) -> pd.DataFrame:
    """date (text), aqi, category, primary ('—' where none) of daily AQI rows."""
    return pd.DataFrame(
        {
            "date": daily["date"].dt.strftime("%Y-%m-%d").to_numpy(),
            "aqi": daily["aqi"].to_numpy(),
            "category": daily["category"].map(i18n.name, na_action="ignore").to_numpy(),
            # In words (臭氧（8小时）), as every page says it, never the engine's code (O3_8h).
            "primary": daily["primary"]
            .map(primary_words, na_action="ignore")
            .map(i18n.name, na_action="ignore")
            .fillna("—")
            .to_numpy(),
        }
    )


def level_colour(legend: alt.Legend = alt.Undefined) -> alt.Color:
    """The `category` field in the official HJ 633 level colours (the same in both versions); the
    legend where Vega-Lite places it unless one is given."""
    levels = rules_for("2026").levels
    # The level names as the edition prints them in the data (daily_aqi_data).
    names = [i18n.name(lv.category) for lv in levels]
    palette = alt.Scale(domain=names, range=[lv.colour_hex for lv in levels])
    return alt.Color("category:N", title=_("空气质量级别"), scale=palette, legend=legend)


def daily_aqi_bars(data: pd.DataFrame, legend: alt.Legend = alt.Undefined) -> alt.Chart:
    """Daily AQI as bars in the official level colours."""
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("date:T", title=_("日期")),
            y=alt.Y("aqi:Q", title=_("日 AQI")),
            color=level_colour(legend),
            tooltip=[
                alt.Tooltip("date:T", title=_("日期")),
                alt.Tooltip("aqi:Q", title="AQI"),
                alt.Tooltip("category:N", title=_("级别")),
                alt.Tooltip("primary:N", title=_("首要污染物")),
            ],
        )
        .properties(width=600, height=240)
    )


def rank_axis(n_max: int) -> alt.Y:
    """Composite rank on the y axis: rank 1 on top, whole ranks 1 to `n_max` only."""
    return alt.Y(
        "rank:Q",
        title=_("综合指数排名"),
        scale=alt.Scale(reverse=True, domain=[1, n_max]),
        axis=alt.Axis(values=list(range(1, n_max + 1)), format="d"),
    )


def month_axis() -> alt.X:
    """Months (YYYY-MM text) along the x axis, labels slanted."""
    return alt.X("month:O", title=_("月份"), axis=alt.Axis(labelAngle=-45))


def cap_rule(cap: float, colour: str) -> alt.Chart:
    """A dashed horizontal line at a cap (the dust-fall limit)."""
    line = alt.Chart(pd.DataFrame({"cap": [cap]})).mark_rule(color=colour, strokeDash=[6, 4])
    return line.encode(y="cap:Q")
