"""`python -m generator forecasts check`: does the latest forecast call for a warning the register
lacks?

The publish workflow runs it before the build. Each forecast is graded with the warning rules
(generator/statistics/forecast_alarm.py, the `warnings check` logic). When the latest forecast meets a warning
level that no notice in the register covers, it prints a GitHub `::error` annotation per finding and
exits 1, so the editors see it on the run; it never writes or publishes a notice. A broken forecast
or notice file exits 2 with the file, row and field (like every command).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.clock import build_time
from generator.commands.options import config_option, data_option
from generator.config import load_config
from generator.sources.registers.forecasts import load_forecasts
from generator.sources.registers.warnings import load_register
from generator.statistics.forecast_alarm import alarm_text, alarms, all_findings


def annotation(path: str, message: str) -> str:
    """A GitHub Actions error annotation, its properties and message escaped as the runner requires."""

    def escape(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    prop = escape(path).replace(":", "%3A").replace(",", "%2C")
    return f"::error file={prop},title=预报达到预警条件但没有相应预警::{escape(message)}"


@click.group("forecasts")
def forecasts() -> None:
    """The 7-day forecasts: check them against the warning rules and the register."""


@forecasts.command("check")
@data_option("Data folder holding forecasts/ and warnings/ (and raw/files/ of fetched ones).")
@config_option("Site configuration ([warnings] grading_rules).")
def check(data_dir: Path, config_path: Path) -> None:
    """Exit 1 with a ::error annotation when the latest forecast meets a warning level no notice covers."""
    config = load_config(config_path)
    at = build_time()
    published, _ = load_forecasts(
        [data_dir / "forecasts", data_dir / "raw" / "files" / "forecast"], config, at=at
    )
    register = load_register(
        [data_dir / "warnings", data_dir / "raw" / "files" / "warning_register"], config, at=at
    )
    rules = str(config.warnings.get("grading_rules", "2024"))
    if not published:
        click.echo("没有预报 / no forecasts")
        return
    found = all_findings(published, register, rules)
    open_alarms = alarms(published, register, rules)
    latest = published[-1]
    click.echo(
        f"{len(published)} 次预报，最新 {latest.id}（{latest.issued_at:%Y-%m-%d %H:%M}）；"
        f"达到预警条件 {len(found)} 处，其中最新预报未被预警覆盖 {len(open_alarms)} 处（{rules} 年分级标准）"
    )
    for finding in open_alarms:
        click.echo(annotation(str(finding.forecast.path), alarm_text(finding)))
    if open_alarms:
        sys.exit(1)
