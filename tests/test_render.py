"""Templates escape everything they print, for HTML and for Markdown, and link relatively."""

from __future__ import annotations

from pathlib import Path

import jinja2
import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.site import render as render_module
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
            "group_header": "县区",
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


TEMPLATES = sorted(p.name for p in (Path(__file__).parents[1] / "generator" / "templates").glob("*.j2"))


def test_compiled_templates_are_kept_between_builds(tmp_path, monkeypatch):
    first = {name: make_env(tmp_path).get_template(name) for name in TEMPLATES}
    kept = make_env(tmp_path)

    def no_compile(*args, **kwargs):
        raise AssertionError("a template whose source did not change was compiled again")

    monkeypatch.setattr(kept, "compile", no_compile)
    for name in TEMPLATES:
        again = kept.get_template(name)  # from the bytecode cache, the same code
        assert again.root_render_func.__code__.co_code == first[name].root_render_func.__code__.co_code
    # A changed source is compiled again (Jinja's own check of the source's checksum).
    folder = tmp_path / "changed"
    (folder / "t").mkdir(parents=True)
    (folder / "t" / "x.j2").write_text("甲{{ a }}", encoding="utf-8")
    env = make_env(tmp_path / "bytecode")
    env.loader = jinja2.FileSystemLoader(folder / "t")
    assert env.get_template("x.j2").render(a=1) == "甲1"
    (folder / "t" / "x.j2").write_text("乙{{ a }}", encoding="utf-8")
    env = make_env(tmp_path / "bytecode")
    env.loader = jinja2.FileSystemLoader(folder / "t")
    assert env.get_template("x.j2").render(a=1) == "乙1"


def test_templates_compiled_by_other_code_are_removed(tmp_path):
    (tmp_path / "0123456789abcdef").mkdir()  # another version of render.py, Jinja or Python
    make_env(tmp_path).get_template(TEMPLATES[0])
    assert [p.name for p in tmp_path.iterdir()] == [render_module._COMPILED_WITH]
