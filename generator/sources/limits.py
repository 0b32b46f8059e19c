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
}


def limit(name: str) -> int | float:
    """The value of the named limit (KeyError for a name not in the table: a typo is a bug)."""
    return LIMITS[name].value
