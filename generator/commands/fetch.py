"""`python -m generator fetch`: pull the public daily archive (and configured files) into data/raw/."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from generator.commands.options import config_option, data_option
from generator.config import load_config
from generator.errors import FetchError
from generator.sources.snapshots.fetch import (
    FetchSettings,
    SnapshotStore,
    configured_files,
    default_range,
    now_beijing,
    run_fetch,
)

# For the first-run estimate only: a full-country day file is about 1.6 MB; from the public mirror
# that is a few seconds per file. The real time depends on the mirror; the estimate says "about".
ESTIMATED_SECONDS_PER_FILE = 3.0


def first_run_estimate(data_dir: Path, start: str | None, parallel: int, now=None) -> str | None:
    """With an empty store, what the default range will fetch and roughly how long it takes."""
    store = SnapshotStore(data_dir / "raw")
    if any(e.get("kind") == "cnemc_daily" for e in store.entries.values()):
        return None
    first, last = default_range(store, now or now_beijing(), start=start)
    days = (last - first).days + 1
    minutes = max(1, round(days * ESTIMATED_SECONDS_PER_FILE / max(parallel, 1) / 60))
    basis = f"按每个文件约 {ESTIMATED_SECONDS_PER_FILE:g} 秒、{parallel} 路并行估计"
    return (
        f"快照存储为空：将抓取 {first} 至 {last} 共 {days} 天的存档文件，约需 {minutes} 分钟（{basis}） / "
        f"empty store: fetching {days} days from {first}, about {minutes} min"
    )


def _day(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date like 2019-01-31", param=param) from None


@click.command()
@click.option(
    "--from",
    "first",
    callback=_day,
    help="First day (YYYY-MM-DD). Default: the first day in the manifest, i.e. every missing day.",
)
@click.option(
    "--to",
    "last",
    callback=_day,
    help="Last day (YYYY-MM-DD). Default: today, Beijing time (its hours so far).",
)
@click.option("--base-url", help="Archive base URL. Default: [sources.cnemc].base_url in the configuration.")
@data_option("Data folder; snapshots go to <data>/raw/.")
@config_option("Site configuration ([sources.cnemc], [[sources.files]]).")
@click.option("--parallel", type=click.IntRange(1, 32), help="Parallel downloads (default: configuration).")
@click.option("--retries", type=click.IntRange(0, 20), help="Retries per file (default: configuration).")
@click.option(
    "--timeout", type=click.FloatRange(0.1, 600), help="Seconds per request (default: configuration)."
)
@click.option(
    "--backoff",
    type=click.FloatRange(0, 600),
    help="Seconds before the first retry, doubling each time (default: configuration, else 1).",
)
@click.option("--archive-only", is_flag=True, help="Skip the [[sources.files]] downloads.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def fetch(
    first, last, base_url, data_dir, config_path, parallel, retries, timeout, backoff, archive_only, quiet
) -> None:
    """Download the public daily archive files (china_sites_YYYYMMDD.csv) into <data>/raw/cnemc/.

    Idempotent: complete days are not downloaded again; days published partially are fetched
    again later; a changed upstream file is kept as a new version. Exits non-zero if any download
    failed (existing data is left as it was).
    """
    config = load_config(config_path)
    settings = FetchSettings.from_config(
        config.sources,
        base_url=base_url,
        parallel=parallel,
        retries=retries,
        timeout=timeout,
        backoff=backoff,
    )
    files = [] if archive_only else configured_files(config.sources)
    console = Console(stderr=True)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
        transient=True,
    )
    start = config.sources.get("cnemc", {}).get("start")
    if first is None:
        estimate = first_run_estimate(data_dir, start, settings.parallel)
        if estimate:
            click.echo(estimate)
    with progress:
        summary = run_fetch(
            data_dir,
            settings,
            first,
            last,
            files=files,
            start=start,
            progress=progress,
        )
    click.echo(f"抓取完成 / fetch done: {summary.line()}")
    for result in summary.notices:  # reported, but the fetch still succeeds
        click.echo(f"  {result.outcome} {result.key}: {result.detail}", err=True)
    for result in summary.failed:
        click.echo(f"  failed {result.key}: {result.detail}", err=True)
    if summary.failed:
        raise FetchError(
            f"{len(summary.failed)} download(s) failed; existing data is intact; run fetch again"
        )
