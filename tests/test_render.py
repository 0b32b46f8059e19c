"""Templates escape everything they print, for HTML and for Markdown, and link relatively."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.site.render import escape_text, make_env, relative_url


def render(source: str, **values) -> str:
    return make_env().from_string(source).render(**values)


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[点我](javascript:alert(1))",
        "![x](http://evil.example/x.png)",
        "**粗体** _斜体_ `代码`",
        '" onmouseover="alert(1)',
    ],
)
def test_untrusted_text_renders_as_the_same_text_and_nothing_else(hostile):
    page = render("名称：{{ name }}", name=hostile)
    html = markdown.markdown(page, extensions=["md_in_html", "tables"])
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<strong>" not in html and "<em>" not in html and "<code>" not in html
    import html as htmllib

    # What a reader sees is exactly the input text.
    text = htmllib.unescape(html.removeprefix("<p>").removesuffix("</p>"))
    assert text == f"名称：{hostile}"


@given(st.text())
def test_escaping_round_trips_any_text(text):
    import html as htmllib

    assert htmllib.unescape(str(escape_text(text))) == text


def test_none_renders_as_empty_and_numbers_as_text():
    assert render("{{ a }}|{{ b }}", a=None, b=41.5) == "|41.5"


@pytest.mark.parametrize(
    "target, page, expected",
    [
        ("rankings/2026-W47/", "", "rankings/2026-W47/"),
        ("rankings/2026-W46/", "rankings/2026-W47/", "../2026-W46/"),
        ("charts/x/chart.svg", "rankings/2026-W47/", "../../charts/x/chart.svg"),
        ("", "areas/haizhou/", "../../"),
        ("areas/haizhou/", "areas/haizhou/", "./"),
    ],
)
def test_relative_links_work_from_any_page(target, page, expected):
    assert relative_url(target, page) == expected


def test_filters_format_missing_values_as_a_dash():
    assert render("{{ x|num(1) }} {{ y|pct }}", x=float("nan"), y=None) == "— —"
    assert render("{{ x|num(2) }} {{ y|pct }}", x=3.0649, y=0.8) == "3.06 80.0%"


def test_a_ranking_table_on_a_week_page_links_the_area_page_relative_to_the_week_page():
    env = make_env()
    page = env.from_string(
        '{% from "_ranking_table.md.j2" import unranked with context %}{{ unranked(r) }}'
    ).render(
        page_url="rankings/2025-W01/",
        r={
            "group_label": "县区",
            "this_week": "本周",
            "unranked": [
                {
                    "url": "areas/yuntaishan/",
                    "name": "云台山景区",
                    "reason": "数据不足",
                    "coverage_text": "40%",
                }
            ],
        },
    )
    assert 'href="../../areas/yuntaishan/"' in page


def test_a_link_without_a_page_url_is_an_error_not_a_link_from_the_site_root():
    import jinja2

    with pytest.raises(jinja2.TemplateRuntimeError, match="with context"):
        make_env().from_string("{{ 'areas/x/'|rel }}").render()
