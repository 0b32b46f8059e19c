"""A chart's data as published (the CSV download and the rows of the page's table), cached by a
hash of the data.

Formatting a chart's data (generator/charts/tables.py) is pandas work on small frames: a few
milliseconds a chart, about a tenth of a warm rebuild for 200 charts, repeated for data that did
not change. The key hashes what decides both: the data frame as pickled (values, dtypes and
index, byte for byte, after a copy that lays equal frames out alike), the columns and their
headers, the table's row limit, the code that formats them (tables.py and the CSV writer, hashed)
and the versions of pandas and numpy. Equal pickles are equal frames, so a hit is what formatting
would give; a frame pickle cannot encode is formatted every time. Entries live in the chart render
cache's folder, under tables/; an unreadable or corrupt entry is formatted again.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

import numpy as np
import pandas as pd

from generator import i18n
from generator.charts import tables
from generator.files import atomic_write_bytes
from generator.formats import csv_download

CODE = hashlib.sha256(
    b"".join(Path(m.__file__).read_bytes() for m in (tables, csv_download))
    + f"pandas {pd.__version__} numpy {np.__version__}".encode("ascii")
).hexdigest()


def _key(data: pd.DataFrame, columns: dict[str, str], limit: int) -> str | None:
    try:
        # A copy first: it lays out equal frames the same way in memory (a frame built column by
        # column pickles differently from its copy), so equal data gives equal bytes.
        frame = pickle.dumps(data.copy(), protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    h = hashlib.sha256(CODE.encode("ascii"))
    # The language too: it decides words in the cells (yes/no), not only the headers.
    settings = [list(columns.items()), limit, i18n.current()]
    for part in (json.dumps(settings, ensure_ascii=False).encode("utf-8"), frame):
        h.update(len(part).to_bytes(8, "big") + part)  # length first: no two part lists run together
    return h.hexdigest()


def _load(path: Path, key: str) -> tuple[bytes, list[list[str]]] | None:
    try:
        entry = json.loads(path.read_bytes())
        if entry["key"] == key and isinstance(entry["csv"], str) and isinstance(entry["rows"], list):
            return entry["csv"].encode("utf-8"), entry["rows"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def published_table(
    data: pd.DataFrame,
    columns: dict[str, str],
    limit: int,
    cache_dir: Path | None,
    used: set[Path] | None = None,
) -> tuple[bytes, list[list[str]]]:
    """(tables.csv_bytes(data, columns), tables.table_rows(data, columns, limit)), from the cache
    when the same data was formatted before (the entry is added to `used`)."""
    key = _key(data, columns, limit) if cache_dir else None
    path = cache_dir / "tables" / key[:2] / f"{key}.json" if key else None
    if path and used is not None:
        used.add(path)
    cached = _load(path, key) if path else None
    if cached is not None:
        return cached
    csv, rows = tables.csv_bytes(data, columns), tables.table_rows(data, columns, limit)
    if path:
        entry = {"key": key, "csv": csv.decode("utf-8"), "rows": rows}
        atomic_write_bytes(path, json.dumps(entry, ensure_ascii=False).encode("utf-8"))
    return csv, rows
