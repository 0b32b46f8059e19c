"""User-facing errors: each names the file, row and field, and says what would fix it."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input from a file an editor or an upstream source wrote.

    The message always names the file and, where known, the row and field, so the person who
    wrote the file can fix it without reading a traceback.
    """

    def __init__(self, path: Path | str, message: str, *, row: int | None = None, field: str | None = None):
        self.path = str(path)
        self.row = row
        self.field = field
        self.detail = message
        where = self.path
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")


class FetchError(Exception):
    """A network fault that survived its retries. Existing data is left as it was."""
