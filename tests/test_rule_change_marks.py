"""A chart across a change of rules (the 2012 standards give way to the 2026 ones) marks the day of
the change and says what changed for its figure. The date, the standards' names and the changed
numbers are those of the rules tables (read here from the CSV files themselves)."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import lxml.html

from generator.pages.shared.map_layout import text_width
from generator.pages.shared.rule_changes import changes_within, note_lines

TABLES = Path(__file__).resolve().parent.parent / "generator" / "standards" / "tables"
LABELS = {"pm25": "PM2.5", "pm10": "PM10", "so2": "SO2", "no2": "NO2", "co": "CO", "o3": "O3"}


def table(name: str) -> list[dict]:
    with (TABLES / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def the_change() -> tuple[dict, dict]:
    old, new = sorted(table("versions.csv"), key=lambda v: v["effective_from"])[-2:]
    return old, new


def day_words(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def chart(site, chart_id: str) -> tuple[dict, str]:
    folder = site / "charts" / chart_id
    spec = json.loads((folder / "chart.vl.json").read_text(encoding="utf-8"))
    return spec, (folder / "chart.svg").read_text(encoding="utf-8")


def leaves(spec: dict, data=None) -> list[tuple[dict, dict]]:
    """(layer, its data: its own or the one it inherits) of every single-view layer."""
    data = spec.get("data", data)
    if "layer" not in spec:
        return [(spec, data)]
    return [leaf for layer in spec["layer"] for leaf in leaves(layer, data)]


def rule_dates(spec: dict, field: str) -> list[str]:
    """The x values of the chart's vertical rules (the marks of a change of rules)."""
    out = []
    for layer, data in leaves(spec):
        if layer.get("mark", {}).get("type") == "rule":
            out += [row[field] for row in data.get("values") or spec["datasets"][data["name"]]]
    return out


def caption(site, url: str, chart_id: str) -> str:
    root = lxml.html.parse(str(site / url / "index.html")).getroot()
    return root.xpath(f'//figure[@id="chart-{chart_id}"]//figcaption')[0].text_content()


def test_the_weekly_composite_chart_marks_the_change_and_names_the_new_denominators(sample_site):
    old, new = the_change()
    start = date.fromisoformat(new["effective_from"])
    si = {(r["version"], r["pollutant"]): float(r["si"]) for r in table("composite.csv")}
    changed = [
        f"{LABELS[p]} 由 {si[(old['version'], p)]:g} 改为 {si[(new['version'], p)]:g}"
        for v, p in si
        if v == new["version"] and si[(old["version"], p)] != si[(new["version"], p)]
    ]
    assert changed  # PM10 and PM2.5: the index's denominators changed in 2026
    spec, svg = chart(sample_site, "area-haizhou-weekly")
    assert rule_dates(spec, "week_start") == [start.isoformat()]
    assert f"{day_words(start)}起新标准" in svg  # the mark's own label, in the image
    text = caption(sample_site, "areas/haizhou", "area-haizhou-weekly")
    for words in (f"{day_words(start)}起执行{new['label']}", *changed):
        assert words in svg and words in text, words


def test_the_daily_aqi_chart_marks_the_change_and_names_the_changed_breakpoints(sample_site):
    old, new = the_change()
    start = date.fromisoformat(new["effective_from"])
    points = {
        (r["version"], r["item"], r["iaqi"]): float(r["concentration"]) for r in table("breakpoints.csv")
    }
    changed = [
        f"{LABELS[item.split('_')[0]]} 日均 {points[(old['version'], item, i)]:g}→{c:g}"
        for (v, item, i), c in points.items()
        if v == new["version"] and item.endswith("_24h") and points.get((old["version"], item, i), c) != c
    ]
    assert changed
    spec, svg = chart(sample_site, "area-haizhou-daily-aqi")
    assert rule_dates(spec, "date") == [start.isoformat()]
    for words in changed:
        assert words in svg, words


def test_the_monthly_level_days_chart_marks_the_month_of_the_change(sample_site):
    _, new = the_change()
    start = date.fromisoformat(new["effective_from"])
    spec, svg = chart(sample_site, "science-aqi-days-per-level")
    assert rule_dates(spec, "month") == [f"{start:%Y-%m}"]
    assert f"{day_words(start)}起执行{new['label']}" in svg


def test_a_chart_inside_one_rule_period_has_no_mark(real_2019_site):
    for chart_id in ("area-haizhou-weekly", "area-haizhou-daily-aqi", "area-haizhou-rank-history"):
        spec, svg = chart(real_2019_site, chart_id)
        assert rule_dates(spec, "week_start" if "weekly" in chart_id else "date") == []
        assert "起新标准" not in svg


def test_a_change_counts_from_the_day_after_the_first_to_the_last_day_inclusive():
    _, new = the_change()
    start = date.fromisoformat(new["effective_from"])
    before = date.fromordinal(start.toordinal() - 1)
    assert [n.version for _, n in changes_within(before, start)] == [new["version"]]
    assert changes_within(start, date(start.year + 1, 1, 1)) == []  # begins under the new rules
    assert changes_within(date(2019, 1, 1), before) == []


def test_a_note_breaks_between_clauses_never_inside_brackets():
    note = (
        "2026年3月1日起执行2026年版标准（HJ 633-2026、HJ 663-2026、GB 3095-2026）："
        "综合指数的分母改变：PM10 由 70 改为 60 µg/m³"
    )
    lines = note_lines(note, width=600)
    assert len(lines) == 2 and "".join(lines) == note
    assert all(line.count("（") == line.count("）") and text_width(line, 11) <= 600 for line in lines)
