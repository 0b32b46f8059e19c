"""The home page: the active warning, this week's ranking, progress to targets, key units.

It runs after the section builders and summarises what they published (their products), so it
states nothing they did not compute.
"""

from __future__ import annotations

from generator import statistics
from generator.charts.social import front_matter
from generator.pages.shared import maps as map_charts
from generator.pages.shared import sharing
from generator.pages.shared.latest_day import latest_day
from generator.pages.shared.now_block import now_block
from generator.pages.shared.warning_rows import summary_row
from generator.site.context import BuildContext

RECENT_NOTICES = 3


def warnings_summary(ctx: BuildContext) -> dict | None:
    register = ctx.products.get("warning_register")
    if register is None:
        return None
    levels = ctx.products.get("response_levels", {})
    # Each active warning links the units' emergency measures at its level (enterprise_registers.py).
    active = [
        dict(summary_row(ctx, register, n), response=levels.get(n.level))
        for n in register.active(ctx.built_at)
    ]
    recent = [summary_row(ctx, register, n) for n in reversed(register.notices[-RECENT_NOTICES:])]
    return {"active": active, "recent": recent}


def targets_summary(ctx: BuildContext) -> dict | None:
    targets = ctx.products.get("targets")
    if not targets or not targets["rows"]:
        return None
    return {"goals": targets["goals"], "latest": targets["rows"][-1]}


def enterprises_summary(ctx: BuildContext) -> dict | None:
    data = ctx.products.get("enterprises")
    if data is None or data.enterprises.empty:
        return None
    records = data.records
    exceeding = records.loc[records["exceed"], "credit_code"].nunique() if not records.empty else 0
    pending = (
        data.penalties[data.penalties["rectification"] != "已完成整改"] if not data.penalties.empty else []
    )
    return {
        "units": len(data.enterprises),
        "units_exceeding": int(exceeding),
        "exceedances": int(records["exceed"].sum()) if not records.empty else 0,
        "penalties": len(data.penalties),
        "penalties_pending": len(pending),
        "as_of": data.as_of.to_pydatetime() if data.as_of is not None else None,
    }


def own_stations(ctx: BuildContext) -> set[str]:
    """The city's own stations: its areas' assessment stations, its provincial stations and the
    national stations the registry places in the city. Other cities' stations in the data serve
    only the city ranking and are not counted as the city's."""
    city = ctx.config.site.get("city")
    own = set(ctx.config.station_map) | {s.code for s in ctx.config.provincial_stations}
    return own | set(statistics.city_members(ctx).get(city, ()))


def data_overview(ctx: BuildContext) -> dict:
    hourly = ctx.dataset.hourly
    observed = hourly.dropna(subset=["pm25", "pm10", "so2", "no2", "o3", "co"], how="all")
    reporting = set(observed["station"].unique())
    own = own_stations(ctx)
    observed = observed[observed["station"].isin(own)]
    period = None
    if not observed.empty:
        period = (observed["time"].min().date(), observed["time"].max().date())
    stations_with_data = set(observed["station"].unique())
    areas = [
        {
            "name": area.name,
            "slug": area.slug,
            "kind": area.kind,
            "stations": len(area.stations),
            "reporting": sum(s in stations_with_data for s in area.stations),
        }
        for area in ctx.config.areas
    ]
    return {
        "period": period,
        "n_stations": len(stations_with_data),
        "n_other_stations": len(reporting - own),
        "n_hours": int(observed["time"].nunique()) if not observed.empty else 0,
        "areas": areas,
    }


def model(ctx: BuildContext) -> dict:
    return {
        **data_overview(ctx),
        "now": now_block(ctx),
        "latest_day": latest_day(ctx),
        "maps": [m for m in (map_charts.aqi_map(ctx), map_charts.composite_map(ctx)) if m],
        "warnings": warnings_summary(ctx),
        # The next days of the latest forecast beside the latest observed day
        # (generator/pages/forecast/builder.py).
        "forecast": ctx.products.get("forecast_home"),
        "summaries": ctx.products.get("home_summaries", []),
        "targets": targets_summary(ctx),
        "enterprises": enterprises_summary(ctx),
    }


def build(ctx: BuildContext) -> None:
    # The preview card (og:image) with the latest AQI, drawn by the sharing builder (issue 30).
    ctx.render_page("", "home.md.j2", home=model(ctx), og=front_matter(sharing.home_og(ctx)))
