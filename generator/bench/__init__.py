"""`make bench`: speed and memory figures, printed as a table. Never a timed test.

Each section is a module in this package exposing `run() -> list[dict]`, each dict a row with
keys: section, measure, value, unit, target (optional), note (optional).
"""
