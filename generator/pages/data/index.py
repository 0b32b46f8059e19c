"""/data/: every download on the site, as a page and as a static JSON index (data/index.json).

Runs last: it lists the files of every chart the charts builder exported and every dataset page
builders registered (generator/charts/datasets.py). Entries are ordered by id, so the same site
gives the same index byte for byte.
"""

from __future__ import annotations

import json

from generator import i18n
from generator.charts.datasets import datasets
from generator.charts.registry import registry
from generator.config.publishing import mirrors
from generator.i18n import N_, _
from generator.pages.data.charts import FILES, absolute_url, chart_facts, column_fields
from generator.site.context import BuildContext

INDEX_PATH = "data/index.json"
FILE_KINDS = {"chart.png": "png", "chart.svg": "svg", "data.csv": "csv", "chart.vl.json": "vega_lite"}
FILE_LABELS = {"chart.png": "PNG", "chart.svg": "SVG", "data.csv": "CSV", "chart.vl.json": "JSON"}
OTHER_GROUP = N_("其他数据")
# The site's sections, by the first part of the address of the page that shows a chart: /data/
# lists the charts section by section, in this order, instead of one table of hundreds.
CHART_SECTIONS = {
    "": N_("首页"),
    "rankings": N_("排名"),
    "areas": N_("县区"),
    "stations": N_("监测站点"),
    "forecast": N_("预报"),
    "targets": N_("目标进展"),
    "enterprises": N_("重点排污单位"),
    "science": N_("科普"),
}


def _iso(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def chart_entries(ctx: BuildContext) -> list[dict]:
    exports = ctx.products.get("chart_exports")
    if exports is None:
        raise RuntimeError(
            "generator.pages.data.index must run after generator.pages.data.charts (PAGE_BUILDERS)"
        )
    charts = registry(ctx)
    aliases_of: dict[str, list[str]] = {}
    for alias, chart_id in sorted(charts.aliases.items()):
        aliases_of.setdefault(chart_id, []).append(alias)
    entries = []
    for spec in charts:
        export = exports[spec.id]
        files = {}
        for name in FILES:
            item = {
                "path": spec.file_url(name),
                "url": absolute_url(ctx, spec.file_url(name)),
                "bytes": export.sizes[name],
            }
            if name == "chart.png":
                item.update(width=export.png_width, height=export.png_height)
            files[FILE_KINDS[name]] = item
        entries.append(
            {
                **chart_facts(spec, _iso(spec.as_of)),
                "permalink": absolute_url(ctx, spec.url),
                "embed": absolute_url(ctx, f"embed/{spec.id}/"),
                "page": absolute_url(ctx, spec.page_url),
                "aliases": aliases_of.get(spec.id, []),
                "columns": column_fields(spec),
                "files": files,
            }
        )
    return entries


def dataset_entries(ctx: BuildContext) -> list[dict]:
    return [
        {
            "id": d.id,
            "title": d.title,
            "format": d.format,
            "description": d.description,
            "period": d.period,
            "as_of": _iso(d.as_of),
            "source": i18n.name(d.source),
            # Group names are messages (the builders' N_ words), printed in the edition's language.
            "group": _(d.group or OTHER_GROUP),
            "path": d.url,
            "url": absolute_url(ctx, d.url),
        }
        for d in datasets(ctx)
    ]


def index(ctx: BuildContext) -> dict:
    return {
        # url is the canonical address; mirrors serve the same files elsewhere (issue 30).
        "site": {
            "name": i18n.name(ctx.config.site["name"]),
            "url": ctx.config.site["url"],
            "mirrors": list(mirrors(ctx.config.path, ctx.config.raw)),
        },
        "as_of": _iso(ctx.as_of),
        "is_sample": ctx.dataset.is_sample,
        "charts": chart_entries(ctx),
        "aliases": dict(sorted(registry(ctx).aliases.items())),
        "datasets": dataset_entries(ctx),
    }


def _as_of_text(iso: str | None) -> str:
    """'2019-11-24T23:00:00+08:00' -> '2019-11-24 23:00' (times are Beijing time)."""
    return iso[:16].replace("T", " ") if iso else "—"


def _section(page: str, site_url: str) -> str:
    """The section of the site a chart's page belongs to ('排名' for rankings/2026-W47/; the
    message id, translated where it is printed)."""
    path = page.removeprefix(site_url.rstrip("/") + "/").removeprefix(i18n.edition_prefix())
    return CHART_SECTIONS.get(path.split("/", 1)[0], OTHER_GROUP)


def page_model(data: dict) -> dict:
    charts = [
        {
            "title": c["title"],
            "url": f"charts/{c['id']}/",
            "period": c["period"],
            "as_of": _as_of_text(c["as_of"]),
            "files": [
                {"label": FILE_LABELS[name], "url": c["files"][FILE_KINDS[name]]["path"]} for name in FILES
            ],
        }
        for c in data["charts"]
    ]
    sections: dict[str, list[dict]] = {}
    for chart, entry in zip(charts, data["charts"], strict=True):
        sections.setdefault(_section(entry["page"], data["site"]["url"]), []).append(chart)
    order = list(CHART_SECTIONS.values())
    groups: dict[str, list[dict]] = {}
    for d in data["datasets"]:
        groups.setdefault(d["group"], []).append({**d, "as_of": _as_of_text(d["as_of"])})
    return {
        "charts": charts,
        "chart_sections": [
            {"name": _(name), "charts": sections[name], "n": len(sections[name])}
            for name in sorted(sections, key=lambda n: (order.index(n) if n in order else len(order), n))
        ],
        "dataset_groups": [{"name": name, "datasets": groups[name]} for name in sorted(groups)],
        "index_url": INDEX_PATH,
        "n_charts": len(charts),
        "n_datasets": len(data["datasets"]),
    }


def build(ctx: BuildContext) -> None:
    data = index(ctx)
    ctx.out.write_bytes(INDEX_PATH, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    ctx.render_page("data/", "data.md.j2", data=page_model(data))
