"""A chart's data as published: the CSV download and the cells of the HTML table.

Both show the columns named in `ChartSpec.columns`, in that order, under their Chinese headers,
and format each value the same way, so the table on the page and the CSV agree cell for cell.

CSV decisions (documented on the /data/ page):
- UTF-8 with a byte-order mark, so Excel on Chinese Windows opens it as UTF-8 instead of GBK.
- One header row, in Chinese (what a reader sees); the machine names of the columns are listed
  in data/index.json (`columns`: name and title) for programs.
- Lines end in CRLF (RFC 4180); formula-like text is defused (generator/formats/csv_download.py,
  the writer of every CSV download).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.clock import BEIJING
from generator.formats import csv_download
from generator.i18n import _


def _format_float(values: pd.Series) -> pd.Series:
    # Six decimals at most: floating-point noise (0.30000000000000004) never reaches a reader.
    # Plain notation, never "1e-05"; trailing zeros and a bare "." dropped; "-0" is "0".
    # numpy's string functions, not pandas' .str: a chart's columns are short, and pandas' string
    # methods cost a millisecond a call whatever the length (a tenth of the charts step).
    numbers = values.to_numpy(dtype="float64", na_value=np.nan)
    text = np.char.rstrip(np.char.rstrip(np.char.mod("%.6f", numbers), "0"), ".")
    text = np.where(np.isnan(numbers), "", np.where(text == "-0", "0", text))
    return pd.Series(text, index=values.index, dtype="str")


def _format_datetime(values: pd.Series) -> pd.Series:
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_convert(BEIJING)
    moments = values.dropna()
    whole_days = bool(((moments - moments.dt.normalize()) == pd.Timedelta(0)).all())
    text = values.dt.strftime("%Y-%m-%d" if whole_days else "%Y-%m-%d %H:%M")
    return text.fillna("")


def _format_text(values: pd.Series) -> pd.Series:
    return values.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))


def cell_text(data: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """The published columns as strings, column by column (dates in Beijing time, '' = missing)."""
    out = {}
    for name in columns:
        values = data[name]
        if pd.api.types.is_bool_dtype(values):
            out[name] = values.map({True: _("是"), False: _("否")}).fillna("")
        elif pd.api.types.is_datetime64_any_dtype(values):
            out[name] = _format_datetime(values)
        elif pd.api.types.is_integer_dtype(values):
            out[name] = values.astype("string").fillna("")
        elif pd.api.types.is_float_dtype(values):
            out[name] = _format_float(values)
        else:
            out[name] = _format_text(values)
    return pd.DataFrame(out, index=data.index)


def csv_bytes(data: pd.DataFrame, columns: dict[str, str]) -> bytes:
    """The CSV download: the same cells as the table, under the Chinese headers."""
    # Only text columns can hold a formula; numbers and dates are written as they are.
    text_columns = [
        name
        for name in columns
        if not (
            pd.api.types.is_numeric_dtype(data[name].dtype)
            or pd.api.types.is_datetime64_any_dtype(data[name].dtype)
        )
    ]
    return csv_download.csv_bytes(cell_text(data, columns), columns, text_columns=text_columns)


MISSING_CELL = "—"


def table_rows(data: pd.DataFrame, columns: dict[str, str], limit: int) -> list[list[str]]:
    """The first `limit` rows as display strings for the HTML table. A missing value is a dash
    there (the page says what it means); the CSV keeps it an empty field, as programs expect."""
    cells = cell_text(data.head(limit), columns).replace("", MISSING_CELL)
    return [list(row) for row in cells.itertuples(index=False, name=None)]
