"""`python -m generator agreement`: the engine's daily values against the platform's own, day by day.

Reads the archive files, compares every station-day (generator.statistics.platform_agreement) and prints the
summary; --csv writes it as CSV, --page replaces the table between the markers
`<!-- agreement:start -->` and `<!-- agreement:end -->` of a Markdown page (the methodology page
site_src/methodology/validity.md carries the 2019 table made this way). With --city and
--station-list it also lists the city's days left off the day counts, and why.

    python -m generator agreement --archive ../shared/data/cnemc/2019 --from 2019-01-01 --to 2019-12-31 \\
        --city 连云港 --station-list ../shared/data/stations/NewSiteList_gbk.csv \\
        --csv site_src/methodology/platform-agreement-2019.csv --page site_src/methodology/validity.md
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pandas as pd

from generator.commands.options import archive_option, day_range, day_range_options, station_list_option
from generator.commands.stats import archive_files, city_stations
from generator.errors import InputError

START, END = "<!-- agreement:start -->", "<!-- agreement:end -->"


def excluded_city_days(hourly: pd.DataFrame, codes: list[str], city: str, start, end) -> pd.DataFrame:
    """The city's days left off the day counts (day_validity.excluded_days of its daily values)."""
    from generator.standards.aqi import daily_aqi
    from generator.standards.assessment import area_daily_values, daily_station_values
    from generator.standards.day_validity import excluded_days

    own = hourly[hourly["station"].isin(codes)]
    daily = daily_aqi(area_daily_values(daily_station_values(own, start, end), {city: codes}))
    table = excluded_days(daily)
    return table.merge(daily[["date", "aqi", "primary"]], on="date", how="left")


def excluded_markdown(table: pd.DataFrame, city: str) -> str:
    lines = [
        "",
        f"{city}不计入天数统计的日子（{len(table)} 天）：",
        "",
        "| 日期 | 当日 AQI（仅供参考） | 首要污染物 | 原因 |",
        "|---|---|---|---|",
    ]
    for r in table.itertuples():
        aqi = "—" if pd.isna(r.aqi) else f"{r.aqi:.0f}"
        primary = r.primary if isinstance(r.primary, str) else "—"
        lines.append(f"| {pd.Timestamp(r.date).date()} | {aqi} | {primary} | {r.reason} |")
    return "\n".join(lines) + "\n"


def replace_between_markers(page: Path, text: str) -> None:
    content = page.read_text(encoding="utf-8")
    if START not in content or END not in content:
        raise InputError(page, f"no {START} … {END} markers to put the table between")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    page.write_text(pattern.sub(lambda _: f"{START}\n{text}{END}", content), encoding="utf-8")


@click.command("agreement")
@day_range_options
@archive_option()
@click.option("--city", help="Also list this city's days left off the day counts (needs --station-list).")
@station_list_option()
@click.option("--csv", "csv_path", type=click.Path(path_type=Path), help="Write the summary as CSV here.")
@click.option(
    "--page",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Markdown page whose agreement markers get the table.",
)
def agreement(start, end, archive, city, station_list, csv_path, page) -> None:
    """Agreement of the engine's daily values with the platform's 24-hour values, per pollutant."""
    from generator.sources.archive.cnemc import read_archives
    from generator.statistics.platform_agreement import (
        HOURLY_TYPES,
        PLATFORM_TYPES,
        compare,
        markdown,
        platform_daily,
        summary,
        worst_cases,
    )

    first, last = day_range(start, end)
    observations = read_archives(
        archive_files(Path(archive), first, last), pollutants=[*HOURLY_TYPES, *PLATFORM_TYPES]
    )
    compared = compare(observations.hourly, platform_daily(observations.long))
    compared = compared[(compared["date"] >= first) & (compared["date"] <= last)]
    table = summary(compared)
    stations = compared["station"].nunique()
    text = markdown(table, worst_cases(compared), f"{first.date()} 至 {last.date()}", stations)
    if city:
        if not station_list:
            raise click.UsageError("--city needs --station-list FILE")
        codes = city_stations(Path(station_list), city)
        text += excluded_markdown(excluded_city_days(observations.hourly, codes, city, first, last), city)
    click.echo(text)
    if csv_path:
        table.to_csv(csv_path, index=False, lineterminator="\n")
    if page:
        replace_between_markers(Path(page), text)
