"""The home page: what the data covers and where to go (sections add their summaries)."""

from __future__ import annotations

from generator.context import BuildContext


def model(ctx: BuildContext) -> dict:
    ds = ctx.dataset
    hourly = ds.hourly
    observed = hourly.dropna(subset=["pm25", "pm10", "so2", "no2", "o3", "co"], how="all")
    period = None
    if not observed.empty:
        period = (observed["time"].min().date(), observed["time"].max().date())
    areas = []
    stations_with_data = set(observed["station"].unique())
    for area in ctx.config.areas:
        reporting = [s for s in area.stations if s in stations_with_data]
        areas.append({"name": area.name, "slug": area.slug, "kind": area.kind,
                      "stations": len(area.stations), "reporting": len(reporting)})
    return {
        "period": period,
        "n_stations": len(stations_with_data),
        "n_hours": int(observed["time"].nunique()) if not observed.empty else 0,
        "areas": areas,
        "summaries": ctx.products.get("home_summaries", []),
    }


def build(ctx: BuildContext) -> None:
    ctx.render_page("", "home.md.j2", home=model(ctx))
