"""Page models of the weekly rankings: plain data (texts already formatted) for the templates.

Input is the weekly statistics frame of generator.statistics (one row per area or city and ISO
week, with ranks and changes computed by the standards engine); nothing here computes a statistic.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator import i18n
from generator.i18n import N_, _, pgettext
from generator.pages.shared.ranking_words import (  # the cells' words, used here and by other pages
    fmt,
    fmt_rate,
    primary_text,
    rank_change_text,
    rank_text,
    reason_text,
    rules_label,
    rules_short,
)
from generator.standards.rules import LABELS, rules_for
from generator.statistics import INDEX_POLLUTANTS, LEVELS, WeekInfo, figures

# Concentration columns of the weekly frame -> pollutant whose reporting decimals apply.
CONCENTRATIONS = {
    "pm25": "pm25",
    "pm10": "pm10",
    "so2": "so2",
    "no2": "no2",
    "co_p95": "co",
    "o3_8h_p90": "o3",
}


@dataclass(frozen=True)
class Scope:
    """What is ranked: the configured counties/districts, or the cities of the station registry."""

    key: str  # "areas" | "cities"
    group_label: str  # 县区 / 城市
    scope_label: str  # 各县区 / 各城市
    url_suffix: str  # "" for areas, "cities/" for cities
    chart_suffix: str  # "" | "-cities"
    extension: str  # how the page extends the national (monthly and longer) city ranking

    def week_url(self, week: str) -> str:
        return f"rankings/{week}/{self.url_suffix}"

    def latest_url(self) -> str:
        return f"rankings/latest/{self.url_suffix}"

    def file_stem(self, week: str) -> str:
        return f"rankings/{week}" + ("-cities" if self.key == "cities" else "")


AREAS = Scope("areas", "县区", "各县区", "", "", N_("把同一方法延伸到县区、按周计算"))
CITIES = Scope(
    "cities",
    "城市",
    "各城市",
    "cities/",
    "-cities",
    N_("把同一方法按周计算；本页是同一周各城市的对照排名，方法与县区周排名相同"),
)


def scope_words(scope: Scope) -> dict[str, str]:
    """What is ranked, in the words of the language being rendered: in a sentence ("group":
    县区 / areas; "scope": 各县区 / counties and districts), as a column header and in a title."""
    if scope.key == "cities":
        return {
            "group": pgettext("ranked, in a sentence", "城市"),
            "header": pgettext("column", "城市"),
            "scope": pgettext("ranked, in a sentence", "各城市"),
            "title": pgettext("ranked, in a title", "各城市"),
        }
    return {
        "group": pgettext("ranked, in a sentence", "县区"),
        "header": pgettext("column", "县区"),
        "scope": pgettext("ranked, in a sentence", "各县区"),
        "title": pgettext("ranked, in a title", "各县区"),
    }


is_missing = figures.is_missing


COMPARED_WEEK = {"prev": N_("上周"), "yoy": N_("去年同周")}


def compared_rank_text(row: dict, prefix: str, group_label: str) -> str:
    """The rank change, only when both weeks ranked the same groups: a place among other groups
    is a different place (first of 1 is not first of 3); otherwise how many each week ranked."""
    if row.get(f"{prefix}_rank_comparable"):
        return rank_change_text(row.get("rank"), row.get(f"{prefix}_rank"))
    other = row.get(f"{prefix}_n_ranked")
    if is_missing(row.get(f"{prefix}_rank")) or is_missing(other):
        return _("名次无对比")
    now, other = int(row["n_ranked"]), int(other)
    if now == other:
        counts = _("两周各有 %(n)s 个%(group)s参与排名，但不是同一批", n=now, group=group_label)
    else:
        counts = _(
            "本周 %(n)s 个%(group)s参与排名，%(other_week)s %(other)s 个",
            n=now,
            group=group_label,
            other_week=_(COMPARED_WEEK[prefix]),
            other=other,
        )
    return _("名次不作对比（%(counts)s）", counts=counts)


def change(row: dict, prefix: str, decimals: int, this_rules: str, group_label: str = "县区") -> dict | None:
    """Change against the previous week (prefix 'prev') or the same week a year earlier ('yoy')."""
    if is_missing(row.get(f"{prefix}_composite")):
        return None
    other_rules = row.get(f"{prefix}_rules")
    note = None
    if other_rules and str(other_rules) != str(this_rules):
        note = _(
            "本周按%(this)s规则，对比周按%(other)s规则",
            this=rules_short(this_rules),
            other=rules_short(other_rules),
        )
    return {
        "rank_text": compared_rank_text(row, prefix, group_label),
        "value_text": _(
            "综合指数 %(composite)s，变化 %(change)s",
            composite=fmt(row[f"{prefix}_composite"], decimals),
            change=fmt_rate(row.get(f"change_{prefix}")),
        ),
        "rules_note": note,
    }


def row_model(row: dict, scope: Scope, highlight: str | None, decimals: int) -> dict:
    dec = rules_for(str(row["rules"]).split("+")[-1]).reporting_decimals
    texts = {f"{col}_text": fmt(row[col], dec[p]) for col, p in CONCENTRATIONS.items()}
    return {
        "key": row["group"],
        "name": i18n.name(row["name"]),
        "url": f"areas/{row['group']}/" if scope.key == "areas" else None,
        "highlight": highlight is not None and row["name"] == highlight,
        # 扣沙 on a period with dust days deducted (a word of the dust table, in the catalog)
        "dust_label": _(row["dust_label"]) if row.get("dust_label") else "",
        "ranked": bool(row["ranked"]),
        "reason": reason_text(row.get("reason")),
        "rank": None if is_missing(row.get("rank")) else int(row["rank"]),
        "rank_text": rank_text(row.get("rank"), bool(row.get("rank_tied", False))),
        "composite_text": fmt(row["composite"], decimals),
        "index_texts": [fmt(row[f"i_{p}"], "single_index") for p in INDEX_POLLUTANTS],
        "pm25_text": texts["pm25_text"],
        "pm10_text": texts["pm10_text"],
        "so2_text": texts["so2_text"],
        "no2_text": texts["no2_text"],
        "co_text": texts["co_p95_text"],
        "o3_text": texts["o3_8h_p90_text"],
        "indices": [row[f"i_{p}"] for p in INDEX_POLLUTANTS],
        "good_ratio": None if is_missing(row["good_ratio"]) else float(row["good_ratio"]),
        "good_days": int(row["good_days"]),
        "aqi_days": int(row["aqi_days"]),
        "level_days": [int(row[f"level_{n}"]) for n in LEVELS],
        # Days per level over no day with an AQI are no data, not 0 days of each level.
        "no_days_text": None if int(row["aqi_days"]) else _("无数据（没有有效的日 AQI）"),
        "primary": primary_text(row.get("primary"), row.get("aqi_days"), row.get("composite_rules")),
        "coverage_text": _(
            "%(valid)s/%(expected)s 站·日（%(share)s）",
            valid=int(row["station_days_valid"]),
            expected=int(row["station_days_expected"]),
            share=figures.percent_text(row["coverage"], "coverage_percent"),
        ),
        "vs_previous": change(row, "prev", decimals, row["composite_rules"], scope_words(scope)["group"]),
        "vs_year_ago": change(row, "yoy", decimals, row["composite_rules"], scope_words(scope)["group"]),
    }


def records_by_week(frame: pd.DataFrame) -> dict[str, list[dict]]:
    """The weekly frame as plain records (missing values None), per week, in rank order with
    unranked rows last. Converted once for all weeks: row access on a wide frame is slow."""
    ordered = frame.sort_values(["week", "rank", "name"], na_position="last")
    records = ordered.astype(object).where(ordered.notna(), None).to_dict("records")
    out: dict[str, list[dict]] = {}
    for record in records:
        out.setdefault(record["week"], []).append(record)
    return out


def simple_ranking(rows: list[dict], rank_col: str, value_col: str, fmt_value, highlight) -> list[dict]:
    ranked = sorted((r for r in rows if r[rank_col] is not None), key=lambda r: (r[rank_col], r["name"]))
    return [
        {
            "rank": int(r[rank_col]),
            "rank_text": rank_text(r[rank_col], bool(r[f"{rank_col}_tied"])),
            "name": i18n.name(r["name"]),
            "value_text": fmt_value(r[value_col]),
            "highlight": highlight is not None and r["name"] == highlight,
        }
        for r in ranked
    ]


def not_improved(rows: list[dict], change_col: str, highlight) -> list[dict]:
    """Rows whose composite index did not fall: listed after the improvement ranking, unranked."""
    worse = sorted(
        (r for r in rows if r[change_col] is not None and r[change_col] >= 0),
        key=lambda r: (r[change_col], r["name"]),
    )
    return [
        {
            "rank": None,
            "rank_text": _("持平") if r[change_col] == 0 else _("变差"),
            "name": i18n.name(r["name"]),
            "value_text": fmt_rate(r[change_col]),
            "highlight": highlight is not None and r["name"] == highlight,
        }
        for r in worse
    ]


def week_model(
    rows: list[dict],
    week: WeekInfo,
    scope: Scope,
    *,
    highlight: str | None = None,
    min_days: int,
    decimals: int,
) -> dict:
    """Everything the week's ranking page shows, for one scope (areas or cities).

    `rows`: the week's records from records_by_week (rank order, unranked last)."""
    ranked = [r for r in rows if r["ranked"]]
    unranked = [r for r in rows if not r["ranked"]]
    models = [row_model(r, scope, highlight, decimals) for r in ranked]
    versions = sorted({v for r in rows for v in str(r["rules"]).split("+")})
    version = "+".join(versions)
    index_columns = []
    for p in INDEX_POLLUTANTS:
        si = sorted({float(rules_for(v).composite.at[p, "si"]) for v in versions})
        index_columns.append({"label": LABELS[p], "si": "/".join(f"{s:g}" for s in si)})
    dec = rules_for(versions[-1]).reporting_decimals
    has_yoy = any(r["change_yoy"] is not None for r in ranked)
    has_prev = any(r["change_prev"] is not None for r in ranked)
    basis = "yoy" if has_yoy else "prev"
    rules_notes = sorted(
        {
            m["vs_year_ago"]["rules_note"]
            for m in models
            if m["vs_year_ago"] and m["vs_year_ago"]["rules_note"]
        }
    )
    if rules_notes:
        rules_notes = [
            _(
                "注意：%(note)s（2026年3月1日起执行新标准），两边的综合指数标准值不同，变化率仅供参考。",
                note=rules_notes[0],
            )
        ]
    return {
        "scope": scope.key,
        "group_label": scope_words(scope)["group"],
        "group_header": scope_words(scope)["header"],
        "scope_label": scope_words(scope)["scope"],
        "week": week,
        "week_url": scope.week_url(week.id),
        "title": _(
            "%(scope)s环境空气质量周排名 · %(week)s",
            scope=scope_words(scope)["title"],
            week=week.title,
        ),
        "extension": _(scope.extension),
        "rules_version": version,
        "rules_text": rules_label(version),
        "min_days": min_days,
        "rows": models,
        "ranked_records": ranked,
        "unranked": [row_model(r, scope, highlight, decimals) for r in unranked],
        "index_columns": index_columns,
        "levels": level_columns(versions[-1]),
        "by_pm25": simple_ranking(ranked, "rank_pm25", "pm25", lambda v: fmt(v, dec["pm25"]), highlight),
        "by_good_ratio": simple_ranking(
            ranked,
            "rank_good",
            "good_ratio",
            figures.percent_text,
            highlight,
        ),
        "by_improvement": (
            simple_ranking(ranked, f"rank_improvement_{basis}", f"change_{basis}", fmt_rate, highlight)
            if has_yoy or has_prev
            else []
        ),
        "improvement_compared": has_yoy or has_prev,
        "show_previous": True,  # the weekly table compares with the previous week too
        "yoy_header": _("较去年同周"),
        "no_improvement_text": _("本周没有综合指数下降的%(group)s。", group=scope_words(scope)["group"]),
        "not_improved": not_improved(ranked, f"change_{basis}", highlight),
        "improvement_title": (
            _("综合指数较去年同周下降的幅度排名（只排改善的，降幅越大越靠前）")
            if has_yoy
            else _("综合指数较上周下降的幅度排名（只排改善的，降幅越大越靠前；去年同周无可比数据）")
        ),
        "not_improved_title": _(
            "综合指数持平或上升、不参与改善排名的%(group)s",
            group=scope_words(scope)["group"],
        ),
        "improvement_missing": _("上周和去年同周都没有可比的排名数据，本周不排改善幅度。"),
        "rules_notes": rules_notes,
        "summary_text": summary_text(models, scope, week),
        "facts": {
            "period": week.label,
            "coverage": coverage_text(rows),
            "rules": rules_label(version),
        },
    }


def level_columns(version: str) -> list[dict]:
    return [
        {"level": lv.level, "category": lv.category, "colour": lv.colour_hex}
        for lv in rules_for(version).levels
    ]


def coverage_text(rows) -> str:
    """Station-days with data of all rows (records or a frame)."""
    if isinstance(rows, pd.DataFrame):
        valid, expected = int(rows["station_days_valid"].sum()), int(rows["station_days_expected"].sum())
    else:
        valid = sum(int(r["station_days_valid"]) for r in rows)
        expected = sum(int(r["station_days_expected"]) for r in rows)
    share = figures.percent_text(valid / expected, "coverage_percent") if expected else "0%"
    return _("有效站·日 %(valid)s/%(expected)s（%(share)s）", valid=valid, expected=expected, share=share)


def best_and_worst(models: list[dict]) -> tuple[list[dict], list[dict]]:
    """The rows sharing the first rank and the rows sharing the last, by numeric rank."""
    ranks = [m["rank"] for m in models if m["rank"] is not None]
    if not ranks:
        return [], []
    first, last = min(ranks), max(ranks)
    return [m for m in models if m["rank"] == first], [m for m in models if m["rank"] == last]


def summary_text(models: list[dict], scope: Scope, week: WeekInfo) -> str:
    best, worst = best_and_worst(models)
    group = scope_words(scope)["group"]
    if not best:
        return _("%(week)s没有%(group)s的有效数据足以参与排名。", week=week.title, group=group)
    text = _(
        "%(week)s%(scope)s综合指数排名：%(best)s最好（综合指数 %(value)s）",
        week=week.title,
        scope=scope_words(scope)["scope"],
        best=_("、").join(m["name"] for m in best),
        value=best[0]["composite_text"],
    )
    if worst[0]["rank"] != best[0]["rank"]:
        text += _(
            "，%(worst)s最差（%(value)s）",
            worst=_("、").join(m["name"] for m in worst),
            value=worst[0]["composite_text"],
        )
    return text + _("；共 %(n)s 个%(group)s参与排名。", n=len(models), group=group)


# What the rankings feed holds: the weekly rankings and, since issue 17, the monthly and the
# year-to-date (January to the month) rankings (generator/pages/rankings/periods.py).
FEED_TITLE = N_("县区空气质量周排名、月排名和年初至今累计排名")
