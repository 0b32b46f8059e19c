"""Images for sharing a page in WeChat: the QR code of a page's address, and the home page's card.

Both are drawn at build, with no script and no outside service: the QR code as SVG by segno (a
phone scans it from the screen or from print), the card as SVG turned into PNG by vl-convert
(link previews want PNG or JPEG) with the chart font, so its Chinese is the same as the charts'.
Text on the card comes from the build's data and configuration: escaped for XML.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import segno
import vl_convert as vlc

from generator.i18n import _

CARD_WIDTH, CARD_HEIGHT = 1200, 630
# Level colours 5 and 6 (purple, maroon) need white text, as the pages' swatches (assets/site.css).
_WHITE_TEXT_LEVELS = (5, 6)


def qr_svg(url: str) -> bytes:
    """The QR code of `url` as a standalone SVG, medium error correction, a 4-module quiet zone."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=4, border=4, xmldecl=False, svgclass=None, lineclass=None, title=url)
    return out.getvalue()


def _text(x: int, y: int, size: int, text: str, font: str, fill: str = "#222", weight: str = "normal") -> str:
    return (
        f'<text x="{x}" y="{y}" font-family="{escape(font)}" font-size="{size}" '
        f'font-weight="{weight}" fill="{fill}">{escape(text)}</text>'
    )


def _fitted(size: int, text: str, room: int) -> int:
    """The font size at which `text` fits `room` pixels: `size`, or smaller for a long line (an
    English level name or pollutant). Widths are estimated: a CJK character is 1 em, others 0.6."""
    width = sum(1.0 if ord(c) >= 0x2E80 else 0.6 for c in str(text)) * size
    return size if width <= room else max(int(size * room / width), 12)


def aqi_card_svg(card: dict, font: str) -> str:
    """The card: the site's name, the place and day, the AQI in its level's colour, the level and
    primary pollutant, the address. `card` without `aqi` says that no complete day is at hand."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CARD_WIDTH}" height="{CARD_HEIGHT}">',
        f'<rect width="{CARD_WIDTH}" height="{CARD_HEIGHT}" fill="#ffffff"/>',
        f'<rect width="{CARD_WIDTH}" height="14" fill="#3f51b5"/>',
        _text(60, 96, 44, card["site_name"], font, "#3f51b5", "bold"),
    ]
    if card.get("aqi") is not None:
        ink = "#ffffff" if card["level"] in _WHITE_TEXT_LEVELS else "#000000"
        line = f"{card['place']} · {card['day']}"
        index_words = _("空气质量指数 AQI")
        primary = _("首要污染物：%(primary)s", primary=card["primary"])
        parts += [
            _text(60, 176, _fitted(40, line, 1080), line, font),
            f'<rect x="60" y="220" width="420" height="300" rx="24" fill="{escape(card["colour"])}"/>',
            _text(96, 290, _fitted(40, index_words, 360), index_words, font, ink),
            _text(96, 470, 150, str(card["aqi"]), font, ink, "bold"),
            _text(540, 300, _fitted(72, card["category"], 620), card["category"], font, "#222", "bold"),
            _text(540, 380, _fitted(36, primary, 620), primary, font),
            _text(540, 440, 32, card["rules"], font, "#555"),
        ]
    else:
        parts.append(_text(60, 300, 48, _("暂无完整一天的监测数据"), font))
    if card.get("sample"):
        sample = _("演示样本数据，非官方监测数据")
        parts.append(_text(540, 500, _fitted(32, sample, 620), sample, font, "#b71c1c", "bold"))
    parts += [_text(60, 590, 30, card["address"], font, "#555"), "</svg>"]
    return "".join(parts)


def aqi_card_png(card: dict, font: str) -> bytes:
    return vlc.svg_to_png(aqi_card_svg(card, font), scale=1)
