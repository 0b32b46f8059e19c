"""The statistics stage: the standards engine applied to the build's Dataset, once per build.

No I/O and no page knowledge: every function takes the build context, reads `ctx.dataset`, and
memoises its result for the build (`daily.memo`). The rules themselves (AQI, validity,
percentiles, the composite index, ranks) live in generator.standards; this stage only chooses
what to group and over which period.

- daily                 station, area and city daily values and daily AQI
- period_table          the rankings' one machinery: statistics, composite index, ranks and
                        changes of groups over many periods at once (a week is a period as a month is)
- iso_weeks             the ISO weeks and the weekly rankings' frame, on period_table
- periods               monthly and year-to-date periods (the national monthly method), on period_table
- latest_hour           the latest hour's real-time report (AQI) per area and for the city, the
                        day in progress included (the "now" block)
- completeness          hours and days of data per station and month
- freshness             how old the data is at build time
- figures               the one rounding and text path of every reported figure
- platform_agreement    the engine's daily values against the platform's own
- dustfall              each county/district's yearly dust fall against the plan's cap
- forecast_verification, forecast_alarm   forecasts against observations and the warning rules

The names most pages need are re-exported here (`statistics.area_daily(ctx)`,
`statistics.weekly(ctx, scope)`); the modules above hold them.
"""

from generator.statistics.daily import (
    SCOPES,
    area_daily,
    area_members,
    city_daily,
    city_members,
    excluded_days,
    group_names,
    memo,
    station_daily,
)
from generator.statistics.iso_weeks import (
    INDEX_POLLUTANTS,
    LEVELS,
    WEEKLY_COLUMNS,
    WeekInfo,
    week_id,
    week_ids,
    weekly,
    weekly_statistics,
    weeks,
)

__all__ = [
    "INDEX_POLLUTANTS",
    "LEVELS",
    "SCOPES",
    "WEEKLY_COLUMNS",
    "WeekInfo",
    "area_daily",
    "area_members",
    "city_daily",
    "city_members",
    "excluded_days",
    "group_names",
    "memo",
    "station_daily",
    "week_id",
    "week_ids",
    "weekly",
    "weekly_statistics",
    "weeks",
]
