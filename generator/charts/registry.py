"""The chart registry: each chart on the site has a stable id and is produced once.

Page builders register a `ChartSpec` and embed it with the `_chart.md.j2` partial; the charts
builder (generator/pages/data/charts.py, run after all others) exports every registered chart to
`charts/<id>/` (chart.svg, chart.png, data.csv, chart.vl.json), writes its permalink page
`/charts/<id>/` and the bare `/embed/<id>/` page. A published id never changes meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

import altair as alt
import pandas as pd

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass
class ChartSpec:
    id: str  # stable, URL-safe: lowercase letters, digits and '-' (e.g. "ranking-2026-w47-composite")
    title: str
    subtitle: str
    chart: alt.TopLevelMixin  # Altair chart with its data inline
    data: pd.DataFrame  # the data behind the chart, as published in the table and CSV
    columns: dict[str, str]  # data column -> Chinese header for the table and CSV
    source: str
    period: str
    as_of: datetime | None
    rules: str  # rules version(s) used, e.g. "HJ 633-2012 / HJ 663-2013"
    description: str  # plain-language description (alt text)
    page_url: str  # the page that shows the chart (directory URL, e.g. "rankings/2026-W47/")
    aliases: tuple[str, ...] = ()  # e.g. ("ranking-latest-composite",) -> same chart, moving id
    width: int = 640
    height: int = 360
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        for name in (self.id, *self.aliases):
            if not _ID.match(name):
                raise ValueError(f"chart id '{name}' must be lowercase letters, digits and '-'")
        missing = [c for c in self.columns if c not in self.data.columns]
        if missing:
            raise ValueError(f"chart {self.id}: columns {missing} are not in its data")

    @property
    def url(self) -> str:
        return f"charts/{self.id}/"

    def file_url(self, name: str) -> str:
        """Site-relative URL of an export beside the permalink: chart.svg, chart.png, data.csv..."""
        return f"charts/{self.id}/{name}"


class ChartRegistry:
    def __init__(self):
        self._charts: dict[str, ChartSpec] = {}
        self._aliases: dict[str, str] = {}

    def add(self, spec: ChartSpec) -> ChartSpec:
        if spec.id in self._charts or spec.id in self._aliases:
            raise ValueError(f"chart id '{spec.id}' registered twice")
        self._charts[spec.id] = spec
        for alias in spec.aliases:
            if alias in self._charts or alias in self._aliases:
                raise ValueError(f"chart alias '{alias}' registered twice")
            self._aliases[alias] = spec.id
        return spec

    def get(self, chart_id: str) -> ChartSpec:
        return self._charts[self._aliases.get(chart_id, chart_id)]

    @property
    def aliases(self) -> dict[str, str]:
        return dict(self._aliases)

    def __iter__(self):
        return iter(sorted(self._charts.values(), key=lambda s: s.id))

    def __len__(self) -> int:
        return len(self._charts)


def registry(ctx) -> ChartRegistry:
    """The build's chart registry (created on first use)."""
    return ctx.products.setdefault("charts", ChartRegistry())
