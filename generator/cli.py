"""Command line: `python -m generator <command>`. A user's mistake becomes a short message."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.options import config_option, data_option, folder_option
from generator.errors import FetchError, InputError


class FriendlyGroup(click.Group):
    """Turns known input and network faults into one clear line and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (InputError, FetchError) as exc:
            click.echo(f"错误 / error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=FriendlyGroup)
def main() -> None:
    """连云港空气质量信息公开网站生成器 (Lianyungang air-quality site generator)."""


@main.command()
@data_option("Data folder: the bundled sample or fetched snapshots (data/).", default=Path("data/sample"))
@folder_option("--out", "out_dir", Path("site"), "Where the built static site goes.")
@config_option("Site configuration (areas, stations, targets).")
@folder_option("--build-dir", "build_dir", Path("build"), "Git-ignored folder for generated pages.")
@click.option("--quiet", is_flag=True, help="No progress display.")
def build(data_dir: Path, out_dir: Path, config_path: Path, build_dir: Path, quiet: bool) -> None:
    """Generate every page from the data folder and build the site with MkDocs."""
    from generator.build import build_site

    if not data_dir.is_dir():
        raise click.BadParameter(f"no such folder: {data_dir}", param_hint="--data")
    build_site(data_dir, out_dir, config_path=config_path, build_dir=build_dir, show_progress=not quiet)
    click.echo(f"网站已生成 / site built: {out_dir}/index.html")


def _register_commands() -> None:
    """The other commands live in generator/commands/, one module each."""
    from generator.commands.agreement import agreement
    from generator.commands.check_site import check_site_command
    from generator.commands.deploy import deploy_command
    from generator.commands.dustdays import dustdays
    from generator.commands.fetch import fetch
    from generator.commands.forecasts import forecasts
    from generator.commands.sample import sample
    from generator.commands.snapshots import snapshots
    from generator.commands.stats import stats
    from generator.commands.status import status
    from generator.commands.warnings import warnings

    commands = (
        fetch,
        stats,
        sample,
        warnings,
        dustdays,
        agreement,
        check_site_command,
        snapshots,
        status,
        forecasts,
        deploy_command,
    )
    for command in commands:
        main.add_command(command)


_register_commands()
