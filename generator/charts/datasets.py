"""Downloadable datasets other than chart data (ranking CSV/JSON, CAP files, feeds...).

A page builder that writes a file readers may download registers it here; the /data/ page and
data/index.json list every registered dataset beside every chart's files.

    from generator.charts.datasets import register_dataset
    register_dataset(ctx, "ranking-2019-w47-csv", "2019年第47周县区排名", "rankings/2019-W47/ranking.csv",
                     "CSV", "各县区综合指数与排名", "2019-11-18 至 2019-11-24", ctx.as_of)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class DatasetEntry:
    id: str  # stable, URL-safe: lowercase letters, digits and '-'
    title: str
    url: str  # site-relative URL of the file (no leading slash), e.g. "rankings/2019-W47/ranking.csv"
    format: str  # e.g. "CSV", "JSON", "XML (CAP 1.2)", "Atom"
    description: str
    period: str
    as_of: datetime | None
    source: str = ""
    group: str = ""  # heading on the /data/ page, e.g. "周排名", "预警"; empty = "其他数据"

    def __post_init__(self):
        if not _ID.match(self.id):
            raise ValueError(f"dataset id '{self.id}' must be lowercase letters, digits and '-'")
        if self.url.startswith(("/", "http:", "https:")) or ".." in self.url.split("/"):
            raise ValueError(f"dataset {self.id}: url '{self.url}' must be a site-relative path")


class DatasetRegistry:
    def __init__(self):
        self._entries: dict[str, DatasetEntry] = {}

    def add(self, entry: DatasetEntry) -> DatasetEntry:
        if entry.id in self._entries:
            raise ValueError(f"dataset id '{entry.id}' registered twice")
        self._entries[entry.id] = entry
        return entry

    def __iter__(self):
        return iter(sorted(self._entries.values(), key=lambda e: e.id))

    def __len__(self) -> int:
        return len(self._entries)


def datasets(ctx) -> DatasetRegistry:
    """The build's dataset registry (created on first use)."""
    return ctx.products.setdefault("datasets", DatasetRegistry())


def register_dataset(
    ctx,
    id: str,
    title: str,
    url: str,
    format: str,
    description: str,
    period: str,
    as_of: datetime | None,
    *,
    source: str = "",
    group: str = "",
) -> DatasetEntry:
    """Register a downloadable file for the /data/ page and data/index.json."""
    return datasets(ctx).add(
        DatasetEntry(
            id=id,
            title=title,
            url=url,
            format=format,
            description=description,
            period=period,
            as_of=as_of,
            source=source or ctx.dataset.source_name,
            group=group,
        )
    )
