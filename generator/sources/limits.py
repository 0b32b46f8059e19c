"""Input limits: every bound on what a download or an editor's file may hold, with the reason for its
number, in one table.

A reviewer sees every limit here; code reads them by name (`limit("…")`). Over a limit the reader
raises InputError (or FetchError) naming the file and field: nothing else is affected and memory stays
bounded, because every reader checks the limit while streaming, before it holds the data.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    value: int | float
    unit: str
    reason: str


LIMITS: dict[str, Limit] = {
    # --- Downloads and the national archive (fetch, snapshots, day files) -------------------------
    # --- Editors' files (warning register, enterprise disclosure, dust days) -----------------------
    "warning_file_bytes": Limit(
        256 * 1024,
        "bytes",
        "A notice is 1-3 KB of YAML; 100 times that leaves room for a long description, and a file "
        "past it (a pasted document, a wrong file) is refused before it is read, in bounded memory.",
    ),
    "warning_text_chars": Limit(
        5000,
        "characters",
        "The longest text of a notice, its description, is a few hundred characters in the bureau's "
        "published notices; 5,000 is a printed page and keeps one field from flooding every page "
        "and feed the notice appears on.",
    ),
    "forecast_file_bytes": Limit(
        256 * 1024,
        "bytes",
        "A forecast issue is 7 days for the city and ten areas, about 80 rows of 100 bytes (8 KB); 30 times "
        "that leaves room for long texts, and a pasted document or wrong file is refused before it is read.",
    ),
    "forecast_rows": Limit(
        1000,
        "rows",
        "7 days x (the city + every configured area) is under 100 rows; 1,000 is what a file of several "
        "issues pasted together, or a stray range of the sheet, reaches.",
    ),
    "disclosure_file_bytes": Limit(
        32 * 2**20,
        "bytes",
        "A CSV disclosure file of a year of hourly values for one unit (8,784 hours x 6 series, about "
        "120 bytes a row) is 6 MB; 32 MB leaves five times that and keeps reading it to a few hundred MB.",
    ),
    "xlsx_uncompressed_bytes": Limit(
        64 * 2**20,
        "bytes",
        "The XML inside a workbook at the row and column limits below is under 50 MB (about 40 bytes a "
        "cell); every shared string is held in memory while the sheet is read, so 64 MB of XML keeps the "
        "reader under 500 MB even when it is all one-character strings. Checked before parsing.",
    ),
    "disclosure_rows": Limit(
        100_000,
        "rows",
        "A year of hourly values (8,784) for 11 series; a larger file is split by year or unit. Excel's "
        "own maximum (1,048,576) is what a stray cell or styled row at the bottom of a sheet reaches.",
    ),
    "disclosure_columns": Limit(
        64,
        "columns",
        "The widest layout has 12 fields (a penalty file 11); 64 leaves room for notes and blank columns, "
        "while Excel's 16,384 is what one stray cell at XFD reaches.",
    ),
    "disclosure_cell_chars": Limit(
        2000,
        "characters",
        "The longest cell, a penalty's 主要违法事实, is a few hundred characters in published files; a "
        "longer cell is taken for a mistake (a pasted document) and its row is kept out and reported.",
    ),
}


def limit(name: str) -> int | float:
    """The value of the named limit (KeyError for a name not in the table: a typo is a bug)."""
    return LIMITS[name].value
