"""Every registered chart, exported: files, permalink page, embed page, and the `latest` aliases.

Runs after all other page builders (they register charts while building their pages). For each
chart `<id>` it writes

    charts/<id>/chart.svg, chart.png, data.csv, chart.vl.json   the downloads
    charts/<id>/index.md                                          the permalink page /charts/<id>/
    embed/<id>/index.html                                         a bare page for iframes

and for each alias (a moving name such as "ranking-latest-composite") a small page at
/charts/<alias>/ pointing at the current chart, with the current chart's files copied beside it
so charts/<alias>/chart.png always resolves to the newest, and /embed/<alias>/.
The Vega bundle the interactive charts use is written to assets/vega/ from vl-convert.
Renders, specs and tables are cached by content hash in build/cache/charts (LYG_CHART_CACHE overrides
the folder); a build removes the entries it did not use from its own folder (charts/cache_folder.py).
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path

import altair as alt
from markupsafe import Markup

from generator import i18n
from generator.charts import cache_folder
from generator.charts.export import (
    BUNDLE_PATH,
    PNG_SCALE,
    Rendered,
    check_font,
    prerender,
    render,
    vega_bundle,
    vl_version,
)
from generator.charts.registry import ChartSpec, registry
from generator.charts.social import front_matter, og_fields
from generator.charts.spec_cache import published_spec
from generator.charts.table_cache import published_table
from generator.charts.tables import MISSING_CELL
from generator.i18n import _
from generator.site import csp
from generator.site.context import BuildContext
from generator.site.theme_words import HREFLANG

# Rows shown in the page's HTML table; a longer series is in the CSV (a page of thousands of rows
# helps no reader and slows every phone that opens it).
TABLE_ROW_LIMIT = 200
# Vertical room in the embed page besides the chart: the source line under it.
EMBED_EXTRA_HEIGHT = 48
FILES = ("chart.png", "chart.svg", "data.csv", "chart.vl.json")


@dataclass(frozen=True)
class ChartExport:
    """What later builders (the /data/ page) need to know about an exported chart."""

    spec: ChartSpec
    png_width: int
    png_height: int
    sizes: dict  # file name -> bytes
    # The rows of the page's table (at most TABLE_ROW_LIMIT), from the same cache entry as data.csv.
    rows: list

    @property
    def svg_width(self) -> int:
        return self.png_width // PNG_SCALE

    @property
    def svg_height(self) -> int:
        return self.png_height // PNG_SCALE


def absolute_url(ctx: BuildContext, path: str) -> str:
    """The full address of `path` in the edition being built (the English one below en/)."""
    return ctx.config.site["url"].rstrip("/") + "/" + i18n.edition_prefix() + path.lstrip("/")


def source_lines(spec: ChartSpec) -> tuple[str, str]:
    """The two lines under a chart's title in its image: where from, and which period."""
    as_of = spec.as_of.strftime("%Y-%m-%d %H:%M") if spec.as_of else "—"
    return (
        _("来源：%(source)s", source=i18n.name(spec.source)),
        _("时段：%(period)s · 数据截至 %(as_of)s", period=spec.period, as_of=as_of),
    )


def source_line(spec: ChartSpec) -> str:
    return " · ".join(source_lines(spec))


def citations(ctx: BuildContext, spec: ChartSpec) -> dict:
    """Ready-to-paste citations: short (under a reposted image) and full (with the address)."""
    site_name = i18n.name(ctx.config.site["name"])
    as_of = spec.as_of.strftime("%Y-%m-%d %H:%M") if spec.as_of else "—"
    url = absolute_url(ctx, spec.url)
    return {
        "short": _("数据来源：%(source)s；图表：%(site)s", source=i18n.name(spec.source), site=site_name),
        "full": _(
            "来源：%(site)s，《%(title)s》，%(period)s，数据截至 %(as_of)s，%(url)s",
            site=site_name,
            title=spec.title,
            period=spec.period,
            as_of=as_of,
            url=url,
        ),
    }


def embed_code(ctx: BuildContext, spec: ChartSpec, export: ChartExport, embed_id: str) -> str:
    """The <iframe> snippet a newsroom pastes (its title is escaped: it goes into their HTML)."""
    src = absolute_url(ctx, f"embed/{embed_id}/")
    height = export.svg_height + EMBED_EXTRA_HEIGHT
    return (
        f'<iframe src="{html.escape(src)}" title="{html.escape(spec.title)}" width="100%" height="{height}" '
        f'style="border:0;max-width:{export.svg_width}px" loading="lazy"></iframe>'
    )


def download_links(spec: ChartSpec, export: ChartExport) -> list[dict]:
    labels = {
        "chart.png": _(
            "PNG 图片（%(width)s×%(height)s 像素，适合转载）",
            width=export.png_width,
            height=export.png_height,
        ),
        "chart.svg": _("SVG 矢量图（可无损缩放、再编辑）"),
        "data.csv": _("CSV 数据（UTF-8，Excel 可直接打开）"),
        "chart.vl.json": _("Vega-Lite 图表定义（JSON，含数据）"),
    }
    return [
        {"name": name, "label": labels[name], "url": spec.file_url(name), "bytes": export.sizes[name]}
        for name in FILES
    ]


def chart_facts(spec: ChartSpec, as_of) -> dict:
    """What a chart shows and where its figures come from, as its page and data/index.json give them
    (`as_of` as the caller writes the time)."""
    return {
        "id": spec.id,
        "title": spec.title,
        "subtitle": spec.subtitle,
        "description": spec.description,
        "source": i18n.name(spec.source),
        "period": spec.period,
        "as_of": as_of,
        "rules": spec.rules,
    }


def column_titles(spec: ChartSpec) -> dict[str, str]:
    """The data's column headers in the edition's language: a builder may register them as
    catalog messages (N_), translated here; a header with no message is printed as registered."""
    return {name: _(title) for name, title in spec.columns.items()}


def column_fields(spec: ChartSpec) -> list[dict]:
    """The data's columns: machine name and title (header)."""
    return [{"name": name, "title": title} for name, title in column_titles(spec).items()]


def page_model(ctx: BuildContext, spec: ChartSpec, export: ChartExport) -> dict:
    rows = export.rows
    return {
        **chart_facts(spec, spec.as_of),
        "page_url": spec.page_url,
        "spec_url": spec.file_url("chart.vl.json"),
        "svg_url": spec.file_url("chart.svg"),
        "svg_width": export.svg_width,
        "svg_height": export.svg_height,
        "downloads": download_links(spec, export),
        "embed_code": embed_code(ctx, spec, export, spec.id),
        "citation": citations(ctx, spec),
        "permalink": absolute_url(ctx, spec.url),
        "aliases": [{"name": a, "url": f"charts/{a}/"} for a in spec.aliases],
        "headers": list(column_titles(spec).values()),
        "fields": column_fields(spec),
        "rows": rows,
        "n_rows": len(spec.data),
        "truncated": len(spec.data) > len(rows),
        "has_missing": any(MISSING_CELL in row for row in rows),
    }


def export_files(
    ctx: BuildContext, spec: ChartSpec, vl_text: bytes, cjk_font: str, cache_dir, used: set | None = None
) -> ChartExport:
    """The chart's files, from its published spec `vl_text` (spec_json of its Vega-Lite spec); the
    cache entries read or written are added to `used`."""
    rendered: Rendered = render(None, cjk_font, cache_dir, vl_text, used)
    # One lookup gives the download and the page's rows (page_model reads them from the export).
    csv, rows = published_table(spec.data, column_titles(spec), TABLE_ROW_LIMIT, cache_dir, used)
    files = {
        "chart.svg": rendered.svg,
        "chart.png": rendered.png,
        "data.csv": csv,
        "chart.vl.json": vl_text,
    }
    for name, data in files.items():
        ctx.out.write_bytes(spec.file_url(name), data)
    return ChartExport(
        spec=spec,
        png_width=rendered.png_width,
        png_height=rendered.png_height,
        sizes={name: len(data) for name, data in files.items()},
        rows=rows,
    )


def render_embed(ctx: BuildContext, embed_id: str, spec: ChartSpec, export: ChartExport) -> None:
    page_url = f"embed/{embed_id}/"
    text = ctx.env.get_template("embed.html.j2").render(
        page_url=page_url,
        chart={
            "title": spec.title,
            "description": spec.description,
            "source_line": source_line(spec),
            "spec_url": spec.file_url("chart.vl.json"),
            "svg_url": spec.file_url("chart.svg"),
            "svg_width": export.svg_width,
            "svg_height": export.svg_height,
            "permalink": absolute_url(ctx, spec.url),
        },
        bundle_url=BUNDLE_PATH,
        csp=csp.policy(),
        hreflang=Markup(HREFLANG[i18n.current()]),  # a constant (zh-CN, en)
    )
    ctx.out.write_text(f"{page_url}index.html", text)


def render_alias(ctx: BuildContext, alias: str, spec: ChartSpec, export: ChartExport) -> None:
    """/charts/<alias>/: a pointer to the current chart, with its files copied beside it."""
    for name in FILES:
        ctx.out.write_bytes(f"charts/{alias}/{name}", ctx.out.path(spec.file_url(name)).read_bytes())
    page_url = f"charts/{alias}/"
    og = og_fields(spec, export.png_width, export.png_height)
    text = ctx.env.get_template("chart_alias.html.j2").render(
        page_url=page_url,
        alias=alias,
        chart={
            "title": spec.title,
            "url": spec.url,
            "permalink": absolute_url(ctx, spec.url),
            "period": spec.period,
        },
        og={**og, "og_image": absolute_url(ctx, og["og_image"])},
        site=ctx.config.site,
        csp=csp.policy(),
        hreflang=Markup(HREFLANG[i18n.current()]),  # a constant (zh-CN, en)
    )
    ctx.out.write_text(f"{page_url}index.html", text)
    render_embed(ctx, alias, spec, export)


def chart_cache_dir(ctx: BuildContext) -> Path:
    """Rendered charts by content hash: build/cache/charts, or LYG_CHART_CACHE when set (so test
    sessions and CI runs building into fresh folders can share one cache; keys are checksums
    of everything that decides the bytes, so sharing never serves a stale image)."""
    override = os.environ.get("LYG_CHART_CACHE")
    return Path(override) if override else ctx.out.root.parent / "cache" / "charts"


def chart_cache_is_shared() -> bool:
    """LYG_CHART_CACHE names a folder that builds of other data use too: never pruned."""
    return bool(os.environ.get("LYG_CHART_CACHE"))


def build(ctx: BuildContext) -> None:
    charts = registry(ctx)
    exports: dict[str, ChartExport] = {}
    ctx.products["chart_exports"] = exports
    if not len(charts):
        return
    cjk_font = ctx.config.chart.get("cjk_font", "Noto Sans CJK SC")
    check_font(cjk_font)
    cache_dir = chart_cache_dir(ctx)
    used: set[Path] = set()  # the cache entries this build reads or writes
    ctx.out.write_bytes(BUNDLE_PATH, vega_bundle(vl_version({"$schema": alt.SCHEMA_URL}), cache_dir, used))
    # Each spec built once, or taken from the cache when the chart's inputs are unchanged
    # (generator/charts/spec_cache.py): it is both the published chart.vl.json and the render key.
    texts = {spec.id: published_spec(spec, cjk_font, source_lines(spec), cache_dir, used) for spec in charts}
    prerender(None, cjk_font, cache_dir, texts=list(texts.values()))
    for spec in charts:
        export = export_files(ctx, spec, texts[spec.id], cjk_font, cache_dir, used)
        exports[spec.id] = export
        og = front_matter({"title": spec.title, **og_fields(spec, export.png_width, export.png_height)})
        ctx.render_page(
            spec.url,
            "chart.md.j2",
            chart=page_model(ctx, spec, export),
            front=og,
            facts={"period": spec.period, "coverage": None, "rules": spec.rules},
        )
        render_embed(ctx, spec.id, spec, export)
    for alias, chart_id in sorted(charts.aliases.items()):
        render_alias(ctx, alias, charts.get(chart_id), exports[chart_id])
    if not chart_cache_is_shared():
        cache_folder.prune(cache_dir, used)
