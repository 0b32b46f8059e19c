"""CSV downloads, written one way for the whole site (charts, rankings, forecasts, enterprises, completeness).

- UTF-8 with a byte-order mark, so Excel on Chinese Windows opens it as UTF-8 instead of GBK.
- Lines end in CRLF, as RFC 4180 says; every reader we know of also takes it.
- Text cells that start with = + - @ (or a tab or carriage return) get a leading apostrophe, so a
  spreadsheet shows them as text instead of running them as formulas (text from input files is
  untrusted). Numbers, dates and booleans are never changed: a negative number stays a number.
"""

from __future__ import annotations

import io
from collections.abc import Collection

import pandas as pd

LINE_END = "\r\n"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(column: pd.Series) -> pd.Series:
    """Text cells that a spreadsheet would read as a formula, prefixed with an apostrophe."""
    if column.dtype.kind in "biufcmM":
        return column
    try:  # text, or text mixed with other values: only the text cells can start a formula
        risky = column.str.startswith(FORMULA_START, na=False).astype(bool)
    except AttributeError:  # no text at all (booleans, dates held as objects)
        return column
    if not risky.any():
        return column
    return column.where(~risky, "'" + column.astype("string"))


def defuse_text(text: str) -> str:
    """One text (a header) as `defuse` writes it."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(
    frame: pd.DataFrame, columns: dict[str, str], *, text_columns: Collection[str] | None = None
) -> bytes:
    """`frame`'s `columns` (name -> header), in that order; the cells of `text_columns` (default
    every column) defused. A caller that has already turned numbers into display strings names its
    text columns, so that a "-3" written from a number is not taken for a formula."""
    selected = frame[list(columns)]
    # Column by column, and only the columns that hold a formula-like cell are replaced: most hold none.
    changed = {
        name: defused
        for name, column in selected.items()
        if (text_columns is None or name in text_columns) and (defused := defuse(column)) is not column
    }
    defused = selected.assign(**changed) if changed else selected
    buffer = io.StringIO()
    header = [defuse_text(title) for title in columns.values()]
    defused.to_csv(buffer, index=False, header=header, lineterminator=LINE_END)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
