"""Sharing in WeChat: a QR code of its own address on every area, chart and warning page, and the
home page's preview card with the latest AQI (issue 30).

Runs after the chart pages are written. Each page's code is `qr.svg` beside the page, of the
page's canonical address (site.url); the theme shows it under the page's content for the pages
listed in `site_meta["qr_pages"]` (site_src/overrides/partials/share-qr.html). The card is
`social/home.png`, named by the home page's og:image (home.py, CARD_URL).
"""

from __future__ import annotations

import re

from generator import i18n
from generator.charts.share_images import CARD_HEIGHT, CARD_WIDTH, aqi_card_png, qr_svg
from generator.i18n import _
from generator.i18n.dates import day_text, weekday_text
from generator.pages.shared.latest_day import latest_day
from generator.pages.shared.notice_addresses import notice_url
from generator.site.context import BuildContext

CARD_URL = "social/home.png"
_CHART_PAGE = re.compile(r"charts/[^/]+/index\.md")


def shared_pages(ctx: BuildContext) -> list[str]:
    """The addresses ('areas/haizhou/') of the area, chart and warning pages this build wrote."""
    files = set(ctx.out.files())
    urls = [f"areas/{a.slug}/" for a in ctx.config.areas]
    urls += [f[: -len("index.md")] for f in sorted(files) if _CHART_PAGE.fullmatch(f)]
    register = ctx.products.get("warning_register")
    if register is not None:
        urls += [notice_url(n) for n in register.notices]
    return [u for u in urls if f"{u}index.md" in files]


def card_fields(ctx: BuildContext) -> dict:
    """What the home card shows: the city's latest complete day (the home page's first place)."""
    base = edition_base(ctx)
    card = {
        "site_name": i18n.name(ctx.config.site["name"]),
        "address": base.split("://", 1)[-1],
        "sample": ctx.dataset.is_sample,
    }
    model = latest_day(ctx)
    if model and model["places"] and model["places"][0]["latest"]["has_aqi"]:
        place, cell = model["places"][0], model["places"][0]["latest"]
        card.update(
            place=i18n.name(place["name"]),
            day=_("%(day)s（%(weekday)s）", day=day_text(model["day"]), weekday=weekday_text(model["day"])),
            aqi=cell["aqi"],
            level=cell["level"],
            category=i18n.name(cell["category"]),
            colour=cell["colour"],
            primary=i18n.name(cell["primary"]),
            rules=model["rules"],
        )
    return card


def home_og(ctx: BuildContext) -> dict:
    """The home page's Open Graph fields: its card, and the latest AQI in words."""
    card = card_fields(ctx)
    latest = (
        _(
            "%(place)s%(day)s空气质量指数 %(aqi)s（%(category)s）。",
            place=card["place"],
            day=card["day"],
            aqi=card["aqi"],
            category=card["category"],
        )
        if card.get("aqi") is not None
        else ""
    )
    return {
        "og_title": card["site_name"],
        "og_description": latest + _("各县区空气质量排名、重污染天气预警与重点排污单位信息公开。"),
        "og_image": CARD_URL,
        "og_image_width": CARD_WIDTH,
        "og_image_height": CARD_HEIGHT,
        "og_image_alt": _("%(site)s：%(latest)s", site=card["site_name"], latest=latest or _("最新空气质量")),
    }


def edition_base(ctx: BuildContext) -> str:
    """The edition's address: the site's, or its English edition's below en/."""
    return ctx.config.site["url"].rstrip("/") + "/" + i18n.edition_prefix()


def build(ctx: BuildContext) -> None:
    base = edition_base(ctx)
    pages = shared_pages(ctx)
    for url in pages:
        ctx.out.write_bytes(f"{url}qr.svg", qr_svg(base + url))
    ctx.site_meta["qr_pages"] = pages
    font = ctx.config.chart.get("cjk_font", "Noto Sans CJK SC")
    ctx.out.write_bytes(CARD_URL, aqi_card_png(card_fields(ctx), font))
    ctx.site_meta["home_card"] = {"url": CARD_URL, "width": CARD_WIDTH, "height": CARD_HEIGHT}
