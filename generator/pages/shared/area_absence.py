"""Areas without data, in two voices: to the public, why an area has no figures ("省控站数据未接入");
to the bureau's editors (the editors' page, outside the navigation), what data it needs and where
that data goes in the repository.

An area is without data when none of its assessment stations has a single valid hourly value in
the build's data. Its stations' network says why: a provincial station is not in the national
archive the site reads, a national one published nothing in the period, an unlisted code is in no
station list.
"""

from __future__ import annotations

import pandas as pd

from generator.i18n import _
from generator.standards.rules import POLLUTANTS

NETWORK_LABELS = {"national": "国控站（国家网）", "provincial": "省控站（省级网）"}
# Why an area has no data, by its silent stations' network: a short reason for tables and lists.
REASONS = {
    "provincial": "省控站数据未接入",
    "national": "国控站本时段未发布数据",
    "unlisted": "评价站点数据未接入",
}


def station_rows(ctx, area) -> list[dict]:
    """The area's assessment stations with their names from the station registry."""
    registry = ctx.dataset.stations.set_index("code") if not ctx.dataset.stations.empty else None
    rows = []
    for code in area.stations:
        entry = registry.loc[code] if registry is not None and code in registry.index else None
        name = entry.get("name", "") if entry is not None else ""
        name = "" if name == code else name
        network_key = str(entry.get("network", "")) if entry is not None else ""
        # The station's own page, when the stations builder published one (it has data).
        url = ctx.products.get("station_urls", {}).get(code)
        rows.append(
            {
                "code": code,
                "name": name,
                "network": NETWORK_LABELS.get(network_key, ""),
                "network_key": network_key,
                "url": url,
            }
        )
    return rows


def reporting_stations(ctx) -> set[str]:
    """Stations with at least one valid hourly value in the data (computed once per build)."""
    if "reporting_stations" not in ctx.products:
        hourly = ctx.dataset.hourly
        observed = hourly[hourly[list(POLLUTANTS)].notna().any(axis=1)]
        ctx.products["reporting_stations"] = set(observed["station"].astype(str).unique())
    return ctx.products["reporting_stations"]


def _by_network(stations: list[dict]) -> dict[str, list[dict]]:
    by_network: dict[str, list[dict]] = {}
    for station in stations:
        key = station["network_key"] if station["network_key"] in NETWORK_LABELS else "unlisted"
        by_network.setdefault(key, []).append(station)
    return by_network


def reason(stations: list[dict]) -> str:
    """Why an area whose stations are all silent has no data, in a few words."""
    return "；".join(
        REASONS[key] for key in ("provincial", "national", "unlisted") if key in _by_network(stations)
    )


def absent_areas(ctx) -> list[dict]:
    """The configured areas without any data, in configuration order: slug, name, reason,
    stations."""
    reporting = reporting_stations(ctx)
    absent = []
    for area in ctx.config.areas:
        if any(code in reporting for code in area.stations):
            continue
        stations = station_rows(ctx, area)
        absent.append(
            {"slug": area.slug, "name": area.name, "reason": reason(stations), "stations": stations}
        )
    return absent


def _station_list(rows: list[dict]) -> str:
    return "、".join(f"{r['name']}（{r['code']}）" if r["name"] else r["code"] for r in rows)


def public_explanation(stations: list[dict]) -> list[str]:
    """Why an area has no data, one sentence per kind of station, for the public."""
    by_network = _by_network(stations)
    said = []
    if "provincial" in by_network:
        said.append(
            f"{_station_list(by_network['provincial'])}属于江苏省监测网（省控站），"
            "不在本站使用的国家网公开数据里；这些站点的数据接入本站以后，本页会显示排名和数值。"
        )
    if "unlisted" in by_network:
        said.append(f"{_station_list(by_network['unlisted'])}的监测数据尚未接入本站。")
    if "national" in by_network:
        said.append(
            f"{_station_list(by_network['national'])}属于国家监测网，但在本站数据的时段内没有发布监测数据。"
        )
    return said


TIDY_CSV_NEED = (
    "需要这些站点的逐小时监测数据，按项目文档 docs/data-sources.md"
    "“County stations (provincial network)”一节的整洁长表格式（station, time, pollutant, value）"
    "保存为 CSV，放进数据文件夹的 provincial/ 目录（例如 data/provincial/{slug}.csv），然后重新生成网站。"
)


def data_needed(area, stations: list[dict]) -> list[str]:
    """What an area without any data needs, one instruction per kind of station (its network), for
    the editors' page."""
    by_network = _by_network(stations)
    needs = []
    if "provincial" in by_network:
        needs.append(
            f"{_station_list(by_network['provincial'])}属于省级监测网，不在国家网的公开数据存档里："
            + TIDY_CSV_NEED.format(slug=area.slug)
        )
    if "unlisted" in by_network:
        needs.append(
            f"{_station_list(by_network['unlisted'])}不在站点名录中：若是省控站，先在 data/site.toml 的"
            " provincial_stations 中登记（编码、名称、县区、经纬度），再"
            + TIDY_CSV_NEED.format(slug=area.slug)
        )
    if "national" in by_network:
        needs.append(
            f"{_station_list(by_network['national'])}属于国家监测网，但公开数据存档在本数据时段内没有它们的数据："
            "需要用 python -m generator fetch 获取这些站点开始发布数据以后的存档，然后重新生成网站。"
        )
    return needs


def count_or_absence(count: int, days_with_data: int, reason: str | None) -> str:
    """A count of days as a table shows it: the number when any day had data under it, else
    无数据 with the reason (a count of 0 over no data would read as "clean")."""
    if days_with_data:
        return str(int(count))
    return f"无数据（{reason or '该时段没有有效的日数据'}）"


def heavy_days_by_area(ctx, daily: pd.DataFrame, threshold: int) -> list[dict]:
    """Days with a daily AQI above `threshold`, per year, for the city (area 全市) and each area,
    newest year first. An area with no daily AQI in a year says 无数据 with its reason, not 0."""

    heavy = daily[daily["aqi"] > threshold]
    counts = heavy.groupby([pd.to_datetime(heavy["date"]).dt.year, "area"]).size()
    observed = daily.dropna(subset=["aqi"])
    years = pd.to_datetime(observed["date"]).dt.year
    names = {"全市": "全市"} | {a.slug: a.name for a in ctx.config.areas}
    with_any = set(observed["area"])
    # The reasons are looked up only when some area has no day at all (they read the station list).
    absent = absent_reasons(ctx) if any(key not in with_any for key in names) else {}
    rows = []
    for year in sorted(years.unique(), reverse=True):
        with_aqi = observed[years == year].groupby("area").size()
        rows.append(
            {
                "year": int(year),
                "areas": [
                    {
                        "name": name,
                        "heavy_days": count_or_absence(
                            counts.get((year, key), 0), with_aqi.get(key, 0), absent.get(key)
                        ),
                        "days_with_aqi": int(with_aqi.get(key, 0)),
                    }
                    for key, name in names.items()
                ],
            }
        )
    return rows


def coverage_first(model: dict, absent: dict[str, str], period_word: str) -> str | None:
    """What a ranking page says first when some areas cannot rank: how many rank, which do not,
    and why ("东海县、灌云县暂无数据：省控站数据未接入"). An absent area's reason in the table of
    unranked areas becomes the same words instead of its list of zero valid days.

    `model` is a ranking page model (rows, unranked, group_label); `absent` the absent areas'
    reasons by slug; `period_word` 本周, 该周, 本期."""
    unranked = model["unranked"]
    if not unranked:
        return None
    groups: dict[str, list[str]] = {}
    for row in unranked:
        if row["key"] in absent:
            row["reason"] = _("暂无数据：%(reason)s", reason=absent[row["key"]])
            row["no_days_text"] = _("无数据（%(reason)s）", reason=absent[row["key"]])
            groups.setdefault(row["reason"], []).append(row["name"])
        else:
            groups.setdefault(_("数据不足（原因见“不参与排名”表）"), []).append(row["name"])
    n_ranked, n_all = len(model["rows"]), len(model["rows"]) + len(unranked)
    label = model["group_label"]
    parts = [_("%(names)s%(why)s", names=_("、").join(names), why=why) for why, names in groups.items()]
    head = _(
        "%(when)s %(all)s 个%(group)s中 %(ranked)s 个参与排名，%(unranked)s 个不参与：",
        when=period_word,
        all=n_all,
        group=label,
        ranked=n_ranked,
        unranked=len(unranked),
    )
    return head + _("；").join(parts) + _("。")


def absent_reasons(ctx) -> dict[str, str]:
    """The reason of each configured area without any data, by slug (computed once per build)."""
    if "absent_reasons" not in ctx.products:
        ctx.products["absent_reasons"] = {a["slug"]: a["reason"] for a in absent_areas(ctx)}
    return ctx.products["absent_reasons"]
