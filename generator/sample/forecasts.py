"""Sample 7-day forecasts: forecasts/YYYY-MM-DD.csv (one issue a day at 16:00) and the scripted
issues of the January 2026 heavy-pollution episode as YAML.

The daily issues of the last HISTORY_DAYS of the period are made from the sample's own city daily
AQI (the same simulation as air.py, averaged over the city's national stations) with an error that
grows with the lead day, so the published hit rate means something. Forecast days after the
period take the mean of its last week. The episode issues (scenario.EPISODE_FORECASTS) foretell the
2026-01-12..15 episode the way the sample warning register answers it (yellow, then orange).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from generator.config import SiteConfig
from generator.sample import air, scenario
from generator.sample.air_model import Timeline, simulate
from generator.sample.archive_format import rolling_mean
from generator.sources.registers.forecast_rows import HORIZON_DAYS, level_text
from generator.standards.aqi import aqi_levels, daily_aqi
from generator.standards.rules import version_for_date

SUBDIR = Path("forecasts")
STREAM = 0xF0C
HISTORY_DAYS = 42
ISSUE_HOUR = "16:00:00+08:00"
# Areas the sample forecasts for 3 days, with their usual offset from the city (AQI factor).
AREA_FACTORS = (("海州区", 1.06), ("赣榆区", 0.95), ("灌南县", 1.02))
AREA_DAYS = 3
HEADER = "issued_at,area,date,aqi_min,aqi_max,level,primary,text"
# Lead-1 remarks by the upper level of the range.
REMARKS = {
    1: "扩散条件较好",
    2: "扩散条件一般",
    3: "夜间至早晨扩散条件较差，易感人群减少户外活动",
    4: "静稳天气，污染物易累积",
    5: "不利气象条件持续，注意防护",
    6: "不利气象条件持续，注意防护",
}


def city_daily_aqi(seed: int, start: date, end: date, config: SiteConfig) -> pd.DataFrame:
    """The sample's city daily AQI and primary pollutant (date, aqi, primary) from air.py's simulation."""
    codes = air.station_codes(config)
    tl = Timeline(start, end)
    hourly = simulate(tl, codes, np.random.default_rng([seed, air.STREAM]))
    national = [i for i, code in enumerate(codes) if code.endswith("A")]
    n_days = len(tl.days)

    def per_day(values: np.ndarray, how) -> np.ndarray:
        return how(values[:, national].reshape(n_days, 24, -1), axis=1).mean(axis=1)

    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(tl.days),
            **{p: per_day(hourly[p], np.nanmean) for p in ("pm25", "pm10", "so2", "no2", "co")},
            "o3_8h_max": per_day(rolling_mean(hourly["o3"], 8, min_count=6), np.nanmax),
            "o3_1h_max": per_day(hourly["o3"], np.nanmax),
        }
    )
    report = daily_aqi(frame.round({"pm25": 0, "pm10": 0, "so2": 0, "no2": 0, "co": 1, "o3_8h_max": 0}))
    return report.loc[report["date"] >= pd.Timestamp(start), ["date", "aqi", "primary"]].reset_index(
        drop=True
    )


def _round5(x: np.ndarray) -> np.ndarray:
    return (np.round(np.asarray(x) / 5.0) * 5).astype(int)


def _primary(day: date, observed: str | None, level_max: int) -> str:
    if level_max <= 1:
        return ""
    if observed:
        return "、".join(
            dict.fromkeys(p.replace("O3_8h", "O3").replace("O3_1h", "O3") for p in observed.split(","))
        )
    return "O3" if 5 <= day.month <= 9 else "PM2.5"


def _row(issued: str, area: str, day: date, lo: int, hi: int, primary: str, text: str) -> list[str]:
    version = version_for_date(day)
    low, high = (int(x) for x in aqi_levels([lo, hi], version))
    return [
        issued,
        area,
        day.isoformat(),
        str(lo),
        str(hi),
        level_text(low, high, version),
        _primary(day, primary, high),
        text,
    ]


def _daily_issue(
    issue: date, truth: pd.Series, primary: pd.Series, rng: np.random.Generator
) -> list[list[str]]:
    """One day's issue: the city for 7 days, three areas for 3, around the truth with lead-grown error."""
    issued = f"{issue.isoformat()}T{ISSUE_HOUR}"
    fallback = float(truth[truth.index <= pd.Timestamp(issue)].tail(7).mean())
    leads = np.arange(1, HORIZON_DAYS + 1)
    days = [issue + timedelta(days=int(n)) for n in leads]
    true = np.array([truth.get(pd.Timestamp(d), np.nan) for d in days], dtype=float)
    true = np.where(np.isnan(true), fallback, true)
    centre = true * np.exp(rng.normal(0.0, 0.10 + 0.035 * leads))
    half = np.maximum(centre * (0.12 + 0.015 * leads), 10.0)
    lo = np.clip(_round5(centre - half), 10, 480)
    hi = np.clip(_round5(centre + half), lo + 10, 500)
    rows = []
    for i, day in enumerate(days):
        seen = primary.get(pd.Timestamp(day))
        text = REMARKS[int(aqi_levels([hi[i]], version_for_date(day))[0])] if i == 0 else ""
        rows.append(_row(issued, "全市", day, int(lo[i]), int(hi[i]), seen, text))
    for name, factor in AREA_FACTORS:
        for i, day in enumerate(days[:AREA_DAYS]):
            a_lo, a_hi = _round5(lo[i] * factor), _round5(hi[i] * factor)
            rows.append(
                _row(
                    issued,
                    name,
                    day,
                    int(a_lo),
                    int(max(a_hi, a_lo + 10)),
                    primary.get(pd.Timestamp(day)),
                    "",
                )
            )
    return rows


def _csv(rows: list[list[str]]) -> str:
    return "\n".join([HEADER, *(",".join(r) for r in rows)]) + "\n"


def _episode_yaml(issue: date, ranges: tuple[tuple[int, int], ...], text: str) -> str:
    lines = [
        "# 演示样本：虚构的空气质量预报，用于展示网站功能，并非真实发布的预报。",
        f"issued_at: {issue.isoformat()}T{ISSUE_HOUR}",
        f"text: {text}",
        "days:",
    ]
    for n, (lo, hi) in enumerate(ranges, start=1):
        _, area, day, lo_s, hi_s, level, primary, _ = _row(
            "", "全市", issue + timedelta(days=n), lo, hi, None, ""
        )
        primary = primary if hi <= 50 else "PM2.5"
        lines.append(
            f"  - {{area: {area}, date: {day}, aqi_min: {lo_s}, aqi_max: {hi_s}, level: {level}, "
            f'primary: "{primary}"}}'
        )
    return "\n".join(lines) + "\n"


def write(out_dir: Path, seed: int, start: date, end: date, config: SiteConfig) -> list[Path]:
    """Write the daily issues of the period's last weeks and the episode's scripted issues."""
    folder = Path(out_dir) / SUBDIR
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("20*.*"):  # another period must not leave old issues behind
        stale.unlink()
    written = []
    for issue, (ranges, text) in sorted(scenario.EPISODE_FORECASTS.items()):
        if start <= issue <= end:
            path = folder / f"{issue.isoformat()}.yaml"
            path.write_text(_episode_yaml(issue, ranges, text), encoding="utf-8")
            written.append(path)
    first = max(start, end - timedelta(days=HISTORY_DAYS - 1))
    if first > end:
        return written
    observed = city_daily_aqi(seed, start, end, config).set_index("date")
    rng = np.random.default_rng([seed, STREAM])
    for offset in range((end - first).days + 1):
        issue = first + timedelta(days=offset)
        rows = _daily_issue(issue, observed["aqi"], observed["primary"], rng)
        path = folder / f"{issue.isoformat()}.csv"
        path.write_text(_csv(rows), encoding="utf-8")
        written.append(path)
    return written
