"""The city's figures with confirmed dust days deducted (扣沙), beside the figures as measured.

The register (generator/sources/registers/dustdays.py) gives the days an editor confirmed for the whole city;
the deduction is standards.dust.deduct_dust_days; the statistics are assessment.period_statistics,
as for every other figure (generator/pages/shared/annual_figures.py holds the undeducted ones). The plan's
targets are assessed with the deducted figures (tables/dust.csv `assessed_with`).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from generator.i18n import _
from generator.i18n.dates import month_text
from generator.pages.shared import annual_figures as sd
from generator.sources.registers.dustdays import days_for, for_build
from generator.standards.assessment import period_statistics
from generator.standards.dust import deduct_dust_days, dust_param, dust_table, labels


def _memo(ctx, key: str, compute):
    cache = ctx.products.setdefault("dust_figures", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def register(ctx) -> pd.DataFrame:
    """The validated dust-day register of the build's data folder."""
    return for_build(ctx)


def city_dust_days(ctx) -> pd.Series:
    """Confirmed dust dates of the whole city."""
    return days_for(register(ctx))


def city_daily_deducted(ctx) -> pd.DataFrame:
    """sd.city_daily with the confirmed dust days deducted (column `dust` marks them)."""

    def compute():
        daily = sd.city_daily(ctx)
        confirmed = pd.DataFrame({"area": sd.city_name(ctx), "date": city_dust_days(ctx)})
        return deduct_dust_days(daily, confirmed)

    return _memo(ctx, "daily", compute)


def stats_deducted(ctx, period: sd.Period) -> dict:
    """period_statistics of the deducted daily values over the period (one row, as a dict)."""

    def compute():
        return period_statistics(city_daily_deducted(ctx), period.start, period.end).iloc[0].to_dict()

    return _memo(ctx, f"stats:{period.start}:{period.end}", compute)


def dust_days_in(ctx, start, end) -> list[pd.Timestamp]:
    days = city_dust_days(ctx)
    return sorted(days[(days >= pd.Timestamp(start)) & (days <= pd.Timestamp(end))])


def monthly_both_ways(ctx) -> list[dict]:
    """PM10 and PM2.5 monthly means both ways, for the months that hold a confirmed dust day."""
    rows = []
    months = sorted({(d.year, d.month) for d in city_dust_days(ctx)})
    for year, month in months:
        start = pd.Timestamp(year, month, 1)
        end = start + pd.offsets.MonthEnd(0)
        both = [
            period_statistics(frame, start, end) for frame in (sd.city_daily(ctx), city_daily_deducted(ctx))
        ]
        if any(b.empty for b in both):
            continue  # a registered month without any daily value
        both = [b.iloc[0] for b in both]
        if both[0]["valid_days_pm10"] == 0 and both[0]["valid_days_pm25"] == 0:
            continue  # a registered month outside the data
        rows.append(
            {
                "key": f"{year:04d}-{month:02d}",
                "label": month_text(date(year, month, 1)),
                "dust_days": len(dust_days_in(ctx, start, end)),
                **{
                    f"{p}_{way}": sd.reported(row[f"{p}_mean"], p, end.date())
                    for p in ("pm10", "pm25")
                    for way, row in zip(("undeducted", "deducted"), both, strict=True)
                },
            }
        )
    return rows


def describe(ctx) -> dict:
    """Labels, source and the assessed way, for the templates."""
    return {
        "labels": labels(),
        "assessed_with": str(dust_param("assessed_with")),
        "source": dust_table()["deducted_pollutants"]["source"],
        "days": [d.date().isoformat() for d in city_dust_days(ctx)],
        "days_text": _("、").join(d.date().isoformat() for d in city_dust_days(ctx)),
    }
