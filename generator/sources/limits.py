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
}


def limit(name: str) -> int | float:
    """The value of the named limit (KeyError for a name not in the table: a typo is a bug)."""
    return LIMITS[name].value
