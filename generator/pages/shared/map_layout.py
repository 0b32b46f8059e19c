"""Where a map's labels go, decided before the map is drawn, so that no two labels overlap.

The maps use a Mercator projection fitted to the county outlines (Vega's `fit`, which scales and
centres the outlines' bounds in the plot). `Frame` repeats that fit in Python, so a label's place
in pixels is known here: `place_labels` puts each label at the first of its candidate places
(the preferred one first, then shifted ever further around its anchor) whose box meets no label
or marker already placed, and gives it back as longitude/latitude, as the chart draws it.

Text widths are estimated from the font's proportions (a Chinese character is one em wide, Latin
letters and digits at most 0.62 em in Noto Sans CJK) with a margin; the test of the maps measures
the rendered SVG's real text boxes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

LINE_HEIGHT = 1.5  # em: a label line's box (Noto Sans CJK's ascent + descent is 1.45 em)
GAP = 2.0  # px between a label and what it must not touch


def text_width(text: str, size: float) -> float:
    return sum(size if ord(ch) >= 0x2E80 else 0.62 * size for ch in str(text))


def _mercator(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    lam = np.radians(np.asarray(lon, dtype=float))
    phi = np.radians(np.asarray(lat, dtype=float))
    return lam, -np.log(np.tan(math.pi / 4 + phi / 2))  # y grows downwards, as on screen


@dataclass(frozen=True)
class Frame:
    """A Mercator projection fitted to the outlines' points in a width x height plot (d3 fitSize)."""

    k: float
    tx: float
    ty: float

    @classmethod
    def fit(cls, lons, lats, width: float, height: float) -> Frame:
        x, y = _mercator(lons, lats)
        k = min(width / (x.max() - x.min()), height / (y.max() - y.min()))
        return cls(k, (width - k * (x.max() + x.min())) / 2, (height - k * (y.max() + y.min())) / 2)

    def to_px(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        x, y = _mercator(lon, lat)
        return self.tx + self.k * x, self.ty + self.k * y

    def to_lonlat(self, px, py) -> tuple[np.ndarray, np.ndarray]:
        lam = (np.asarray(px, dtype=float) - self.tx) / self.k
        y = (np.asarray(py, dtype=float) - self.ty) / self.k
        return np.degrees(lam), np.degrees(2 * np.arctan(np.exp(-y)) - math.pi / 2)


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def around(cls, cx: float, cy: float, w: float, h: float) -> Box:
        return cls(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)

    def meets(self, other: Box) -> bool:
        return not (
            self.x1 + GAP <= other.x0
            or other.x1 + GAP <= self.x0
            or self.y1 + GAP <= other.y0
            or other.y1 + GAP <= self.y0
        )


@dataclass(frozen=True)
class Label:
    """A block of text lines (each `(text, size)`) to place near (x, y) in pixels; `clear` is the
    radius of a marker at the anchor the label must stay off (0: the label may sit on its anchor)."""

    x: float
    y: float
    lines: tuple[tuple[str, float], ...]
    clear: float = 0.0

    @property
    def size(self) -> tuple[float, float]:
        return (
            max(text_width(t, s) for t, s in self.lines),
            sum(s * LINE_HEIGHT for _, s in self.lines),
        )


def _candidates(label: Label):
    """The label's centre at its preferred place, then around its anchor, ever further out."""
    w, h = label.size
    if label.clear == 0:
        yield label.x, label.y
        steps = [(0, -1), (0, 1), (1, 0), (-1, 0), (1, -1), (-1, -1), (1, 1), (-1, 1)]
        for reach in range(4, 80, 4):
            for sx, sy in steps:
                yield label.x + sx * reach, label.y + sy * reach
        return
    for extra in range(0, 60, 4):
        dx, dy = label.clear + GAP + extra + w / 2, label.clear + GAP + extra + h / 2
        for sx, sy in ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1)):
            yield label.x + sx * dx, label.y + sy * dy


def place_labels(
    labels: list[Label],
    markers: list[tuple[float, float, float]],
    width: float,
    height: float,
    *,
    obstacles: list[Box] = (),
) -> list[tuple[float, float]]:
    """Each label's centre in pixels, in order: the first candidate inside the plot that meets no
    marker (x, y, radius), no obstacle (a box already drawn) and no label placed before it (the
    first candidate when none is free)."""
    taken = [Box(x - r, y - r, x + r, y + r) for x, y, r in markers] + list(obstacles)
    out = []
    for label in labels:
        w, h = label.size
        chosen = None
        for cx, cy in _candidates(label):
            box = Box.around(cx, cy, w, h)
            inside = box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height
            if inside and not any(box.meets(t) for t in taken):
                chosen = (cx, cy)
                break
        if chosen is None:
            chosen = next(_candidates(label))
        taken.append(Box.around(*chosen, w, h))
        out.append(chosen)
    return out


def line_centres(label: Label, centre: tuple[float, float]) -> list[tuple[float, float]]:
    """The centre of each line of a placed label (lines stacked top to bottom)."""
    _, h = label.size
    y = centre[1] - h / 2
    out = []
    for _, size in label.lines:
        out.append((centre[0], y + size * LINE_HEIGHT / 2))
        y += size * LINE_HEIGHT
    return out


def wrap(parts: list[str], first: str, limit: int, sep: str = "、") -> list[str]:
    """`first` followed by `parts` joined with `sep`, broken into lines of at most `limit` characters
    (a part is never split)."""
    lines, line = [], first
    for i, part in enumerate(parts):
        piece = part + (sep if i < len(parts) - 1 else "")
        if len(line) + len(piece) > limit and line.strip():
            lines.append(line)
            line = "  "
        line += piece
    lines.append(line)
    return lines
