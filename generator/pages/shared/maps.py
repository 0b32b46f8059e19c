"""Maps drawn at build time from the committed county boundaries (no tile server, no CDN).

Three maps, each an Altair `geoshape` chart in the chart registry (permalink, PNG/SVG/CSV, embed,
citation) with its data table beside it (the `_map.md.j2` partial):

- composite_map(ctx)   the latest week's composite index per county/district: a relative index,
                       so a neutral sequential ramp (never the AQI colours or an alarm red)
- aqi_map(ctx)         the latest complete day's AQI per area, in the official HJ 633 colours
- stations_map(ctx)    every station with data as a point (generator/pages/areas/station_charts.py)

Every configured area is on every map: an area without data is grey, and the key under the map
and the table say why. Functional zones have no administrative boundary: they are numbered
markers (generator/pages/shared/map_labels.py). Labels are placed so that none overlaps another
(generator/pages/shared/map_layout.py). Each map is registered once per build (memoised in ctx.products).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from generator import i18n, statistics
from generator.charts.registry import ChartSpec, registry
from generator.config.boundaries import d3_geometry
from generator.i18n import _, pgettext
from generator.i18n.dates import day_text
from generator.pages.shared.latest_day import latest_complete_day
from generator.pages.shared.map_labels import (
    HEIGHT,
    KEY_CHARS,
    LABEL_SIZE,
    WIDTH,
    ZONE_SIZE,
    area_labels,
    key_height,
    key_layer,
    memo,
    places,
    zone_key,
)
from generator.pages.shared.map_layout import wrap
from generator.pages.shared.ranking_model import reason_text, rules_label
from generator.standards.rules import rules_for, version_for_date
from generator.statistics import WeekInfo

NO_DATA = "#e0e0e0"
OUTLINE = "#555"
# A relative index (lower is better, but no level of it is "polluted"): a neutral sequential ramp.
# Blues, because no AQI level is blue; the lightest 30 % is left out so that the smallest value
# is not mistaken for the grey of an area without data.
RELATIVE_SCALE = alt.Scale(scheme=alt.SchemeParams(name="blues", extent=[0.3, 0.95]), zero=False)


def county_features(ctx, data: pd.DataFrame, fields: list[str], *, where=None) -> list[dict]:
    """GeoJSON features of the counties with `fields` of their row in `data` (by slug) beside them;
    only the counties whose slug `where` (a set) holds, when given."""
    by_slug = data.set_index("slug")
    out = []
    for area in ctx.config.areas:
        boundary = ctx.config.boundaries.get(area.name)
        if boundary is None or (where is not None and area.slug not in where):
            continue
        row = by_slug.loc[area.slug] if area.slug in by_slug.index else None
        values = {f: (None if row is None or pd.isna(row[f]) else row[f]) for f in fields}
        feature = {"type": "Feature", "geometry": d3_geometry(boundary), "name": i18n.name(area.name)}
        out.append({**feature, **values})
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


def zone_markers(zones: pd.DataFrame, colour, tooltip: list) -> alt.Chart:
    """Functional zones (no boundary of their own) as circles at their place, coloured like the counties."""
    fields = [c for c in ("name", "lon", "lat", "composite", "aqi", "category") if c in zones.columns]
    return (
        alt.Chart(zones[fields])
        .mark_circle(size=ZONE_SIZE, stroke="#222", strokeWidth=0.8, opacity=1)
        .encode(longitude="lon:Q", latitude="lat:Q", color=colour, tooltip=tooltip)
    )


def no_data_key(data: pd.DataFrame, reason_field: str) -> list[str]:
    """The key's lines for the grey areas, one group per reason: '灰色 该周无监测数据：赣榆区、东海县'."""
    lines = []
    missing = data[data[reason_field].notna()]
    for reason, group in missing.groupby(reason_field, sort=False):
        lines += wrap(list(group["name"]), _("灰色 %(reason)s：", reason=reason), KEY_CHARS, _("、"))
    return lines


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
    key: list[str] = (),
    aliases=(),
) -> ChartSpec:
    """A map in the registry: Mercator fitted to the plot (as map_layout.Frame assumes), its key
    (lines of text) under the map and the legend under the key."""
    key = list(key)
    layers = [chart, key_layer(key)] if key else [chart]
    # One .properties() call: each of .properties, .configure_view and .configure_legend copies
    # every layer of the chart again.
    config = alt.Config(
        view=alt.ViewConfig(stroke=None),
        legend=alt.LegendConfig(
            orient="bottom",
            direction="horizontal",
            titleFontSize=LABEL_SIZE,
            labelFontSize=LABEL_SIZE,
            offset=key_height(key) + 8,
        ),
    )
    chart = alt.layer(*layers).properties(
        width=WIDTH, height=HEIGHT, projection=alt.Projection(type="mercator"), config=config
    )
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
            height=HEIGHT + 140 + key_height(key),
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
    if weekly.empty:
        return None
    week = WeekInfo.from_id(weekly["week"].max())
    last = weekly[weekly["week"] == week.id]
    data = (
        places(ctx)
        .merge(
            last[["group", "composite", "rank", "ranked", "reason", "valid_days"]],
            left_on="slug",
            right_on="group",
            how="left",
        )
        .drop(columns="group")
    )
    ranked = data["ranked"].fillna(False).astype(bool)
    data["composite"] = data["composite"].where(ranked).astype(float).round(2)
    data["rank"] = data["rank"].where(data["composite"].notna()).astype("Int64")
    # Why an area is grey: no day of data in the week shown ("该周", never "本周": the week may be
    # long past on a stale site), or too few valid days to rank.
    silent = data["valid_days"].fillna(0).astype(float) == 0
    data["short_reason"] = (
        pd.Series(_("该周无监测数据"), index=data.index)
        .where(silent, _("有效天数不足，不排名"))
        .where(data["composite"].isna())
    )
    data["reason"] = data["reason"].map(reason_text, na_action="ignore")
    data["note"] = data["reason"].where(data["reason"].notna() & ~silent, data["short_reason"]).fillna("—")
    data["value_text"] = data["composite"].map(lambda v: "—" if pd.isna(v) else f"{v:.2f}")
    data["value_text"] = data["value_text"].where(
        data["composite"].notna(), silent.map({True: _("无数据"), False: _("数据不足")})
    )
    data["ranked"] = data["composite"].notna()
    legend = alt.Legend(title=pgettext("map legend", "综合指数（越小越好）"), gradientLength=220)
    colour = alt.Color("composite:Q", scale=RELATIVE_SCALE, legend=legend)
    tooltip = [
        alt.Tooltip("name:N", title=pgettext("column", "县区")),
        alt.Tooltip("composite:Q", title=_("综合指数"), format=".2f"),
    ]
    has = set(data.loc[data["ranked"], "slug"])
    layers = [
        # Areas without an index: their own grey layer (a quantitative colour would drop them).
        base_layer(
            county_features(ctx, data, [], where=set(data["slug"]) - has), alt.value(NO_DATA), ["name:N"]
        ),
        base_layer(county_features(ctx, data, ["composite"], where=has), colour, tooltip),
    ]
    zones = data[~data["has_boundary"]]
    layers.append(
        zone_markers(zones[~zones["ranked"]], alt.value(NO_DATA), [alt.Tooltip("name:N", title=_("功能区"))])
    )
    if zones["ranked"].any():
        # The same legend as the counties' layer: Vega-Lite merges the two into one.
        layers.append(zone_markers(zones[zones["ranked"]], colour, tooltip))
    chart = alt.layer(*layers, *area_labels(ctx, data, "value_text"))
    version = (
        str(last["composite_rules"].dropna().iloc[0]) if last["composite_rules"].notna().any() else "2026"
    )
    spec = map_spec(
        ctx,
        chart_id=f"map-{week.id.lower()}-composite",
        aliases=("map-latest-composite",),
        title=_("%(week)s各县区综合指数地图", week=week.title),
        subtitle=_(
            "综合指数是各县区之间的相对比较：颜色越深，指数越大；灰色为无数据或数据不足、不排名；圆点为功能区，编号见图下"
        ),
        chart=chart,
        data=data.sort_values(["rank", "name"], na_position="last"),
        columns={
            "name": pgettext("column", "县区"),
            "kind": _("类型"),
            "composite": _("综合指数"),
            "rank": pgettext("column", "排名"),
            "note": _("说明"),
        },
        period=week.label,
        rules=rules_label(version),
        description=_("%(week)s综合指数地图：", week=week.title)
        + _("，").join(f"{n} {t}" for n, t in zip(data["name"], data["value_text"], strict=True)),
        page_url="rankings/",
        key=zone_key(data, "value_text") + no_data_key(data, "short_reason"),
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
        (_("无数据") if pd.isna(a) else f"{a} {i18n.name(c)}")
        for a, c in zip(data["aqi"], data["category"], strict=True)
    ]
    data["short_reason"] = pd.Series(_("当日无数据"), index=data.index).where(data["aqi"].isna())
    data["category"] = data["category"].map(i18n.name, na_action="ignore").fillna(_("无数据"))
    data["primary"] = data["primary"].fillna("—")
    version = version_for_date(day)
    levels = rules_for(version).levels
    scale = alt.Scale(
        domain=[i18n.name(lv.category) for lv in levels] + [_("无数据")],
        range=[lv.colour_hex for lv in levels] + [NO_DATA],
    )
    legend = alt.Legend(title=_("空气质量级别（HJ 633）"), columns=4)
    colour = alt.Color("category:N", scale=scale, legend=legend)
    tooltip = [
        alt.Tooltip("name:N", title=_("地区")),
        alt.Tooltip("aqi:Q", title="AQI"),
        alt.Tooltip("category:N", title=_("级别")),
    ]
    base = base_layer(county_features(ctx, data, ["aqi", "category"]), colour, tooltip)
    zones = data[~data["has_boundary"]]
    zone_colour = zone_markers(zones, alt.Color("category:N", scale=scale, legend=legend), tooltip)
    chart = alt.layer(base, zone_colour, *area_labels(ctx, data, "value_text"))
    label = day_text(day)
    spec = map_spec(
        ctx,
        chart_id=f"map-{day.isoformat()}-aqi",
        aliases=("map-latest-aqi",),
        title=_("%(day)s各县区日空气质量指数地图", day=label),
        subtitle=_("颜色为 HJ 633 规定的级别颜色；灰色为当日无数据；圆点为功能区（无行政边界），编号见图下"),
        chart=chart,
        data=data.sort_values("aqi", na_position="last"),
        columns={
            "name": _("地区"),
            "kind": _("类型"),
            "aqi": _("日 AQI"),
            "category": _("级别"),
            "primary": _("首要污染物"),
        },
        period=label,
        rules=rules_label(version),
        description=_("%(day)s日 AQI 地图：", day=label)
        + _("，").join(f"{n} {t}" for n, t in zip(data["name"], data["value_text"], strict=True)),
        page_url="",
        key=zone_key(data, "value_text") + no_data_key(data, "short_reason"),
    )
    return {"chart": spec, "table": table(spec)}
