"""The images for sharing: a page's QR code, the home page's card (no data, hostile text)."""

from __future__ import annotations

import lxml.etree

from generator.charts.export import png_size
from generator.charts.share_images import CARD_HEIGHT, CARD_WIDTH, aqi_card_png, aqi_card_svg, qr_svg

FONT = "Noto Sans CJK SC"
BASE = {"site_name": "连云港市环境空气质量信息公开", "address": "air.example.cn/", "sample": False}


def test_a_card_with_no_complete_day_says_so_and_is_still_a_card():
    svg = aqi_card_svg(BASE, FONT)
    assert "暂无完整一天的监测数据" in svg and "AQI" not in svg
    assert png_size(aqi_card_png(BASE, FONT)) == (CARD_WIDTH, CARD_HEIGHT)


def test_text_from_configuration_is_escaped_on_the_card():
    card = {**BASE, "site_name": '</text><script>alert(1)</script>&"', "place": "甲<乙>", "day": "1日",
            "aqi": 250, "level": 5, "category": "重度污染", "colour": "#99004C", "primary": "PM2.5",
            "rules": "HJ 633-2012", "sample": True}  # fmt: skip
    doc = lxml.etree.fromstring(aqi_card_svg(card, FONT).encode("utf-8"))
    texts = [t.text for t in doc.iter("{http://www.w3.org/2000/svg}text")]
    assert '</text><script>alert(1)</script>&"' in texts and "甲<乙> · 1日" in texts
    assert not list(doc.iter("{http://www.w3.org/2000/svg}script"))
    assert "演示样本数据，非官方监测数据" in texts
    # Purple and maroon levels carry white text, as the site's swatches do.
    assert {t.get("fill") for t in doc.iter("{http://www.w3.org/2000/svg}text") if t.text == "250"} == {
        "#ffffff"
    }


def test_a_qr_code_is_a_standalone_svg_naming_its_address():
    svg = qr_svg("https://air.example.cn/areas/haizhou/").decode("utf-8")
    doc = lxml.etree.fromstring(svg.encode("utf-8"))
    assert doc.tag == "{http://www.w3.org/2000/svg}svg"
    assert doc.findtext("{http://www.w3.org/2000/svg}title") == "https://air.example.cn/areas/haizhou/"
    assert qr_svg("https://air.example.cn/areas/haizhou/") == qr_svg("https://air.example.cn/areas/haizhou/")
