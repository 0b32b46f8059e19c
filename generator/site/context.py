"""What every page builder receives: configuration, the dataset, the output tree, the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import jinja2

from generator.config import SiteConfig
from generator.site.output import OutputTree
from generator.tables.dataset import Dataset


@dataclass
class BuildContext:
    config: SiteConfig
    dataset: Dataset
    out: OutputTree
    env: jinja2.Environment
    built_at: datetime
    # Filled by page builders for the theme (banners, footer): see generator/build.py.
    site_meta: dict = field(default_factory=dict)
    # Shared products of earlier builders (e.g. the chart registry, statistics), by name.
    products: dict = field(default_factory=dict)
    # The edition being built ("zh", "en"): builders run once per edition, inside
    # generator.i18n.use(lang), each writing its own output tree.
    lang: str = "zh"

    @property
    def as_of(self) -> datetime | None:
        ts = self.dataset.as_of
        return None if ts is None else ts.to_pydatetime()

    def render_page(self, url: str, template: str, **model) -> Path:
        """Render `template` with the page model to the page at directory URL `url` ('' = home)."""
        url = url.strip("/")
        page_url = f"{url}/" if url else ""
        text = self.env.get_template(template).render(
            page_url=page_url,
            site=self.config.site,
            dataset={"is_sample": self.dataset.is_sample, "source_name": self.dataset.source_name},
            as_of=self.as_of,
            built_at=self.built_at,
            lang=self.lang,
            **model,
        )
        return self.out.write_text(f"{page_url}index.md", text)
