"""A change of rules inside a chart's period (2026-03-01: the 2012 standards give way to the 2026
ones), said on the chart: a dashed vertical line on the day of the change, labelled with the date,
and a sentence of what changed for the figure drawn. The date, the names of the standards and the
changed numbers all come from the rules tables (versions.csv, composite.csv, breakpoints.csv,
through generator.standards.rules), never from the chart code.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from generator import i18n
from generator.i18n import _
from generator.i18n.dates import day_text
from generator.pages.shared.map_layout import text_width
from generator.standards.rules import LABELS, RuleSet, load_rules, rules_for

RULE_COLOUR = "#666"
NOTE_WIDTH = 600  # px: a line of the note under a chart's title (the charts are 600 px wide)
UNITS = {"co": "mg/m³"}  # every other pollutant of the index is in µg/m³


def _date_text(day: pd.Timestamp) -> str:
    """2026年3月1日 / 1 March 2026."""
    return day_text(pd.Timestamp(day).date())


def rules_span(versions) -> str:
    """The rule versions in force over a period, each with its dates: '2012年版标准（至2026年2月28日）、
    2026年版标准（2026年3月1日起）'."""
    rulesets = sorted((rules_for(str(v)) for v in versions), key=lambda r: r.effective_from)
    if len(rulesets) == 1:
        return _(rulesets[0].label)
    parts = []
    for i, r in enumerate(rulesets):
        if i == 0 and r.effective_to is not None:
            parts.append(
                _("%(version)s年版标准（至%(day)s）", version=r.version, day=_date_text(r.effective_to))
            )
        else:
            parts.append(
                _("%(version)s年版标准（%(day)s起）", version=r.version, day=_date_text(r.effective_from))
            )
    return _("、").join(parts)


def changes_within(first, last) -> list[tuple[RuleSet, RuleSet]]:
    """(old, new) for each version that comes into force after `first` and on or before `last`."""
    first, last = pd.Timestamp(first), pd.Timestamp(last)
    ordered = sorted(load_rules().values(), key=lambda r: r.effective_from)
    return [
        (old, new)
        for old, new in zip(ordered, ordered[1:], strict=False)
        if first < new.effective_from <= last
    ]


def _number(value: float) -> str:
    return f"{value:g}"


def composite_change(old: RuleSet, new: RuleSet) -> str:
    """What changed in the composite index: its denominators (Si, composite.csv)."""
    si_old, si_new = old.composite["si"], new.composite["si"]
    changed = [
        _(
            "%(pollutant)s 由 %(old)s 改为 %(new)s %(unit)s",
            pollutant=LABELS[p],
            old=_number(si_old[p]),
            new=_number(si_new[p]),
            unit=UNITS.get(p, "µg/m³"),
        )
        for p in si_new.index
        if p in si_old.index and si_old[p] != si_new[p]
    ]
    if not changed:
        return _("综合指数的算法不变")
    return _(
        "综合指数的分母（各项标准限值）改变：%(changes)s；前后数值不宜直接比较", changes=_("，").join(changed)
    )


def aqi_change(old: RuleSet, new: RuleSet) -> str:
    """What changed in the daily AQI: the concentration at each changed IAQI breakpoint."""
    changed = []
    for item, (conc_new, iaqi_new) in new.breakpoints.items():
        if item not in old.breakpoints:
            continue
        conc_old, iaqi_old = old.breakpoints[item]
        pollutant, _sep, period = item.partition("_")
        unit = UNITS.get(pollutant, "µg/m³")
        for c_new, i in zip(conc_new, iaqi_new, strict=True):
            olds = conc_old[iaqi_old == i]
            if len(olds) and olds[0] != c_new and period == "24h":
                changed.append(
                    _(
                        "%(pollutant)s 日均 %(old)s→%(new)s %(unit)s（分指数 %(iaqi)s）",
                        pollutant=LABELS[pollutant],
                        old=_number(olds[0]),
                        new=_number(c_new),
                        unit=unit,
                        iaqi=i,
                    )
                )
    if not changed:
        return _("日 AQI 的分级不变")
    return _("日 AQI 的分级浓度改变：%(changes)s", changes=_("，").join(changed))


def note_lines(text: str, width: float = NOTE_WIDTH, size: float = 11) -> list[str]:
    """A sentence broken into lines at most `width` px wide, after a punctuation mark outside
    brackets (a clause longer than a line is cut where it must)."""
    clauses, depth, start = [], 0, 0
    # Chinese text breaks after its own marks; English also after , ; : (never '.', as in PM2.5).
    marks = "，；：。" if i18n.current() == i18n.SOURCE_LANGUAGE else "，；：。,;:"
    for i, ch in enumerate(text):
        depth += (ch in "（(") - (ch in "）)")
        if depth == 0 and ch in marks:
            clauses.append(text[start : i + 1])
            start = i + 1
    clauses.append(text[start:])
    lines = [""]
    for clause in filter(None, clauses):
        while text_width(clause, size) > width:  # a clause too long for any line: cut it
            n = max(k for k in range(1, len(clause) + 1) if text_width(clause[:k], size) <= width)
            lines += [clause[:n]]
            clause = clause[n:]
        if lines[-1] and text_width(lines[-1] + clause, size) > width:
            lines.append("")
        lines[-1] += clause
    if i18n.current() != i18n.SOURCE_LANGUAGE:
        lines = [line.strip() for line in lines]
    return [line for line in lines if line]


def change_note(first, last, what) -> str:
    """The sentence for a chart over [first, last]: '2026年3月1日起执行2026年版标准（…）：…' for each
    change inside the period ('' when none); `what(old, new)` says what changed for the figure."""
    return _("；").join(
        _(
            "%(day)s起执行%(rules)s：%(what)s",
            day=_date_text(new.effective_from),
            rules=_(new.label),
            what=what(old, new),
        )
        for old, new in changes_within(first, last)
    )


def change_layer(first, last, x_field: str, x_format=str, x_type: str = "T") -> alt.Chart | None:
    """A dashed vertical line at each change of rules inside [first, last], labelled with its date,
    on an x axis of `x_field` (of Vega-Lite type `x_type`; `x_format` turns a Timestamp into the
    field's values)."""
    changes = changes_within(first, last)
    if not changes:
        return None
    data = pd.DataFrame(
        {
            x_field: [x_format(new.effective_from) for _old, new in changes],
            "label": [_("%(day)s起新标准", day=_date_text(new.effective_from)) for _old, new in changes],
        }
    )
    # On a band (ordinal) axis the line stands at the start of the band: the month begins under
    # the new rules.
    band = {"bandPosition": 0} if x_type == "O" else {}
    base = alt.Chart(data).encode(x=alt.X(f"{x_field}:{x_type}", **band))
    rule = base.mark_rule(color=RULE_COLOUR, strokeDash=[5, 4], strokeWidth=1.2)
    text = base.mark_text(align="left", baseline="top", dx=4, dy=2, color=RULE_COLOUR, fontSize=11).encode(
        y=alt.value(0), text="label:N"
    )
    return rule + text


def mark_changes(chart, *, first, last, x_field: str, what, title: str, subtitle: str, monthly: bool = False):
    """`chart` (a time chart over [first, last] with `x_field` as 'YYYY-MM-DD' text, or as
    'YYYY-MM' on an ordinal axis when `monthly`) with each change of rules inside the period
    marked, and the subtitle with what changed: (chart, subtitle). The chart's own title carries
    the note in lines, for the PNG and SVG."""
    if monthly:
        layer = change_layer(first, last, x_field, lambda day: day.strftime("%Y-%m"), "O")
    else:
        layer = change_layer(first, last, x_field, lambda day: day.strftime("%Y-%m-%d"))
    if layer is None:
        return chart, subtitle
    note = change_note(first, last, what)
    heading = alt.TitleParams(text=title, subtitle=[subtitle, *note_lines(note)], anchor="start")
    return alt.layer(chart, layer).properties(title=heading), _(
        "%(subtitle)s。%(note)s", subtitle=subtitle, note=note
    )
