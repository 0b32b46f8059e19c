"""`python -m generator dustdays`: the dust-day register's tools for editors.

- `dustdays suggest --from --to`: days that look like a sand-dust process in the archive files
  (PM10 high while PM2.5/PM10 is low at most of the region's stations together; thresholds in
  generator/standards/tables/dust.csv). A list for an editor to check against the national
  centre's or the meteorological service's reports; it writes nothing and deducts nothing.
- `dustdays check`: validates the register (`<data>/dustdays/*.csv`) and lists it.
"""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from generator.commands.options import (
    archive_option,
    config_option,
    data_option,
    day_range,
    day_range_options,
    station_list_option,
)
from generator.commands.stats import archive_files, city_stations
from generator.standards.dust import candidate_days, dust_table


@click.group("dustdays")
def dustdays() -> None:
    """The dust-day register (扣沙): suggest candidate days, check the register."""


def _registered(data_dir: Path, config_path: Path) -> set[pd.Timestamp]:
    from generator.config import load_config
    from generator.sources.registers.dustdays import read_dustdays

    if not config_path.is_file():
        return set()
    return set(read_dustdays(data_dir, load_config(config_path))["date"])


@dustdays.command("suggest")
@day_range_options
@archive_option()
@click.option(
    "--stations", help="Station codes of the region, comma-separated (default: every station in the files)."
)
@click.option("--city", help="Only this city's stations (needs --station-list).")
@station_list_option()
@data_option("Data folder whose dustdays/ register marks days already confirmed.")
@config_option("Site configuration (area names of the register).")
@click.option("--all", "show_all", is_flag=True, help="List every day, not only the candidates.")
def suggest(start, end, archive, stations, city, station_list, data_dir, config_path, show_all) -> None:
    """Candidate dust days for an editor to confirm (never deducted until registered)."""
    from generator.sources.archive.cnemc import parse_archive_files
    from generator.standards.assessment import daily_station_values

    first, last = day_range(start, end)
    hourly = parse_archive_files(archive_files(Path(archive), first, last))
    if city:
        if not station_list:
            raise click.UsageError("--city needs --station-list FILE")
        hourly = hourly[hourly["station"].isin(city_stations(Path(station_list), city))]
    elif stations:
        hourly = hourly[hourly["station"].isin([c.strip() for c in stations.split(",") if c.strip()])]
    if hourly.empty:
        raise click.ClickException("no data for the stations asked for in the archive files")
    days = candidate_days(daily_station_values(hourly, first, last))
    registered = _registered(Path(data_dir), Path(config_path))
    days["registered"] = days["date"].isin(registered)
    shown = days if show_all else days[days["candidate"]]
    table = dust_table()
    click.echo(
        f"沙尘候选日 {first.date()} 至 {last.date()}（{hourly['station'].nunique()} 个站点）："
        f"站点 PM10 日均值 ≥ {table['candidate_pm10_min']['value']} µg/m³ 且 PM2.5/PM10 ≤ "
        f"{table['candidate_ratio_max']['value']}，"
        f"满足的站点占比 ≥ {table['candidate_station_share']['value']}。"
        "候选日须经编辑核对权威来源后登记到 dustdays/*.csv，未登记的日子不会扣除。"
    )
    click.echo("date,stations,flagged,share,pm10_mean,pm25_pm10_ratio,pm10_change_pct,candidate,registered")
    for row in shown.itertuples():
        change = "" if pd.isna(row.pm10_change) else f"{row.pm10_change:.0f}"
        click.echo(
            f"{row.date:%Y-%m-%d},{row.stations},{row.flagged},{row.share:.2f},{row.pm10:.0f},"
            f"{row.ratio:.2f},{change},{'yes' if row.candidate else 'no'},"
            f"{'yes' if row.registered else 'no'}"
        )
    if shown.empty:
        click.echo("（没有候选日）")


def _data_years(data_dir: Path):
    """(1 January of the first year, 31 December of the last) of the daily archive files held, as the
    build checks dust days against the years of its data; None when no daily file is held."""
    from datetime import date

    from generator.sources.archive.cnemc import daily_file_date
    from generator.sources.snapshots.observations import archive_files as held_files

    days = [d for d in map(daily_file_date, held_files(data_dir)) if d is not None]
    return (date(min(days).year, 1, 1), date(max(days).year, 12, 31)) if days else None


@dustdays.command("check")
@data_option("Data folder holding dustdays/*.csv.")
@config_option("Site configuration (area names).")
def check(data_dir, config_path) -> None:
    """Validate the register and list its days."""
    from generator.config import load_config
    from generator.sources.registers.dustdays import read_dustdays

    register = read_dustdays(Path(data_dir), load_config(config_path), window=_data_years(Path(data_dir)))
    click.echo(f"{len(register)} 个已确认的沙尘日（{Path(data_dir) / 'dustdays'}）")
    for row in register.itertuples():
        click.echo(f"{row.date:%Y-%m-%d} {row.area_name} {row.document} {row.note}".rstrip())
