"""The city's year as the annual bulletin lays it out: month by month, the month's composite index
and rank, January-to-month (YTD) composite index and rank, PM2.5 and good-day ratio.

Page /rankings/city/YYYY/ per year with monthly rankings, and a chart of the city's rank month by
month (chart registry). Figures are the city rows of generator/statistics/periods.py's city frames (the same
as the monthly and YTD city ranking pages), formatted by generator/statistics/figures.py.
"""

from __future__ import annotations

import calendar

import altair as alt
import pandas as pd

from generator import i18n, statistics
from generator.charts.registry import ChartSpec, registry
from generator.i18n import _, pgettext
from generator.pages.shared.chart_blocks import rank_axis
from generator.pages.shared.front_matter import front_matter
from generator.pages.shared.ranking_charts import BAR, HIGHLIGHT
from generator.pages.shared.ranking_model import coverage_text, fmt, rank_text, rules_label
from generator.statistics import figures, periods


def short_month_text(month: int) -> str:
    """5月 / May: a month of the year said elsewhere."""
    return f"{month}月" if i18n.current() == "zh" else calendar.month_name[month]


def year_url(year: int) -> str:
    return f"rankings/city/{year}/"


def _city_rows(ctx, kind: str, city: str) -> pd.DataFrame:
    frame = periods.period_rankings(ctx, "cities", kind)
    if frame.empty:
        return frame
    return frame[frame["name"] == city].set_index("period")


def _cell_rank(row) -> str:
    if row is None:
        return "—"
    if not row["ranked"]:
        return _("不排名")
    return f"{rank_text(row['rank'], bool(row['rank_tied']))}/{int(row['n_ranked'])}"


def _cells(row, prefix: str) -> dict:
    if row is None:
        return {f"{prefix}_{k}": "—" for k in ("composite", "rank", "pm25", "good", "dust")}
    return {
        f"{prefix}_composite": fmt(row["composite"], 2),
        f"{prefix}_rank": _cell_rank(row),
        f"{prefix}_pm25": fmt(
            row["pm25"], figures.concentration_decimals("pm25", str(row["composite_rules"]))
        ),
        f"{prefix}_good": figures.percent_text(row["good_ratio"]),
        f"{prefix}_dust": _(row["dust_label"]) if row["dust_label"] else "",
    }


def build(ctx, period_urls: dict) -> list[dict]:
    """Render one page per year; returns [{year, url}] for the links."""
    city = ctx.config.site.get("city", "")
    city_name = i18n.name(city)
    if city not in statistics.city_members(ctx):
        return []
    months, ytd = _city_rows(ctx, "month", city), _city_rows(ctx, "ytd", city)
    if months.empty:
        return []
    built = []
    for year in sorted({int(p[:4]) for p in months.index}):
        ids = [p for p in months.index if p.startswith(f"{year:04d}-")]
        rows = []
        for pid in ids:
            m = months.loc[pid]
            y = ytd.loc[pid] if pid in ytd.index else None
            rows.append(
                {
                    "month": short_month_text(int(pid[5:])),
                    "month_url": period_urls.get(("month", pid)),
                    "ytd_url": period_urls.get(("ytd", pid)),
                    **_cells(m, "m"),
                    **_cells(y, "y"),
                    "note": _("；").join(sorted({str(r["method_note"]) for r in (m, y) if r is not None})),
                }
            )
        versions = sorted({v for r in months.loc[ids, "rules"] for v in str(r).split("+")})
        frame = months.loc[ids]
        model = {
            "city": city_name,
            "year": year,
            "title": _("%(city)s%(year)s年逐月空气质量与排名", city=city_name, year=year),
            "rows": rows,
            "n_cities": len(statistics.city_members(ctx)),
            "chart": rank_chart(ctx, city_name, year, frame, rules_label("+".join(versions))),
            "facts": {
                "period": _(
                    "%(year)s年%(first)s至%(last)s",
                    year=year,
                    first=short_month_text(int(ids[0][5:])),
                    last=short_month_text(int(ids[-1][5:])),
                ),
                "coverage": coverage_text(frame),
                "rules": rules_label("+".join(versions)),
            },
        }
        ctx.render_page(
            year_url(year),
            "ranking_city_year.md.j2",
            y=model,
            front_matter=front_matter({"title": model["title"]}),
        )
        built.append({"year": year, "url": year_url(year)})
    return built


def rank_chart(ctx, city: str, year: int, frame: pd.DataFrame, rules: str) -> ChartSpec | None:
    """The city's monthly composite rank, month by month (rank 1 on top; unranked months left out)."""
    ranks = pd.to_numeric(frame["rank"], errors="coerce").astype(float)
    if ranks.notna().sum() == 0:
        return None
    data = pd.DataFrame(
        {
            "month": [f"{p}" for p in frame.index],
            "rank": ranks.to_numpy(),
            "n_ranked": frame["n_ranked"].astype(int).to_numpy(),
            "composite": figures.rounded(frame["composite"], "composite").to_numpy(),
        }
    )
    n_max = int(max(data["n_ranked"].max(), 1))
    chart = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(color=HIGHLIGHT), color=BAR, invalid="break-paths-filter-domains")
        .encode(
            x=alt.X("month:O", title=_("月份")),
            y=rank_axis(n_max),
            tooltip=[
                alt.Tooltip("month:N", title=_("月份")),
                alt.Tooltip("rank:Q", title=pgettext("column", "排名"), format="d"),
                alt.Tooltip("n_ranked:Q", title=_("参与排名的城市数")),
                alt.Tooltip("composite:Q", title=_("综合指数"), format=".2f"),
            ],
        )
        .properties(width=560, height=240)
    )
    ranked = data.dropna(subset=["rank"])
    description = _("%(city)s%(year)s年各月综合指数排名折线图：", city=city, year=year) + _("，").join(
        _("%(month)s 第%(rank)s/%(n)s", month=m, rank=int(r), n=n)
        for m, r, n in zip(ranked["month"], ranked["rank"], ranked["n_ranked"], strict=True)
    )
    return registry(ctx).add(
        ChartSpec(
            id=f"city-rank-{year}-monthly",
            title=_("%(city)s%(year)s年逐月排名", city=city, year=year),
            subtitle=_("各月综合指数在参与排名城市中的名次（第1名空气质量最好；未排名的月份留空）"),
            chart=chart,
            data=data,
            columns={
                "month": _("月份"),
                "rank": pgettext("column", "排名"),
                "n_ranked": _("参与排名的城市数"),
                "composite": _("综合指数"),
            },
            source=ctx.dataset.source_name,
            period=_("%(year)s年", year=year),
            as_of=ctx.as_of,
            rules=rules,
            description=description,
            page_url=year_url(year),
            width=640,
            height=300,
        )
    )
