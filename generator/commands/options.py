"""Options several commands share, declared once: the data folder, the site configuration and the
national station list. Each command says in its own words what it reads there."""

from __future__ import annotations

from pathlib import Path

import click

CONFIG_PATH = Path("data/site.toml")


def data_option(help: str, default: Path = Path("data")):
    return click.option(
        "--data", "data_dir", type=click.Path(path_type=Path), default=default, show_default=True, help=help
    )


def config_option(help: str):
    return click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path),
        default=CONFIG_PATH,
        show_default=True,
        help=help,
    )


def station_list_option(help: str = "The national station list (CSV, GBK or UTF-8)."):
    return click.option(
        "--station-list", type=click.Path(path_type=Path, exists=True, dir_okay=False), help=help
    )
