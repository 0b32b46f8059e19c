"""`python -m generator check-site SITE_DIR`: the built site checks itself before it is published."""

from __future__ import annotations

import json
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
@click.option(
    "--baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Page digests of the last checked build (JSON): problems only on pages this build did not "
    "change do not block (exit 3 instead of 1). Absent file: every problem blocks.",
)
@click.option(
    "--record",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write this build's page digests here (the next run's --baseline).",
)
def check_site_command(site_dir: Path, config_path: Path, limit: int, baseline, record) -> None:
    """Check a built site: every link resolves, no placeholder, one h1 and a title per page,
    valid HTML, nothing loaded from outside; on a site of two editions, no Chinese on an English
    page outside lang="zh", switch and hreflang links to the same page in the other edition, every
    page in both. Exit 1 with the list of problems; with --baseline,
    exit 3 when no problem is on a page this build changed (deploy, then fail the run loudly)."""
    from generator.config import load_config
    from generator.files import atomic_write_bytes
    from generator.sitecheck import check_site
    from generator.sitecheck.baseline import blocking, digests, read_baseline

    report = check_site(site_dir, load_config(config_path).site["url"])
    for problem in report.problems[:limit]:
        click.echo(str(problem))
    if len(report.problems) > limit:
        click.echo(f"… and {len(report.problems) - limit} more")
    click.echo(report.summary())
    previous = read_baseline(baseline)  # before --record may write the same file
    current = digests(site_dir) if baseline or record else {}
    if record:
        atomic_write_bytes(record, json.dumps(current, indent=0, sort_keys=True).encode("utf-8"))
    if report.ok:
        sys.exit(0)
    held = blocking(report.problems, current, previous)
    if held:
        sys.exit(1)
    click.echo(
        "::error title=网站检查发现问题::all problems are on pages this build did not change "
        "(or outside a new warning's pages): the site is published, and the run fails"
    )
    sys.exit(3)
