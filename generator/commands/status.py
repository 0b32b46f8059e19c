"""`python -m generator status`: is the data up to date? Exit 1 when upstream has gone quiet.

The publish workflow runs it after deploying, so a quiet upstream fails the run visibly (and writes
the reason to the job summary) without holding back a warning that must go out.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from generator.clock import build_time
from generator.commands.options import config_option, data_option
from generator.config import load_config
from generator.sources.archive.upstream_status import DEFAULT_QUIET_DAYS, assess
from generator.sources.snapshots.fetch import SnapshotStore
from generator.tables.dataset import read_dataset_info


@click.command()
@data_option("Data folder (its raw/manifest.json is read).")
@config_option("Site configuration ([sources.cnemc].quiet_days_alarm).")
@click.option("--json", "as_json", is_flag=True, help="Print status.json's fields instead of a summary.")
def status(data_dir: Path, config_path: Path, as_json: bool) -> None:
    """Say how fresh the fetched data is; exit 1 when upstream published nothing for too long."""
    config = load_config(config_path)
    alarm = int(config.sources.get("cnemc", {}).get("quiet_days_alarm", DEFAULT_QUIET_DAYS))
    entries = [{"path": rel, **e} for rel, e in SnapshotStore(data_dir / "raw").entries.items()]
    result = assess(
        entries,
        now=build_time(),
        newest_observation=None,
        is_sample=bool(read_dataset_info(data_dir).get("sample", False)),
        quiet_days_alarm=alarm,
    )
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
    else:
        click.echo(
            f"newest day {result.newest_day or '-'}, {result.days_held} days held, "
            f"last fetch {result.last_fetch_at or '-'}, missing upstream {len(result.missing_upstream)}: "
            f"{result.reason}"
        )
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and result.stale:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(f"### 数据未按时更新\n\n{result.reason}\n")
    if result.stale:
        raise SystemExit(1)
