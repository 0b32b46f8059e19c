"""`python -m generator sample`: regenerate the bundled demonstration data (data/sample/)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from generator.commands.options import config_option, folder_option
from generator.config import load_config
from generator.sample import DEFAULT_END, DEFAULT_SEED, DEFAULT_START, generate


def _day(ctx, param, value):
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date like 2025-01-31") from None


@click.command("sample")
@folder_option("--out", "out_dir", Path("data/sample"), "Folder to write the sample data into.")
@click.option(
    "--start", callback=_day, default=DEFAULT_START.isoformat(), show_default=True, help="First day."
)
@click.option(
    "--end", callback=_day, default=DEFAULT_END.isoformat(), show_default=True, help="Last day (inclusive)."
)
@click.option(
    "--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Random seed: same seed, same bytes."
)
@config_option("Site configuration: which stations get data.")
def sample(out_dir: Path, start: date, end: date, seed: int, config_path: Path) -> None:
    """Generate deterministic demonstration data (not official measurements)."""
    if end < start:
        raise click.BadParameter(f"end {end} is before start {start}", param_hint="--end")
    written = generate(out_dir, load_config(config_path), seed=seed, start=start, end=end)
    click.echo(
        f"演示样本数据已生成 / sample data written: {len(written)} files in {out_dir} "
        f"({start} – {end}, seed {seed})"
    )
