"""`make bench`: speed and memory figures, printed as a table. Never a timed test.

Each section is a module in this package exposing `run() -> list[dict]`, each dict a row with
keys: section, measure, value, unit, target (optional), note (optional).
"""

from datetime import date, datetime, time, timedelta, timezone

BEIJING = timezone(timedelta(hours=8))


def epoch_after(last_day: date) -> str:
    """SOURCE_DATE_EPOCH of a build run the Monday 08:00 (Beijing) after data ending `last_day`:
    the weekly workflow's clock. A build timed before its data ends would publish the future."""
    monday = last_day + timedelta(days=7 - last_day.weekday())
    return str(int(datetime.combine(monday, time(8), BEIJING).timestamp()))


def row(section: str, measure: str, value, unit: str, target: str = "", note: str = "") -> dict:
    """One row of the benchmark table."""
    return {
        "section": section,
        "measure": measure,
        "value": value,
        "unit": unit,
        "target": target,
        "note": note,
    }
