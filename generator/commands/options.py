"""Options several commands share, declared once: the data folder, the site configuration, the
national station list, the archive folder, the date range, and any other folder. Each command says
in its own words what it reads there."""

from __future__ import annotations

from pathlib import Path

import click

CONFIG_PATH = Path("data/site.toml")
DEFAULT_ARCHIVE = Path("data/raw/cnemc")


def folder_option(flag: str, name: str, default: Path, help: str):
    """A path option with a default shown in --help (`name`: the parameter it fills)."""
    return click.option(
        flag, name, type=click.Path(path_type=Path), default=default, show_default=True, help=help
    )


def data_option(help: str, default: Path = Path("data")):
    return folder_option("--data", "data_dir", default, help)


def config_option(help: str):
    return folder_option("--config", "config_path", CONFIG_PATH, help)


def archive_option():
    help = "Folder of china_sites_YYYYMMDD.csv files (searched recursively)."
    return folder_option("--archive", "archive", DEFAULT_ARCHIVE, help)


def day_range_options(command):
    """--from and --to (both required): the first and last day of the range."""
    command = click.option("--to", "end", required=True, help="Last day, YYYY-MM-DD.")(command)
    return click.option("--from", "start", required=True, help="First day, YYYY-MM-DD.")(command)


def station_list_option(help: str = "The national station list (CSV, GBK or UTF-8)."):
    return click.option(
        "--station-list", type=click.Path(path_type=Path, exists=True, dir_okay=False), help=help
    )


def day_range(start: str, end: str):
    """The --from and --to days (Timestamps); a bad date or a range that ends before it starts is a
    usage error."""
    import pandas as pd  # here, not at the top: `--help` of every command stays quick

    try:
        first, last = pd.Timestamp(start), pd.Timestamp(end)
    except ValueError as exc:
        raise click.BadParameter(f"not a date: {exc}") from None
    if last < first:
        raise click.BadParameter("--to is before --from")
    return first, last
