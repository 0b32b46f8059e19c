"""Templates compute nothing: every figure a page shows arrives computed and rounded in its page model.

A template may print, loop, choose and format; it may not do arithmetic, and the only filters it may
use are the formatting filters generator/site/render.py adds (number, percent, date, size, link) and
a few that arrange text and lists without making a figure.
"""

from __future__ import annotations

import jinja2
import pytest
from jinja2 import nodes

from generator.site.render import _fmt_number, make_env

ENV = make_env()
TEMPLATES = ENV.list_templates()
# The filters render.py adds to Jinja's built-in ones.
OWN_FILTERS = set(ENV.filters) - set(jinja2.Environment().filters)
# Built-ins that only arrange what the model gives. `length` states the size of a list the page
# also shows, so the count printed and the rows listed cannot disagree.
ARRANGING_FILTERS = {"join", "length", "replace", "reverse"}
ARITHMETIC = (nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow, nodes.Neg)


def parsed(name: str) -> nodes.Template:
    source, _, _ = ENV.loader.get_source(ENV, name)
    return ENV.parse(source)


def test_every_template_is_checked():
    assert len(TEMPLATES) > 40 and all(name.endswith(".j2") for name in TEMPLATES)


def test_render_adds_the_formatting_filters():
    assert OWN_FILTERS == {"rel", "num", "pct", "dt", "kb"} | LANGUAGE_FILTERS


# The filters that put a value into the language being rendered (generator/i18n): a proper name,
# a date in words, a text with no English form marked as Chinese. They translate, never compute.
LANGUAGE_FILTERS = {
    "name",
    "name_text",
    "zh",
    "zh_runs",
    "day_text",
    "short_day_text",
    "month_text",
    "weekday_text",
}


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_template_does_no_arithmetic(name):
    sums = [f"line {node.lineno}: {type(node).__name__}" for node in parsed(name).find_all(ARITHMETIC)]
    assert sums == [], f"{name} computes; put the figure in its page model"


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_template_uses_only_formatting_and_arranging_filters(name):
    used = {node.name for node in parsed(name).find_all(nodes.Filter)}
    assert used <= OWN_FILTERS | ARRANGING_FILTERS, f"{name} uses {sorted(used - OWN_FILTERS)}"


def test_the_checks_catch_a_sum_and_a_rounding_filter():
    template = ENV.parse("{{ (a + b)|round(1) }} {{ rows|sum(attribute='n') }}")
    assert [type(n).__name__ for n in template.find_all(ARITHMETIC)] == ["Add"]
    assert {n.name for n in template.find_all(nodes.Filter)} - OWN_FILTERS - ARRANGING_FILTERS == {
        "round",
        "sum",
    }


def test_sizes_print_in_kilobytes_as_the_download_lists_always_did():
    assert ENV.from_string("{{ size|kb }}").render(size=2560) == _fmt_number(2560 / 1024, 1) == "2.5"


def test_the_level_days_table_lists_ranked_then_unranked_rows():
    page = ENV.from_string('{% from "_ranking_table.md.j2" import level_days %}{{ level_days(r) }}').render(
        r={
            "group_label": "区县",
            "group_header": "区县",
            "levels": [{"level": 1, "category": "优"}],
            "rows": [{"name": "海州区", "level_days": [3], "aqi_days": 3, "no_days_text": None}],
            "unranked": [
                {"name": "灌南县", "level_days": [1], "aqi_days": 1, "no_days_text": None},
                # No day with an AQI: no data across the levels, not 0 days of each.
                {
                    "name": "东海县",
                    "level_days": [0],
                    "aqi_days": 0,
                    "no_days_text": "无数据（省控站数据未接入）",
                },
            ],
        }
    )
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    assert body == (
        "<tbody>\n"
        "<tr><td>海州区</td><td>3</td><td>3</td></tr>\n"
        "<tr><td>灌南县</td><td>1</td><td>1</td></tr>\n"
        '<tr><td>东海县</td><td colspan="1">无数据（省控站数据未接入）</td><td>0</td></tr>\n'
    )
