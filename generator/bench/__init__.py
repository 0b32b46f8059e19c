"""`make bench`: speed and memory figures, printed as a table. Never a timed test.

Each section is a module in this package exposing `run() -> list[dict]`, each dict a row with
keys: section, measure, value, unit, target (optional), note (optional).
"""


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
