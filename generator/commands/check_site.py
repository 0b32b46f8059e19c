"""`python -m generator check-site SITE_DIR`: the built site checks itself before it is published."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.options import config_option


@click.command("check-site")
@click.argument("site_dir", type=click.Path(path_type=Path, exists=True, file_okay=False))
@config_option("Site configuration: site.url is the prefix of absolute links.")
@click.option(
    "--limit",
    type=int,
    default=200,
    show_default=True,
    help="Print at most this many problems (the count is always complete).",
)
def check_site_command(site_dir: Path, config_path: Path, limit: int) -> None:
    """Check a built site: every link resolves, no placeholder, one h1 and a title per page,
    valid HTML, nothing loaded from outside. Exit 1 with the list of problems."""
    from generator.config import load_config
    from generator.sitecheck import check_site

    report = check_site(site_dir, load_config(config_path).site["url"])
    for problem in report.problems[:limit]:
        click.echo(str(problem))
    if len(report.problems) > limit:
        click.echo(f"… and {len(report.problems) - limit} more")
    click.echo(report.summary())
    sys.exit(0 if report.ok else 1)
