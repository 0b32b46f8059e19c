"""Charts of the stations (Altair, in the chart registry): where they are, and one station's days.

- stations_map(ctx)                 every station with data as a point on the county outlines
- station_points_chart(ctx, s, hl)  the same, one station (`hl`, a code) drawn large and named
- station_daily_aqi_chart(...)      a station's daily AQI as bars in the official HJ 633 colours
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from generator import i18n
from generator.charts.registry import ChartSpec, registry
from generator.i18n import N_, _
from generator.pages.shared.chart_blocks import daily_aqi_columns, daily_aqi_data
from generator.pages.shared.map_labels import (
    HEIGHT,
    LABEL_SIZE,
    POINT_RADIUS,
    WIDTH,
    area_labels,
    frame,
    label_boxes,
    memo,
    places,
)
from generator.pages.shared.map_layout import Label, place_labels
from generator.pages.shared.maps import base_layer, county_features, map_spec, table
from generator.pages.shared.ranking_charts import daily_aqi_marked
from generator.pages.shared.rule_changes import rules_span
from generator.standards.rules import version_for_dates

NETWORK_NAMES = {"national": N_("国控站"), "provincial": N_("省控站")}
# The map's data table (CSV) headings, translated where the table is made (station_columns()).
STATION_COLUMNS = {
    "code": N_("编码"),
    "name": N_("站点"),
    "network": N_("网络"),
    "area": N_("所属县区"),
    "lon": N_("经度"),
    "lat": N_("纬度"),
}
NETWORK_SHAPES = {"national": ("circle", "#3f51b5"), "provincial": ("square", "#e08a00")}
STATION_RADIUS = 5.0  # px: a station's mark (area 70); the highlighted one's is POINT_RADIUS


def _city(ctx) -> str:
    """The city's name as the maps' descriptions say it: 连云港市 / Lianyungang."""
    return i18n.name(f"{ctx.config.site.get('city', '连云港')}市")


def stations_frame(ctx) -> pd.DataFrame:
    """The city's stations with data and a place: code, name, network, area (name), area_slug, lon, lat.

    A station belongs to the city when it assesses a configured area or the registry puts it in the
    city (other cities' stations in the archive are there for the city rankings only)."""
    registry_ = ctx.dataset.stations
    columns = ["code", "name", "network", "area", "area_slug", "lon", "lat"]
    if registry_.empty or ctx.dataset.hourly.empty:
        return pd.DataFrame(columns=columns)
    observed = ctx.dataset.hourly.dropna(subset=["pm25", "pm10", "so2", "no2", "o3", "co"], how="all")
    reporting = set(observed["station"].unique())
    areas = {a.slug: a.name for a in ctx.config.areas}
    mine = registry_["area"].notna() | (registry_["city"] == ctx.config.site.get("city"))
    frame = registry_[registry_["code"].isin(reporting) & mine & registry_["lon"].notna()]
    return pd.DataFrame(
        {
            "code": frame["code"].to_numpy(),
            "name": frame["name"].map(i18n.name).to_numpy(),
            "network": frame["network"]
            .map({k: _(v) for k, v in NETWORK_NAMES.items()})
            .fillna("—")
            .to_numpy(),
            "area": frame["area"].map(areas).map(i18n.name, na_action="ignore").fillna("—").to_numpy(),
            "area_slug": frame["area"].to_numpy(),
            "lon": frame["lon"].astype(float).round(4).to_numpy(),
            "lat": frame["lat"].astype(float).round(4).to_numpy(),
        },
        columns=columns,
    ).sort_values("code", ignore_index=True)


def stations_map(ctx) -> dict | None:
    maps = ctx.products.setdefault("maps", {})
    if "stations" not in maps:
        stations = stations_frame(ctx)
        maps["stations"] = None
        if not stations.empty and ctx.config.boundaries:
            spec = station_points_chart(ctx, stations, highlight=None)
            maps["stations"] = {"chart": spec, "table": table(spec)}
    return maps["stations"]


def _county_layers(ctx) -> tuple[alt.Chart, list]:
    """The grey county outlines and their names, under every station map: made once a build
    (Altair checks each object as it is made, which for the outlines was most of a map's time)."""

    def make():
        outlines = base_layer(
            county_features(ctx, places(ctx), []),
            alt.value("#f4f4f4"),
            [alt.Tooltip("name:N", title=_("县区"))],
        )
        counties = places(ctx)[lambda p: p["has_boundary"]]
        return outlines, area_labels(ctx, counties, None, colour="#666", points=_station_points(ctx))

    return memo(ctx, "station-county-layers", make)


def data_span(ctx) -> tuple[str, str]:
    """The period of the data the station maps are drawn from, and the rules in force over it."""

    def make():
        times = ctx.dataset.hourly["time"]
        first, last = times.min(), times.max()
        days = pd.date_range(first.date(), last.date(), freq="D")
        versions = sorted({str(v) for v in version_for_dates(days)})
        span = _("%(start)s 至 %(end)s", start=first.strftime("%Y-%m-%d"), end=last.strftime("%Y-%m-%d"))
        return span, rules_span(versions)

    return memo(ctx, "station-data-span", make)


def _station_points(ctx) -> tuple:
    """Where the stations are drawn (every station map draws the same ones): lons, lats."""

    def make():
        stations = stations_frame(ctx)
        return stations["lon"].to_numpy(), stations["lat"].to_numpy()

    return memo(ctx, "station-points", make)


def _name_place(ctx, data: pd.DataFrame, row: pd.DataFrame) -> pd.DataFrame:
    """The highlighted station's name beside its mark, off the county names and the other stations."""
    f = frame(ctx)
    xs, ys = f.to_px(data["lon"].to_numpy(), data["lat"].to_numpy())
    hx, hy = f.to_px(row["lon"].to_numpy(), row["lat"].to_numpy())
    label = Label(float(hx[0]), float(hy[0]), ((row["name"].iloc[0], LABEL_SIZE + 1),), clear=POINT_RADIUS)
    markers = [(float(x), float(y), STATION_RADIUS) for x, y in zip(xs, ys, strict=True)]
    counties = places(ctx)[lambda p: p["has_boundary"]]
    names = label_boxes(ctx, counties, _station_points(ctx))
    (cx, cy), *_ = place_labels([label], markers, WIDTH, HEIGHT, obstacles=names)
    lon, lat = f.to_lonlat(cx, cy)
    return row.assign(lon=round(float(lon), 5), lat=round(float(lat), 5))


def _point_marks(ctx) -> tuple[alt.Chart, alt.Chart]:
    """The stations' points and the highlighted station's name, without their rows: made once a
    build and given each map's rows with `.properties(data=…)` (Altair checks every encoding as
    it is made, which was a third of a station map's time; the data is not checked)."""

    def make():
        domain = [_(NETWORK_NAMES[key]) for key in NETWORK_SHAPES]
        shapes = alt.Scale(domain=domain, range=[v[0] for v in NETWORK_SHAPES.values()])
        colours = alt.Scale(domain=domain, range=[v[1] for v in NETWORK_SHAPES.values()])
        points = (
            alt.Chart()
            .mark_point(filled=True, stroke="#000", strokeWidth=0.6, opacity=1)
            .encode(
                longitude="lon:Q",
                latitude="lat:Q",
                shape=alt.Shape("network:N", title=_("监测网络"), scale=shapes),
                color=alt.Color("network:N", title=_("监测网络"), scale=colours),
                size=alt.condition("datum.is_highlight", alt.value(260), alt.value(70)),
                tooltip=[
                    alt.Tooltip("name:N", title=_("站点")),
                    alt.Tooltip("code:N", title=_("编码")),
                    alt.Tooltip("network:N", title=_("网络")),
                    alt.Tooltip("area:N", title=_("所属县区")),
                ],
            )
        )
        label = (
            alt.Chart()
            .mark_text(fontSize=LABEL_SIZE + 1, fontWeight="bold", align="center", baseline="middle")
            .encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
        )
        return points, label

    return memo(ctx, "station-point-marks", make)


def station_points_chart(ctx, stations: pd.DataFrame, *, highlight: str | None) -> ChartSpec:
    """The counties' outlines with the stations as points; `highlight` (a code) drawn large and named."""
    data = stations.drop(columns="area_slug").assign(
        is_highlight=(stations["code"] == highlight) if highlight else False
    )
    outlines, names = _county_layers(ctx)
    points, label = _point_marks(ctx)
    points = points.properties(data=data)
    layers = [outlines, *names, points]
    name = None
    if highlight:
        row = data[data["is_highlight"]]
        name = row["name"].iloc[0]
        layers.append(label.properties(data=_name_place(ctx, data, row)))
    period, rules = data_span(ctx)
    return map_spec(
        ctx,
        chart_id=f"map-station-{highlight.lower()}" if highlight else "map-stations",
        title=_("%(station)s（%(code)s）的位置", station=name, code=highlight)
        if highlight
        else _("空气质量监测站点分布"),
        subtitle=_("圆点为国控站（国家网），方块为省控站（省级网）"),
        chart=alt.layer(*layers),
        data=data,
        columns={key: _(heading) for key, heading in STATION_COLUMNS.items()},
        period=period,
        rules=rules,
        description=(
            _("%(station)s在%(city)s地图上的位置", station=name, city=_city(ctx))
            if highlight
            else _("%(city)s %(n)s 个有数据的监测站点分布图", city=_city(ctx), n=len(data))
        ),
        page_url=f"stations/{highlight}/" if highlight else "stations/",
    )


def station_daily_aqi_chart(ctx, station: dict, daily: pd.DataFrame, *, rules: str, period: str) -> ChartSpec:
    """A station's daily AQI as bars in the official level colours (the station alone, HJ 633)."""
    data = daily_aqi_data(daily)
    title = _(
        "%(station)s（%(code)s）每日空气质量指数", station=i18n.name(station["name"]), code=station["code"]
    )
    chart, subtitle = daily_aqi_marked(
        daily,
        data,
        title=title,
        subtitle=_("单站日 AQI；颜色为 HJ 633 规定的级别颜色"),
        legend=alt.Legend(orient="bottom", columns=3),
    )
    return registry(ctx).add(
        ChartSpec(
            id=f"station-{station['code'].lower()}-daily-aqi",
            title=title,
            subtitle=subtitle,
            chart=chart,
            data=data,
            columns=daily_aqi_columns(),
            source=i18n.name(ctx.dataset.source_name),
            period=period,
            as_of=ctx.as_of,
            rules=rules,
            description=_(
                "%(station)s每日 AQI 柱状图，%(period)s", station=i18n.name(station["name"]), period=period
            ),
            page_url=f"stations/{station['code']}/",
            width=640,
            height=330,
        )
    )
