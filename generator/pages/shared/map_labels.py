"""The places and labels every map shares: one row per configured area, its label placed by rule
(generator/pages/shared/map_layout.py), the functional zones as numbered markers with a key below the map.

Every configured area is on every map: a county by its outline, a functional zone (no
administrative boundary) by a marker at the mean place of its stations, or, when none of its
stations is in the station list, at the middle of its configured outline. The zones are small and
close together (开发区 and 云台山景区 are 4 km apart), so the map writes only their number beside
the marker, and the key under the map gives each number's name and value.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from generator import i18n
from generator.pages.shared.map_layout import Box, Frame, Label, line_centres, place_labels

WIDTH, HEIGHT = 360, 380
LABEL_SIZE = 12
KEY_LINE = 16  # px between the key's lines under the map
KEY_GAP = 10  # px between the map and its key
KEY_CHARS = 28  # characters in a line of the key (the map is 360 px wide, 12 px a character)
ZONE_RADIUS = 6.5  # px: a zone's marker (a circle of area 130)
ZONE_SIZE = 130
POINT_RADIUS = 9.5  # px: a station's mark on the station maps when it is the highlighted one (area 260)
NUMBERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def memo(ctx, key: str, compute):
    """compute() once a build: the maps, and the layers several maps share."""
    maps = ctx.products.setdefault("maps", {})
    if key not in maps:
        maps[key] = compute()
    return maps[key]


def places(ctx) -> pd.DataFrame:
    """One row per configured area: slug, name, kind, has_boundary, lon, lat (label place: the
    boundary's label point, the mean place of a zone's stations, or the middle of its outline),
    number (a zone's number in the key: ①, ②, …; '' for a county)."""

    def compute():
        stations = ctx.dataset.stations
        registry_ = stations.set_index("code") if not stations.empty else None
        rows, zones = [], 0
        for area in ctx.config.areas:
            boundary = ctx.config.boundaries.get(area.name)
            number = ""
            if boundary is not None:
                lon, lat = boundary.label_point
            else:
                known = [c for c in area.stations if registry_ is not None and c in registry_.index]
                if known:
                    lon = float(registry_.loc[known, "lon"].astype(float).mean())
                    lat = float(registry_.loc[known, "lat"].astype(float).mean())
                elif area.polygon:  # (lat, lon) pairs, closed: the last repeats the first
                    lat, lon = np.asarray(area.polygon[:-1], dtype=float).mean(axis=0)
                else:
                    continue  # nowhere to draw it (the config check asks zones for an outline)
                number = NUMBERS[zones % len(NUMBERS)]
                zones += 1
            rows.append(
                {
                    "slug": area.slug,
                    "name": i18n.name(area.name),  # in the language being rendered
                    "kind": i18n.name(area.kind),
                    "has_boundary": boundary is not None,
                    "lon": round(float(lon), 4),
                    "lat": round(float(lat), 4),
                    "number": number,
                }
            )
        return pd.DataFrame(rows, columns=["slug", "name", "kind", "has_boundary", "lon", "lat", "number"])

    return memo(ctx, "places", compute).copy()


def frame(ctx) -> Frame:
    """The projection the maps are drawn in: Mercator fitted to every county outline's points."""

    def compute():
        points = np.concatenate([ring for b in ctx.config.boundaries.values() for ring in b.rings])
        return Frame.fit(points[:, 0], points[:, 1], WIDTH, HEIGHT)

    return memo(ctx, "frame", compute)


def _text_layer(rows: list[dict], **mark) -> alt.Chart:
    data = pd.DataFrame(rows, columns=["lon", "lat", "text"])
    return (
        alt.Chart(data)
        .mark_text(align="center", baseline="middle", fontSize=LABEL_SIZE, **mark)
        .encode(longitude="lon:Q", latitude="lat:Q", text="text:N")
    )


def _placed(ctx, data: pd.DataFrame, value_field: str | None, points) -> list[tuple[Label, str, tuple]]:
    """(label, kind, centre in pixels) of each county ('county') and zone ('zone') of `data`."""
    f = frame(ctx)
    xs, ys = f.to_px(data["lon"].to_numpy(), data["lat"].to_numpy())
    labels, kinds = [], []
    for x, y, row in zip(xs, ys, data.itertuples(index=False), strict=True):
        if row.has_boundary:
            lines = [(row.name, LABEL_SIZE)]
            if value_field:
                lines.append((str(getattr(row, value_field)), LABEL_SIZE))
            labels.append(Label(float(x), float(y), tuple(lines)))
            kinds.append("county")
        elif row.number:
            labels.append(Label(float(x), float(y), ((row.number, LABEL_SIZE),), clear=ZONE_RADIUS))
            kinds.append("zone")
    markers = [(lb.x, lb.y, ZONE_RADIUS) for lb, k in zip(labels, kinds, strict=True) if k == "zone"]
    px, py = f.to_px(np.asarray(points[0], dtype=float), np.asarray(points[1], dtype=float))
    markers += [(float(x), float(y), POINT_RADIUS) for x, y in zip(px, py, strict=True)]
    centres = place_labels(labels, markers, WIDTH, HEIGHT)
    return list(zip(labels, kinds, centres, strict=True))


def area_labels(
    ctx, data: pd.DataFrame, value_field: str | None, *, colour: str = "#000", points=((), ())
) -> list:
    """Text layers: each county's name (bold) with its value under it (when `value_field`), and
    each zone's number beside its marker, placed so that no two overlap and none covers a zone's
    marker or one of `points` (longitudes, latitudes of other marks: the stations)."""
    f = frame(ctx)
    names, values, numbers = [], [], []
    for label, kind, centre in _placed(ctx, data, value_field, points):
        for i, ((text, _), (cx, cy)) in enumerate(zip(label.lines, line_centres(label, centre), strict=True)):
            lon, lat = f.to_lonlat(cx, cy)
            target = numbers if kind == "zone" else (names if i == 0 else values)
            target.append({"lon": round(float(lon), 5), "lat": round(float(lat), 5), "text": text})
    layers = [_text_layer(names, fontWeight="bold", color=colour)]
    if values:
        layers.append(_text_layer(values, color=colour))
    if numbers:
        layers.append(_text_layer(numbers, fontWeight="bold", color="#000"))
    return layers


def label_boxes(ctx, data: pd.DataFrame, points=((), ())) -> list[Box]:
    """The boxes of the labels as `area_labels(ctx, data, None, points=points)` places them (for
    a label added later that must not cover them)."""
    return [Box.around(*centre, *label.size) for label, _, centre in _placed(ctx, data, None, points)]


def zone_key(data: pd.DataFrame, value_field: str) -> list[str]:
    """The key's lines for the zones: '① 连云港经济技术开发区 2.84'."""
    zones = data[data["number"] != ""]
    return [
        f"{n} {name} {v}"
        for n, name, v in zip(zones["number"], zones["name"], zones[value_field], strict=True)
    ]


def key_layer(lines: list[str]) -> alt.Chart:
    """The key as lines of text under the map (the legend is moved below it: legend_offset)."""
    return (
        alt.Chart(pd.DataFrame({"k": [0]}))
        .mark_text(align="left", baseline="top", fontSize=LABEL_SIZE, lineHeight=KEY_LINE, color="#222")
        .encode(x=alt.value(0), y=alt.value(HEIGHT + KEY_GAP), text=alt.value(list(lines)))
    )


def key_height(lines: list[str]) -> int:
    return KEY_GAP + KEY_LINE * len(lines) if lines else 0
