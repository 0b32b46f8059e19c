"""Maps drawn at build time from the committed county boundaries (no tile server, no CDN).

Three maps, each an Altair `geoshape` chart in the chart registry (permalink, PNG/SVG/CSV, embed,
citation) with its data table beside it (the `_map.md.j2` partial):

- composite_map(ctx)   the latest week's composite index per county/district (sequential scale,
                       legend below); the ranking page and the home page carry it
- aqi_map(ctx)         the latest complete day's AQI per area, in the official HJ 633 colours
- stations_map(ctx)    every station with data as a point (generator/pages/station_charts.py)

Functional zones have no administrative boundary: they are drawn as labelled points at the mean
place of their stations. Each map is registered once per build (memoised in ctx.products).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from generator import statistics
from generator.charts.registry import ChartSpec, registry
from generator.config.boundaries import d3_geometry
from generator.pages.chart_blocks import zone_markers
from generator.pages.latest_day import latest_complete_day
from generator.pages.ranking_model import rules_label
from generator.standards.rules import rules_for, version_for_date
from generator.statistics import WeekInfo

WIDTH, HEIGHT = 360, 380
NO_DATA = "#e0e0e0"
OUTLINE = "#555"
LABEL_SIZE = 12


def memo(ctx, key: str, compute):
    """compute() once a build: the maps, and the layers several maps share."""
    maps = ctx.products.setdefault("maps", {})
    if key not in maps:
        maps[key] = compute()
    return maps[key]


def places(ctx) -> pd.DataFrame:
    """One row per configured area: slug, name, kind, has_boundary, lon, lat (label place: the
    boundary's centroid, or the mean place of a zone's stations)."""
    registry_ = ctx.dataset.stations.set_index("code") if not ctx.dataset.stations.empty else None
    rows = []
    for area in ctx.config.areas:
        boundary = ctx.config.boundaries.get(area.name)
        if boundary is not None:
            lon, lat = boundary.label_point
        else:
            known = [c for c in area.stations if registry_ is not None and c in registry_.index]
            if not known:
                continue
            lon = float(registry_.loc[known, "lon"].astype(float).mean())
            lat = float(registry_.loc[known, "lat"].astype(float).mean())
        rows.append(
            {
                "slug": area.slug,
                "name": area.name,
                "kind": area.kind,
                "has_boundary": boundary is not None,
                "lon": round(lon, 4),
                "lat": round(lat, 4),
            }
        )
    return pd.DataFrame(rows, columns=["slug", "name", "kind", "has_boundary", "lon", "lat"])


def county_features(ctx, data: pd.DataFrame, fields: list[str]) -> list[dict]:
    """GeoJSON features of the counties with `fields` of their row in `data` (by slug) beside them."""
    by_slug = data.set_index("slug")
    out = []
    for area in ctx.config.areas:
        boundary = ctx.config.boundaries.get(area.name)
        if boundary is None:
            continue
        row = by_slug.loc[area.slug] if area.slug in by_slug.index else None
        values = {f: (None if row is None or pd.isna(row[f]) else row[f]) for f in fields}
        out.append({"type": "Feature", "geometry": d3_geometry(boundary), "name": area.name, **values})
    return out


def base_layer(features: list[dict], colour, tooltip) -> alt.Chart:
    # The outlines as a tuple: Altair deep-copies list and dict values on every chained call
    # (.encode, .properties, alt.layer, .configure_*), which for thousands of boundary points was
    # most of the maps' build time; a tuple is kept by reference and written as the same JSON array.
    return (
        alt.Chart(alt.Data(values=tuple(features)))
        .mark_geoshape(stroke=OUTLINE, strokeWidth=0.8)
        .encode(color=colour, tooltip=tooltip)
    )


def _labels(data: pd.DataFrame, text_field: str) -> alt.LayerChart:
    """Name and value at each place; zones get a dot, their label beside it."""
    counties = data[data["has_boundary"]]
    zones = data[~data["has_boundary"]]
    common = {"longitude": "lon:Q", "latitude": "lat:Q"}
    name = (
        alt.Chart(counties)
        .mark_text(fontSize=LABEL_SIZE, fontWeight="bold", dy=-7)
        .encode(**common, text="name:N")
    )
    value = alt.Chart(counties).mark_text(fontSize=LABEL_SIZE, dy=8).encode(**common, text=f"{text_field}:N")
    dots = alt.Chart(zones).mark_point(shape="diamond", filled=True, size=60, color="#222").encode(**common)
    layers = [name, value, dots]
    placed = zone_label_places(zones, data)
    for (dy, side), part in zones.groupby([placed["dy"], placed["side"]]):
        align, dx = ("right", -8) if side == "left" else ("left", 8)
        layers.append(
            alt.Chart(part)
            .mark_text(fontSize=LABEL_SIZE - 1, align=align, dx=dx, dy=int(dy))
            .encode(**common, text="zone_label:N")
        )
    return alt.layer(*layers)


def zone_label_places(zones: pd.DataFrame, labelled: pd.DataFrame) -> pd.DataFrame:
    """Where each zone's label goes (dy, side) so that labels close together do not overlap
    (开发区 and 云台山景区 are 4 km apart; 高新区 sits just north of 海州区's name): of two
    neighbours the northern label moves up and the southern one down, and a zone with another
    label just east of it writes its own to the west."""
    out = pd.DataFrame({"dy": 0, "side": "right"}, index=zones.index)
    dlon = labelled["lon"].to_numpy()[None, :] - zones["lon"].to_numpy()[:, None]
    dlat = labelled["lat"].to_numpy()[None, :] - zones["lat"].to_numpy()[:, None]
    other = labelled.index.to_numpy()[None, :] != zones.index.to_numpy()[:, None]
    near = other & (abs(dlon) < 0.12) & (abs(dlat) < 0.08)
    east = other & (dlon > 0) & (dlon < 0.2) & (abs(dlat) < 0.06)
    west = other & (dlon < 0) & (dlon > -0.2) & (abs(dlat) < 0.06)
    for k, i in enumerate(zones.index):
        if near[k].any():
            out.loc[i, "dy"] = -7 if (dlat[k][near[k]] < 0).all() else 7
        if east[k].any() and not west[k].any():
            out.loc[i, "side"] = "left"
    return out


def map_spec(
    ctx,
    *,
    chart_id: str,
    title: str,
    subtitle: str,
    chart,
    data: pd.DataFrame,
    columns: dict,
    period: str,
    rules: str,
    description: str,
    page_url: str,
    aliases=(),
) -> ChartSpec:
    # One .properties() call: each of .properties, .configure_view and .configure_legend copies
    # every layer of the chart again.
    config = alt.Config(
        view=alt.ViewConfig(stroke=None),
        legend=alt.LegendConfig(
            orient="bottom", direction="horizontal", titleFontSize=LABEL_SIZE, labelFontSize=LABEL_SIZE
        ),
    )
    chart = chart.properties(width=WIDTH, height=HEIGHT, config=config)
    return registry(ctx).add(
        ChartSpec(
            id=chart_id,
            title=title,
            subtitle=subtitle,
            chart=chart,
            data=data,
            columns=columns,
            source=ctx.dataset.source_name,
            period=period,
            as_of=ctx.as_of,
            rules=rules,
            description=description,
            page_url=page_url,
            aliases=tuple(aliases),
            width=WIDTH + 40,
            height=HEIGHT + 140,
        )
    )


def table(spec: ChartSpec) -> dict:
    """The map's data as the table beside it: headers and rows of text."""
    rows = [
        [("—" if pd.isna(v) else v) for v in row]
        for row in spec.data[list(spec.columns)].itertuples(index=False)
    ]
    return {"headers": list(spec.columns.values()), "rows": rows}


def composite_map(ctx) -> dict | None:
    return memo(ctx, "composite", lambda: _composite_map(ctx))


def _composite_map(ctx) -> dict | None:
    if ctx.dataset.hourly.empty or not ctx.config.boundaries:
        return None  # no observations (a build of the other sections only): no map
    weekly = statistics.weekly(ctx, "areas")
    if weekly.empty or not ctx.config.boundaries:
        return None
    week = WeekInfo.from_id(weekly["week"].max())
    last = weekly[weekly["week"] == week.id]
    data = (
        places(ctx)
        .merge(last[["group", "composite", "rank", "ranked"]], left_on="slug", right_on="group", how="left")
        .drop(columns="group")
    )
    data["composite"] = (
        data["composite"].where(data["ranked"].fillna(False).astype(bool)).astype(float).round(2)
    )
    data["rank"] = data["rank"].where(data["composite"].notna()).astype("Int64")
    data["value_text"] = data["composite"].map(lambda v: "数据不足" if pd.isna(v) else f"{v:.2f}")
    data["zone_label"] = data["name"] + " " + data["value_text"]
    data["ranked"] = data["composite"].notna()
    scale = alt.Scale(scheme="orangered", zero=False)
    legend = alt.Legend(title="综合指数（越小越好）", gradientLength=220)
    colour = alt.condition(
        "isValid(datum.composite)", alt.Color("composite:Q", scale=scale, legend=legend), alt.value(NO_DATA)
    )
    tooltip = [
        alt.Tooltip("name:N", title="县区"),
        alt.Tooltip("composite:Q", title="综合指数", format=".2f"),
    ]
    base = base_layer(county_features(ctx, data, ["composite"]), colour, tooltip)
    zones = data[~data["has_boundary"] & data["composite"].notna()]
    # The same legend as the counties' layer: Vega-Lite merges the two into one.
    zone_colour = zone_markers(
        zones,
        alt.Color("composite:Q", scale=scale, legend=legend),
        [alt.Tooltip("name:N", title="功能区"), alt.Tooltip("composite:Q", title="综合指数")],
    )
    chart = alt.layer(base, zone_colour, _labels(data, "value_text"))
    version = (
        str(last["composite_rules"].dropna().iloc[0]) if last["composite_rules"].notna().any() else "2026"
    )
    spec = map_spec(
        ctx,
        chart_id=f"map-{week.id.lower()}-composite",
        aliases=("map-latest-composite",),
        title=f"{week.title}各县区综合指数地图",
        subtitle="颜色越深综合指数越大、空气质量越差；灰色为数据不足不排名；菱形为功能区（无行政边界）",
        chart=chart,
        data=data.sort_values(["rank", "name"], na_position="last"),
        columns={"name": "县区", "kind": "类型", "composite": "综合指数", "rank": "排名"},
        period=week.label,
        rules=rules_label(version),
        description=f"{week.title}综合指数地图："
        + "，".join(f"{n} {t}" for n, t in zip(data["name"], data["value_text"], strict=True)),
        page_url="rankings/",
    )
    return {"chart": spec, "table": table(spec)}


def aqi_map(ctx) -> dict | None:
    return memo(ctx, "aqi", lambda: _aqi_map(ctx))


def _aqi_map(ctx) -> dict | None:
    day = latest_complete_day(ctx)
    if day is None or not ctx.config.boundaries:
        return None
    daily = statistics.area_daily(ctx)
    if daily.empty:
        return None
    today = daily[daily["date"] == pd.Timestamp(day)]
    data = (
        places(ctx)
        .merge(today[["area", "aqi", "category", "primary"]], left_on="slug", right_on="area", how="left")
        .drop(columns="area")
    )
    data["aqi"] = data["aqi"].astype("Int64")
    data["value_text"] = [
        ("无数据" if pd.isna(a) else f"{a} {c}") for a, c in zip(data["aqi"], data["category"], strict=True)
    ]
    data["category"] = data["category"].fillna("无数据")
    data["primary"] = data["primary"].fillna("—")
    data["zone_label"] = data["name"] + " " + data["value_text"]
    version = version_for_date(day)
    levels = rules_for(version).levels
    scale = alt.Scale(
        domain=[lv.category for lv in levels] + ["无数据"], range=[lv.colour_hex for lv in levels] + [NO_DATA]
    )
    legend = alt.Legend(title="空气质量级别（HJ 633）", columns=4)
    colour = alt.Color("category:N", scale=scale, legend=legend)
    tooltip = [
        alt.Tooltip("name:N", title="地区"),
        alt.Tooltip("aqi:Q", title="AQI"),
        alt.Tooltip("category:N", title="级别"),
    ]
    base = base_layer(county_features(ctx, data, ["aqi", "category"]), colour, tooltip)
    zones = data[~data["has_boundary"]]
    zone_colour = zone_markers(zones, alt.Color("category:N", scale=scale, legend=legend), tooltip)
    chart = alt.layer(base, zone_colour, _labels(data, "value_text"))
    label = f"{day.year}年{day.month}月{day.day}日"
    spec = map_spec(
        ctx,
        chart_id=f"map-{day.isoformat()}-aqi",
        aliases=("map-latest-aqi",),
        title=f"{label}各县区日空气质量指数地图",
        subtitle="颜色为 HJ 633 规定的级别颜色；灰色为当日无数据；菱形为功能区（无行政边界）",
        chart=chart,
        data=data.sort_values("aqi", na_position="last"),
        columns={
            "name": "地区",
            "kind": "类型",
            "aqi": "日 AQI",
            "category": "级别",
            "primary": "首要污染物",
        },
        period=label,
        rules=rules_label(version),
        description=f"{label}日 AQI 地图："
        + "，".join(f"{n} {t}" for n, t in zip(data["name"], data["value_text"], strict=True)),
        page_url="",
    )
    return {"chart": spec, "table": table(spec)}
