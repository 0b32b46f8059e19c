"""`python -m generator stats`: the official statistics of a city, area or stations over a period.

For people who check figures: reads the public daily archive files in a folder, computes the
daily values (HJ 663 validity rules), the entity's daily AQI, the period statistics with coverage,
days per AQI level, the good-day ratio and the composite index, and prints them as tables or JSON.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import click
import numpy as np
import pandas as pd

from generator.commands import options
from generator.errors import InputError
from generator.standards.aqi import daily_aqi
from generator.standards.assessment import (
    COVERAGE_COLUMNS,
    area_daily_values,
    daily_station_values,
    period_statistics,
)
from generator.standards.composite import CI_COLUMNS, composite_ranking, rules_for_period
from generator.standards.day_validity import DAY_STATUSES, day_status, status_reason
from generator.standards.dust import deduct_dust_days, dust_param, dust_table, labels
from generator.standards.rounding import round_half_even
from generator.standards.rules import LABELS, NAMES_ZH

STATISTIC_ZH = {"mean": "平均浓度", "p95": "第95百分位数日均浓度", "p90": "日最大8小时平均第90百分位数"}
UNITS = {p: ("mg/m³" if p == "co" else "µg/m³") for p in CI_COLUMNS}
# Columns of the station list that mark control (background) or retired sites: not assessment stations.
CONTROL_COLUMNS = ("retired_flag", "control", "对照点")


def archive_files(folder: Path, start: pd.Timestamp, end: pd.Timestamp) -> list[Path]:
    """The daily archive files in `folder` (searched recursively) for the dates [start, end]."""
    from generator.sources.archive.cnemc import daily_file_date

    if not folder.is_dir():
        raise InputError(folder, "archive folder not found (give one with --archive)")
    files = []
    for path in sorted(folder.rglob("china_sites_*.csv*")):
        if "versions" in path.relative_to(folder).parts[:-1]:
            continue  # superseded snapshots kept by the fetcher
        day = daily_file_date(path)
        if day is not None and start <= day <= end:
            files.append(path)
    if not files:
        raise InputError(folder, f"no china_sites_YYYYMMDD.csv files for {start.date()}–{end.date()}")
    return files


def city_stations(path: Path, city: str) -> list[str]:
    """Assessment station codes of a city in the national station list (GBK or UTF-8)."""
    from generator.sources.archive.stations import read_station_list

    stations = read_station_list(path)
    names = stations["city"].astype(str).str.strip()
    wanted = city.strip().removesuffix("市")
    rows = stations[(names == wanted) | (names == wanted + "市")]
    for column in CONTROL_COLUMNS:
        if column in rows.columns:
            flag = rows[column]
            control = flag.astype(str).str.upper().isin(["Y", "TRUE", "1"]) if flag.dtype != bool else flag
            rows = rows[~control]
            break
    if rows.empty:
        raise InputError(path, f"no assessment station for city '{city}'", field="城市")
    return sorted(rows["code"].astype(str))


def resolve_entity(city, station_list, area, stations, config_path) -> tuple[str, str, list[str]]:
    chosen = [x for x in (city, area, stations) if x]
    if len(chosen) != 1:
        raise click.UsageError("give exactly one of --city, --area, --stations")
    if city:
        if not station_list:
            raise click.UsageError("--city needs --station-list FILE (the national station list)")
        return "city", city, city_stations(Path(station_list), city)
    if area:
        from generator.config import load_config

        try:
            entry = load_config(config_path).area(area)
        except KeyError as exc:
            raise click.BadParameter(str(exc.args[0]), param_hint="--area") from None
        return "area", entry.name, list(entry.stations)
    codes = [c.strip() for c in stations.split(",") if c.strip()]
    return "stations", ",".join(codes), codes


def compute(
    codes: list[str],
    name: str,
    hourly: pd.DataFrame,
    start: pd.Timestamp,
    end: pd.Timestamp,
    kind: str,
    dust_days: pd.Series | None = None,
) -> dict:
    """Everything the report shows, as plain data (numbers rounded only where reported).

    The figures are as measured (不扣沙); with confirmed dust days in the period (`dust_days`, from
    the register), `dust` also carries them with those days deducted (扣沙, environment bureau
    practice under 环办监测〔2016〕120号), the figures the plan's targets are assessed with."""
    hourly = hourly[hourly["station"].isin(codes)]
    if hourly.empty:
        raise click.ClickException(f"no data for stations {', '.join(codes)} in the archive files")
    station_daily = daily_station_values(hourly, start, end)
    entity_daily = daily_aqi(area_daily_values(station_daily, {name: codes}))
    report = _figures(entity_daily, start, end, kind)
    dates = pd.Series(dust_days if dust_days is not None else [], dtype="datetime64[ns]")
    dates = dates[(dates >= start) & (dates <= end)]
    confirmed = pd.DataFrame({"area": name, "date": dates})
    deducted = deduct_dust_days(entity_daily, confirmed)
    # Both ways always, so a reader sees that they agree when no dust day is confirmed.
    report["dust"] = {
        "labels": labels(),
        "assessed_with": str(dust_param("assessed_with")),
        "days": [d.strftime("%Y-%m-%d") for d in sorted(dates)],
        "source": dust_table()["deducted_pollutants"]["source"],
        "deducted": _figures(deducted, start, end, kind),
    }
    seen = station_daily.groupby("station")[list(COVERAGE_COLUMNS.values())].count().max(axis=1)
    counted = day_status(deducted)
    reasons = status_reason(deducted, counted)
    daily = [
        {
            "date": d.date.strftime("%Y-%m-%d"),
            "aqi": _num(d.aqi, 0),
            "level": int(d.level) or None,
            "category": d.category,
            "primary": d.primary,
            "rules": d.rules,
            **{
                c: _num(round_half_even(getattr(d, c), 1 if c == "co" else 0), 1 if c == "co" else 0)
                for c in ("pm25", "pm10", "so2", "no2", "co", "o3_8h_max", "o3_1h_max")
            },
            "n_stations": int(d.n_stations),
            "n_missing": int(d.n_missing),
            "status": status,
            "reason": reason if isinstance(reason, str) else None,
        }
        for d, status, reason in zip(entity_daily.itertuples(), counted, reasons, strict=True)
    ]
    return {
        "entity": {
            "kind": "",
            "name": name,
            "stations": codes,
            "stations_with_data": sorted(seen[seen > 0].index.astype(str)),
            "stations_without_data": sorted(set(codes) - set(seen[seen > 0].index.astype(str))),
        },
        **report,
        "daily": daily,
    }


def _figures(entity_daily: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, kind: str) -> dict:
    """Period, rules, pollutant statistics, AQI day counts and composite index of one daily frame."""
    stats = period_statistics(entity_daily, start, end, by="area")
    ranking = composite_ranking(stats, start, end, kind=kind)
    row = ranking.iloc[0]
    rules = rules_for_period(end)
    pollutants = []
    for pollutant, column in CI_COLUMNS.items():
        value = row[column]
        decimals = rules.reporting_decimals[pollutant]
        pollutants.append(
            {
                "pollutant": pollutant,
                "label": LABELS[pollutant],
                "name": NAMES_ZH[pollutant],
                "statistic": column.split("_")[-1],
                "statistic_zh": STATISTIC_ZH[column.split("_")[-1]],
                "value": _num(round_half_even(value, decimals), decimals),
                "unit": UNITS[pollutant],
                "single_index": _num(row[f"i_{pollutant}"], 3),
                "valid_days": int(row[f"valid_days_{pollutant}"]),
                "days": int(row["days"]),
                "coverage": _num(row[f"coverage_{pollutant}"], 3),
                "annual_valid": None
                if row.get(f"meets_annual_{pollutant}") is None
                else bool(row[f"meets_annual_{pollutant}"]),
                "annual_gaps": gaps if isinstance(gaps := row.get(f"annual_gaps_{pollutant}"), str) else None,
            }
        )
    return {
        "period": {"from": str(start.date()), "to": str(end.date()), "days": int(row["days"]), "kind": kind},
        "rules": {
            "version": rules.version,
            "label": rules.label,
            "daily_rules": row["rules"],
            "composite_si": {p: float(rules.composite.loc[p, "si"]) for p in CI_COLUMNS},
            "composite_weights": {p: float(rules.composite.loc[p, "weight"]) for p in CI_COLUMNS},
        },
        "pollutants": pollutants,
        "aqi": {
            "days_with_aqi": int(row["aqi_days"]),
            "days_per_level": {str(i): int(row[f"days_level_{i}"]) for i in range(1, 7)},
            "good_days": int(row["good_days"]),
            "good_ratio": _num(row["good_ratio"] * 100, 1),
            "heavy_days": int(row["heavy_days"]),
            "heavy_ratio": _num(row["heavy_ratio"] * 100, 1),
            "days_by_status": {name: int(row[f"days_{name}"]) for name in DAY_STATUSES},
        },
        "composite": {
            "value": _num(row["composite_reported"], rules.param("composite_decimals")),
            "rankable": bool(row["ranked"]),
            "reason": row["reason"],
            "min_valid_days": int(row["min_valid_days"]),
        },
    }


def confirmed_dust_days(
    data_dir: Path, config_path: Path, kind: str, name: str, area: str | None
) -> pd.Series:
    """The register's confirmed dust days for the entity: the whole city's (for the site's city or
    its stations) plus, for an area, the area's own. Another city gets none."""
    from generator.config import load_config
    from generator.sources.registers.dustdays import days_for, read_dustdays

    if not Path(config_path).is_file():
        return pd.Series([], dtype="datetime64[ns]")
    config = load_config(config_path)
    if kind == "city" and name.removesuffix("市") != str(config.site.get("city", "")).removesuffix("市"):
        return pd.Series([], dtype="datetime64[ns]")
    register = read_dustdays(data_dir, config)
    return days_for(register, config.area(area).slug if kind == "area" else None)


def _num(value, decimals: int):
    """A JSON-safe reported number: None for missing, int for 0 decimals."""
    if value is None or (isinstance(value, float | np.floating) and math.isnan(value)) or pd.isna(value):
        return None
    value = float(round_half_even(float(value), decimals))
    return int(value) if decimals == 0 else value


def period_kind(start: pd.Timestamp, end: pd.Timestamp) -> str:
    if (end - start).days == 6:
        return "week"
    if start.day == 1 and end == start + pd.offsets.MonthEnd(0):
        return "month"
    if start == pd.Timestamp(start.year, 1, 1) and end == pd.Timestamp(start.year, 12, 31):
        return "year"
    return "other"


def print_report(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console() if Console().is_terminal else Console(width=140)
    e, p, r = report["entity"], report["period"], report["rules"]
    console.print(f"[bold]{e['name']}[/] {p['from']} 至 {p['to']}（{p['days']} 天）  规则：{r['label']}")
    console.print(
        f"站点：{', '.join(e['stations'])}；无数据：{', '.join(e['stations_without_data']) or '无'}"
    )
    dust = report["dust"]
    deducted = dust["deducted"]
    names = dust["labels"]
    if dust["days"]:
        console.print(
            f"已登记确认的沙尘日 {len(dust['days'])} 天：{'、'.join(dust['days'])}"
            f"（{dust['source']}）；目标考核用{names['deducted']}数值。"
        )
    else:
        console.print(
            f"沙尘日登记册中本时段没有确认的沙尘日：{names['deducted']}与{names['undeducted']}数值相同"
            f"（{dust['source']}；候选日见 dustdays suggest）。"
        )
    both = f"（{names['undeducted']} / {names['deducted']}）" if deducted else ""
    table = Table(title="污染物统计" + both)
    columns = ["污染物", "统计量", "数值"] + ([names["deducted"]] if deducted else [])
    for col in (*columns, "单位", "分指数", "有效天数", "覆盖率", "年均值有效性"):
        table.add_column(col)
    for i, item in enumerate(report["pollutants"]):
        other = [_text(deducted["pollutants"][i]["value"])] if deducted else []
        table.add_row(
            item["label"],
            item["statistic_zh"],
            _text(item["value"]),
            *other,
            item["unit"],
            _text(item["single_index"]),
            f"{item['valid_days']}/{item['days']}",
            _text(None if item["coverage"] is None else round(item["coverage"] * 100, 1)) + "%",
            _annual_text(item),
        )
    console.print(table)
    for title, figures in ((names["undeducted"], report), (names["deducted"], deducted)):
        _print_days(console, title, figures)
    daily = Table(title="逐日 AQI")
    for col in (
        "日期",
        "AQI",
        "级别",
        "类别",
        "首要污染物",
        "PM2.5",
        "PM10",
        "O3_8h",
        "站点缺测",
        "不计入天数统计的原因",
    ):
        daily.add_column(col)
    for d in report["daily"]:
        daily.add_row(
            d["date"],
            _text(d["aqi"]),
            _text(d["level"]),
            d["category"] or "—",
            d["primary"] or "—",
            _text(d["pm25"]),
            _text(d["pm10"]),
            _text(d["o3_8h_max"]),
            f"{d['n_missing']}/{d['n_stations']}",
            d["reason"] or "",
        )
    console.print(daily)


def _annual_text(item: dict) -> str:
    if item["annual_valid"] is None:
        return "—（非整年）"
    return "有效" if item["annual_valid"] else f"数据不足：{item['annual_gaps']}"


def _print_days(console, title: str, figures: dict) -> None:
    """Day counts by status, days per level, good-day ratio and composite index of one way."""
    a, c = figures["aqi"], figures["composite"]
    head = f"[{title}] " if title else ""
    by_status = "，".join(f"{DAY_STATUSES[k]} {n} 天" for k, n in a["days_by_status"].items() if n)
    console.print(f"{head}按日统计：{by_status}")
    levels = "，".join(f"{lv}级 {n} 天" for lv, n in a["days_per_level"].items())
    console.print(f"{head}计入天数统计的 {a['days_with_aqi']} 天：{levels}")
    console.print(
        f"{head}优良天数 {a['good_days']}，优良天数比率 {_text(a['good_ratio'])}%；"
        f"重度及以上 {a['heavy_days']} 天（{_text(a['heavy_ratio'])}%）"
    )
    status = "可参与排名" if c["rankable"] else f"不参与排名：{c['reason']}"
    value = "—" if c["value"] is None else f"{c['value']:.2f}"
    console.print(f"{head}综合指数 {value}（{status}）")


def _text(value) -> str:
    return "—" if value is None else str(value)


@click.command("stats")
@click.option("--city", help="City name as in the station list, e.g. 连云港 (needs --station-list).")
@options.station_list_option()
@click.option("--area", help="A county/district/zone of the site configuration, e.g. 海州区.")
@click.option("--stations", help="Station codes, comma-separated, e.g. 1173A,3000A.")
@options.day_range_options
@options.archive_option()
@options.config_option("Site configuration (areas and their stations).")
@options.data_option("Data folder whose dust-day register (dustdays/*.csv) gives the confirmed dust days.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def stats(city, station_list, area, stations, start, end, archive, config_path, data_dir, as_json) -> None:
    """Official statistics (HJ 633/HJ 663) of a city, area or stations over a date range."""
    start_day, end_day = options.day_range(start, end)
    kind, name, codes = resolve_entity(city, station_list, area, stations, config_path)
    from generator.sources.archive.cnemc import parse_archive_files

    hourly = parse_archive_files(archive_files(Path(archive), start_day, end_day))
    dust_days = confirmed_dust_days(Path(data_dir), config_path, kind, name, area)
    report = compute(codes, name, hourly, start_day, end_day, period_kind(start_day, end_day), dust_days)
    report["entity"]["kind"] = kind
    report["source"] = {"archive": str(archive)}
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print_report(report)
