"""/editors/: what the bureau's editors must do for the site to show everything, outside the
navigation, search and robots.

The public pages say why something is missing in words a reader understands ("省控站数据未接入");
the instructions behind those words (which station's data, in what format, into which folder of
the repository) are for editors, and live here and in the repository's guides.
"""

from __future__ import annotations

from generator.pages.shared.area_absence import absent_areas, data_needed

URL = "editors/"


def build(ctx) -> None:
    areas = {a.slug: a for a in ctx.config.areas}
    missing = [
        {"name": a["name"], "reason": a["reason"], "needs": data_needed(areas[a["slug"]], a["stations"])}
        for a in absent_areas(ctx)
    ]
    # Editors' files this build refused (sources/registers/last_good.py), with row, field and why:
    # /status/ names the files in public words and links here.
    refused = ctx.products.get("refused_files", [])
    ctx.render_page(URL, "editors.md.j2", editors={"areas": missing, "refused": refused})
