"""Station pages: /stations/ (every station of the city with data) and /stations/<code>/.

Each station page gives its name, network (national/provincial), area, its place on the map, the
latest complete day's values, a daily AQI chart in the official colours, its monthly data
completeness and a CSV of its daily values (stations/<code>/daily.csv, listed on /data/).

Figures come from generator.statistics.station_daily (the same daily values the area means are
made of); a station's daily AQI is the engine's daily_aqi of that station alone.
"""

from __future__ import annotations

import re

import pandas as pd

from generator import i18n, statistics
from generator.charts.datasets import register_dataset
from generator.charts.tables import csv_bytes
from generator.i18n import N_, _
from generator.i18n.dates import month_text
from generator.pages.areas.station_charts import (
    station_daily_aqi_chart,
    station_points_chart,
    stations_frame,
    stations_map,
)
from generator.pages.shared.front_matter import SEARCH_HIGH, front_matter
from generator.pages.shared.latest_day import latest_complete_day, primary_words
from generator.pages.shared.ranking_model import rules_label
from generator.standards.aqi import daily_aqi
from generator.standards.assessment import area_daily_values

# A station code becomes a URL path segment: only plain letters and digits do (the archive's codes
# are like 1173A; a code from an input file with anything else gets no page rather than a bad URL).
SAFE_CODE = re.compile(r"^[0-9A-Za-z]{1,16}$")
DAILY_CHART_DAYS = 365
# The daily CSV's headings (translated when the CSV is written: each edition has its own copy).
DAILY_COLUMNS = {
    "date": N_("日期"),
    "pm25": N_("PM2.5（µg/m³）"),
    "pm10": N_("PM10（µg/m³）"),
    "so2": N_("SO2（µg/m³）"),
    "no2": N_("NO2（µg/m³）"),
    "co": N_("CO（mg/m³）"),
    "o3_8h_max": N_("O3 日最大8小时平均（µg/m³）"),
    "aqi": N_("日 AQI"),
    "category": N_("级别"),
    "primary": N_("首要污染物"),
    "rules": N_("规则版本"),
}
VALUE_ROWS = (
    ("pm25", N_("PM2.5 日均浓度"), "µg/m³", 0),
    ("pm10", N_("PM10 日均浓度"), "µg/m³", 0),
    ("o3_8h_max", N_("O3 日最大8小时平均"), "µg/m³", 0),
    ("no2", N_("NO2 日均浓度"), "µg/m³", 0),
    ("so2", N_("SO2 日均浓度"), "µg/m³", 0),
    ("co", N_("CO 日均浓度"), "mg/m³", 1),
)


def station_url(code: str) -> str:
    return f"stations/{code}/"


def _span(dates: pd.Series) -> str:
    """A period of days: 2025-01-01 至 2026-11-22 / 2025-01-01 to 2026-11-22."""
    return _(
        "%(start)s 至 %(end)s", start=dates.min().strftime("%Y-%m-%d"), end=dates.max().strftime("%Y-%m-%d")
    )


def station_aqi_daily(ctx, codes: list[str]) -> pd.DataFrame:
    """Daily values and daily AQI of each station alone (the `area` column holds the code)."""
    daily = statistics.station_daily(ctx)
    daily = daily[daily["station"].isin(codes)]
    return daily_aqi(area_daily_values(daily, {c: (c,) for c in codes})).rename(columns={"area": "station"})


def completeness(daily: pd.DataFrame, hourly_counts: pd.Series) -> list[dict]:
    """Per month of the data's span: days, days with a daily AQI, and the share of hours with PM2.5."""
    month = daily["date"].dt.to_period("M")
    # One grouped pass (iterating the month groups as frames was most of this function's time).
    per = daily["aqi"].notna().groupby(month, sort=True)
    table = pd.DataFrame({"days": per.size(), "aqi_days": per.sum(), "aqi_ratio": per.mean()})
    rows = []
    for m, days, aqi_days, aqi_ratio in zip(
        table.index,
        table["days"].to_numpy(),
        table["aqi_days"].to_numpy(),
        table["aqi_ratio"].to_numpy(),
        strict=True,
    ):
        hours = int(hourly_counts.get(m, 0))
        rows.append(
            {
                "month": month_text(m.start_time.date()),
                "days": int(days),
                "aqi_days": int(aqi_days),
                "aqi_ratio": aqi_ratio,
                "pm25_hours": hours,
                "pm25_hour_ratio": hours / (int(days) * 24),
            }
        )
    return rows


def latest_values(row: pd.Series | None) -> dict | None:
    if row is None or pd.isna(row["aqi"]) and row[[v[0] for v in VALUE_ROWS]].isna().all():
        return None
    return {
        "aqi": None if pd.isna(row["aqi"]) else int(row["aqi"]),
        "level": None if pd.isna(row["aqi"]) else int(row["level"]),
        "category": i18n.name(row["category"]) if not pd.isna(row["aqi"]) else "—",
        "primary": primary_words(row["primary"]) if not pd.isna(row["aqi"]) else "—",
        "values": [
            {
                "label": _(label),
                "unit": unit,
                "value": None if pd.isna(row[key]) else round(float(row[key]), digits),
                "digits": digits,
            }
            for key, label, unit, digits in VALUE_ROWS
        ],
    }


def station_model(ctx, station: dict, stations: pd.DataFrame, daily: pd.DataFrame, hour_counts, day) -> dict:
    code = station["code"]
    by_day = daily.set_index(daily["date"].dt.date)
    latest = latest_values(by_day.loc[day] if day in by_day.index else None)
    versions = sorted(daily.loc[daily["aqi"].notna(), "rules"].astype(str).unique())
    rules = rules_label("+".join(versions)) if versions else "—"
    period = _span(daily["date"]) if not daily.empty else "—"
    recent = daily[daily["date"] > daily["date"].max() - pd.Timedelta(days=DAILY_CHART_DAYS)]
    recent = recent[recent["aqi"].notna()]
    charts = []
    if not recent.empty:
        chart_period = _span(recent["date"])
        charts.append(station_daily_aqi_chart(ctx, station, recent, rules=rules, period=chart_period))
    location = station_points_chart(ctx, stations, highlight=code) if ctx.config.boundaries else None
    csv_url = f"{station_url(code)}daily.csv"
    return {
        **station,
        "area_url": f"areas/{station['area_slug']}/" if isinstance(station["area_slug"], str) else None,
        "day": day,
        "latest": latest,
        "charts": charts,
        "location": location,
        "completeness": completeness(daily, hour_counts),
        "csv_url": csv_url,
        "n_days": len(daily),
        "facts": {"period": period, "rules": rules, "coverage": None},
    }


def daily_csv(daily: pd.DataFrame) -> bytes:
    out = daily.assign(
        date=daily["date"].dt.strftime("%Y-%m-%d"),
        aqi=daily["aqi"].astype("Int64"),
        primary=daily["primary"].fillna(""),
        category=daily["category"].where(daily["aqi"].notna(), "").map(lambda c: i18n.name(c) if c else c),
    )
    for key, _label, _unit, digits in VALUE_ROWS:
        out[key] = out[key].round(digits)
    return csv_bytes(out, {key: _(heading) for key, heading in DAILY_COLUMNS.items()})


def build(ctx) -> None:
    stations = stations_frame(ctx)
    stations = stations[stations["code"].map(lambda c: bool(SAFE_CODE.match(str(c))))]
    ctx.products["station_urls"] = {c: station_url(c) for c in stations["code"]}
    # For the per-area feeds: a station page announces its area's feed.
    ctx.products["station_areas"] = {
        c: a for c, a in zip(stations["code"], stations["area_slug"], strict=True) if isinstance(a, str)
    }
    rows = []
    if not stations.empty:
        codes = list(stations["code"])
        daily_all = station_aqi_daily(ctx, codes)
        by_station = dict(tuple(daily_all.groupby("station")))
        hourly = ctx.dataset.hourly[ctx.dataset.hourly["station"].isin(codes)]
        with_pm25 = hourly[hourly["pm25"].notna()]
        months = with_pm25["time"].dt.tz_localize(None).dt.to_period("M")
        hour_counts = with_pm25.groupby([with_pm25["station"], months]).size()
        day = latest_complete_day(ctx)
        for station in stations.to_dict("records"):
            code = station["code"]
            daily = by_station.get(code, daily_all.iloc[:0]).sort_values("date")
            counts = hour_counts.loc[code] if code in hour_counts.index.get_level_values(0) else pd.Series()
            model = station_model(ctx, station, stations, daily, counts, day)
            ctx.out.write_bytes(model["csv_url"], daily_csv(daily))
            register_dataset(
                ctx,
                f"station-{code.lower()}-daily-csv",
                _("%(station)s（%(code)s）逐日数据", station=station["name"], code=code),
                model["csv_url"],
                "CSV",
                _("单站日均浓度、日 AQI、级别与首要污染物"),
                model["facts"]["period"],
                ctx.as_of,
                group=_("监测站点"),
            )
            ctx.render_page(
                station_url(code),
                "station.md.j2",
                station=model,
                facts=model["facts"],
                front_matter=front_matter(
                    {"title": _("%(station)s（%(code)s）空气质量", station=station["name"], code=code)},
                    search=SEARCH_HIGH,
                ),
            )
            latest = model["latest"]
            rows.append(
                {
                    **station,
                    "url": station_url(code),
                    "aqi": latest["aqi"] if latest else None,
                    "category": latest["category"] if latest else "—",
                    "level": latest["level"] if latest else None,
                }
            )
    ctx.render_page(
        "stations/",
        "stations_index.md.j2",
        stations=rows,
        stations_map=stations_map(ctx),
        day=latest_complete_day(ctx),
        front_matter=front_matter({"title": _("空气质量监测站点")}),
    )
