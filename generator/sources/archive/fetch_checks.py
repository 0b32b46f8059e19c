"""What a download must be before it is stored: checks that never touch the store.

A refused download raises InputError (or returns a reason) naming the URL, the row and the
field; it is reported by `fetch` and nothing is stored.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.errors import InputError
from generator.sources.archive.cnemc import ArchiveParse, last_line_cut, read_archive
from generator.sources.shared.limits import limit
from generator.sources.transport.download import excerpt


def cut_line(body: bytes) -> str | None:
    return "body cut off mid-line (last line incomplete)" if last_line_cut(body) else None


def check_day_file(body: bytes, day: date, url: str) -> ArchiveParse:
    """A downloaded day file, parsed; InputError when it is not that day's archive file.

    Checked before anything is stored: the line and row limits, the header, and that every row
    carries the day in the file's name (a file of the previous day's rows would overwrite it).
    """
    page = html_page(body)
    if page is not None:  # a login page stored as a day "of 0 hours" would hide the missing day
        raise InputError(url, page)
    line_cap, row_cap = int(limit("archive_line_bytes")), int(limit("archive_rows_per_day_file"))
    header_end = body.find(b"\n")
    if (header_end < 0 and len(body) > line_cap) or header_end > line_cap:
        raise InputError(url, f"first line longer than {line_cap:,} bytes ({excerpt(body)}): not a day file")
    if body.count(b"\n") > row_cap:
        raise InputError(url, f"more than {row_cap:,} rows (limit archive_rows_per_day_file): not a day file")
    parsed = read_archive(body, name=url)
    wrong = [d for d in parsed.defects if d["kind"] == "wrong_day"]
    if wrong:
        raise InputError(
            url, f"refused, nothing stored: {wrong[0]['detail']}", row=wrong[0]["line"], field="date"
        )
    return parsed


def stored_hours(path: Path | None, key: str) -> int:
    """Complete hours of the day in the stored snapshot (0 when none or unreadable)."""
    if path is None:
        return 0
    try:
        return read_archive(path).complete_hours.get(key, 0)
    except InputError:
        return 0


def html_page(body: bytes) -> str | None:
    """A web page where a data file was expected (a login or error page served with 200).

    No file `fetch` takes (CSV, YAML, XLSX) begins with markup: a body whose first character is
    `<` followed by a tag, a comment or a declaration (`<!doctype html>`, `<html>`, `<?xml`,
    `<!-- -->`, `<script>`, `<meta>`) is a page, whatever tag it opens with."""
    start = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (start[:1] == b"<" and start[1:2].isalpha()) or start[:2] in (b"<!", b"<?"):
        return f"an HTML page, not a data file ({excerpt(body)}): refused, nothing stored"
    return None
