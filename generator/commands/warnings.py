"""`python -m generator warnings check FORECAST.csv`: which warning level a forecast calls for.

An editor checks a draft notice against the grading rules before publishing it. The forecast is
a CSV of daily AQI (`date,aqi`, one row per day); the rules are those of 环办大气函〔2018〕875号
("2018") or 环大气〔2024〕6号 ("2024", the default in data/site.toml). The grading itself is the
standards engine's (generator.standards.warning_levels).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import click
import pandas as pd

from generator.commands.options import config_option
from generator.config import load_config
from generator.errors import InputError
from generator.sources.shared.decoding import decode_text
from generator.standards.warning_levels import assess_warning

# Accepted header names (lower-cased) for the two columns.
DATE_HEADERS = ("date", "日期")
AQI_HEADERS = ("aqi", "日aqi", "预报aqi")


def read_forecast(path: Path) -> pd.Series:
    """Daily AQI by date from a `date,aqi` CSV; any bad row is an InputError naming row and field."""
    text = decode_text(path.read_bytes(), path)
    rows = [r for r in csv.reader(text.splitlines()) if any(cell.strip() for cell in r)]
    if not rows:
        raise InputError(path, "empty file; expected a header `date,aqi` and one row per day")
    header = [cell.strip().lower() for cell in rows[0]]
    try:
        i_date = next(i for i, h in enumerate(header) if h in DATE_HEADERS)
        i_aqi = next(i for i, h in enumerate(header) if h in AQI_HEADERS)
    except StopIteration:
        raise InputError(
            path, f"header must name the columns date and aqi (found: {','.join(rows[0])})", row=1
        ) from None
    values: dict[date, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = row + [""] * (max(i_date, i_aqi) + 1 - len(row))
        try:
            day = date.fromisoformat(cells[i_date].strip())
        except ValueError:
            raise InputError(
                path, f"'{cells[i_date]}' is not a date like 2026-01-13", row=number, field="date"
            ) from None
        try:
            aqi = float(cells[i_aqi].strip())
        except ValueError:
            raise InputError(path, f"'{cells[i_aqi]}' is not a number", row=number, field="aqi") from None
        if not 0 <= aqi <= 500 or not aqi.is_integer():
            raise InputError(
                path,
                f"AQI {cells[i_aqi].strip()} is not a whole number from 0 to 500",
                row=number,
                field="aqi",
            )
        if day in values:
            raise InputError(path, f"{day} appears twice", row=number, field="date")
        values[day] = int(aqi)
    if not values:
        raise InputError(path, "no forecast rows under the header")
    return pd.Series(values, dtype=float).rename(index=pd.Timestamp).sort_index()


@click.group("warnings")
def warnings() -> None:
    """Heavy-pollution warnings: check a forecast against the grading rules."""


@warnings.command("check")
@click.argument("forecast", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--rules",
    type=click.Choice(["2018", "2024"]),
    default=None,
    help="Grading rules: 2018 (环办大气函〔2018〕875号) or 2024 (环大气〔2024〕6号); "
    "default: [warnings] grading_rules in the configuration.",
)
@config_option("Site configuration.")
def check(forecast: Path, rules: str | None, config_path: Path) -> None:
    """Say which warning level a forecast daily AQI series (CSV: date,aqi) calls for, and why."""
    if rules is None:
        rules = str(load_config(config_path).warnings.get("grading_rules", "2024"))
    series = read_forecast(forecast)
    result = assess_warning(series, rules=rules)
    first, last = series.index[0].date(), series.index[-1].date()
    click.echo(f"预报：{first} 至 {last}，{len(series)} 天；最高日 AQI {int(series.max())}")
    click.echo(f"规则：{rules} 年分级标准（{result.document}）")
    click.echo(
        f"级别 / level: {result.level_zh}"
        + ("预警" if result.level != "none" else "（不发布预警）")
        + f" ({result.level})"
    )
    click.echo(f"理由：{result.explanation}")
