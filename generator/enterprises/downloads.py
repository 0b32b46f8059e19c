"""CSV downloads of enterprise tables, safe to open in a spreadsheet.

Text from disclosure files is untrusted: a cell starting with = + - @ (or a tab/CR) would be
run as a formula by Excel or WPS, so such text gets a leading apostrophe, which spreadsheets
show as plain text. Files are UTF-8 with a BOM so that Excel opens the Chinese correctly.
"""

from __future__ import annotations

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(column: pd.Series) -> pd.Series:
    """Text cells that a spreadsheet would read as a formula, prefixed with an apostrophe."""
    if column.dtype.kind in "biufcmM":
        return column
    text = column.astype("string")
    risky = text.str.startswith(_FORMULA_START).fillna(False).astype(bool)
    return column.where(~risky, "'" + text)


def csv_bytes(frame: pd.DataFrame, columns: dict[str, str]) -> bytes:
    """`frame`'s `columns` (name -> Chinese header) as CSV bytes; text cells defused."""
    data = frame[list(columns)].apply(defuse)
    text = data.to_csv(index=False, header=list(columns.values()), lineterminator="\n")
    return text.encode("utf-8-sig")
