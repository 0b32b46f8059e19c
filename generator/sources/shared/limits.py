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
    "download_bytes": Limit(
        64 * 2**20,
        "bytes on the wire per download",
        "a full-country day file is about 2 MB and a disclosure workbook a few MB: 64 MiB is ample room "
        "yet keeps a runaway or hostile response from filling memory or disk",
    ),
    "download_inflated_bytes": Limit(
        64 * 2**20,
        "bytes per download after Content-Encoding (gzip/deflate) is undone",
        "the same bound as on the wire: a 2 MB gzip bomb inflates to gigabytes, so inflation stops here",
    ),
    "archive_inflated_bytes": Limit(
        1024 * 2**20,
        "bytes per stored archive file after gunzip",
        "the whole of 2019 for 115 Jiangsu stations in one file is about 42 MB unpacked; 1 GiB leaves "
        "room for many years of a city's stations while a truncated or hostile .gz cannot exhaust memory",
    ),
    "download_seconds": Limit(
        120,
        "seconds per download, all retries' waits excluded",
        "a day file comes in about a second; a server dripping a byte a second passes every per-read "
        "timeout, so one file gets an overall deadline",
    ),
    "redirects": Limit(
        5,
        "redirects followed per download",
        "a mirror moving a file needs one or two; more is a loop",
    ),
    "archive_line_bytes": Limit(
        1 * 2**20,
        "bytes per line of a day file",
        "the full-country header (about 1,700 station codes) is about 12 KB: a longer line is not "
        "the archive",
    ),
    "archive_rows_per_day_file": Limit(
        24 * 15 * 3,
        "rows per day file",
        "24 hours x 15 types = 360 rows; three times that allows repeated publications, not a whole year",
    ),
    "quoted_chars": Limit(
        120,
        "characters of a response or file quoted in an error message",
        "enough to recognise an HTML login page or a wrong header; a message never echoes megabytes",
    ),
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
        "cell), and the sheet is read streaming; past 64 MB it is a zip bomb or not a disclosure file "
        "(one held 1.35 GB of XML in 3.9 MB). Checked on the zip's declared sizes, before parsing.",
    ),
    "xlsx_shared_strings_bytes": Limit(
        8 * 2**20,
        "bytes",
        "Every shared string is held in memory while the sheet is read (openpyxl): 64 MB of short ones "
        "took 570 MB and 100 s. A disclosure file's distinct texts (names, outlets, pollutants, times "
        "written as text: 8,784 a year) are under 1 MB; 8 MB keeps the worst case near 100 MB.",
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
    "warning_span_days": Limit(
        30,
        "days from a warning's effective_from to its expected_end",
        "A heavy-pollution episode lasts days (the longest in the plan's years about two weeks); an end "
        "like 9999-12-31 would keep a warning and its CAP file active for ever. A longer episode is "
        "continued by a new notice.",
    ),
    "disclosure_earliest_year": Limit(
        1979,
        "the earliest year of a disclosure time",
        "The Environmental Protection Law (trial) of 1979 began pollution monitoring of units; no unit "
        "disclosed self-monitoring data before it. An earlier year (1600, 0025) is a mistyped year.",
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
