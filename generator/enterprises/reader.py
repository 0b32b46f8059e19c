"""Read one disclosure file (CSV or XLSX) into a table of text cells under known field names.

What this module settles: the file's encoding, its delimiter, where its header is (titles and
two-row headers with merged cells are common in government spreadsheets), and which column is
which field. It raises InputError for a file that cannot be read as a table at all; checking
the cells is validate.py's job.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd

from generator.enterprises.headers import (
    MONITORING_FIELDS,
    MONITORING_INDEX,
    MONITORING_REQUIRED,
    PENALTY_FIELDS,
    PENALTY_INDEX,
    PENALTY_REQUIRED,
    header_key,
)
from generator.errors import InputError

SUFFIXES = (".csv", ".xlsx")
HEADER_SEARCH_ROWS = 10  # a header further down than this is not a header
# utf-8-sig reads UTF-8 with or without a BOM; GB18030 is a superset of GBK and GB2312.
ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass
class RawTable:
    path: Path
    kind: str  # "monitoring" or "penalty"
    encoding: str  # "xlsx" for spreadsheets
    cells: pd.DataFrame  # one column per field (text, stripped; "" when empty)
    rows: pd.Series  # the row number an editor sees in the file (1 = first line / row)
    labels: dict[str, str]  # field -> header as written in the file


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """(text, encoding). UTF-16 only with a BOM (Excel's "Unicode text"); NUL never in text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text, ("gbk/gb18030" if encoding == "gb18030" else "utf-8")
    raise InputError(path, "无法识别文件编码：不是 UTF-8、GBK 或 GB18030 文本（请在 Excel 或 WPS 中"
                           "另存为“CSV UTF-8”或 XLSX）")


def _csv_rows(path: Path) -> tuple[list[list[str]], str]:
    text, encoding = decode(path, path.read_bytes())
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect)), encoding


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path: Path) -> list[list[str]]:
    """The first worksheet's cells; a merged range's value fills every cell it covers."""
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(path, f"不是可读的 XLSX 工作簿（{type(exc).__name__}）：请用 Excel 或 WPS 另存为 .xlsx") from None
    sheet = book.worksheets[0]
    grid = [[_cell_text(c) for c in row] for row in sheet.iter_rows(min_row=1, min_col=1, values_only=True)]
    for merged in sheet.merged_cells.ranges:
        top_left = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
            for c in range(merged.min_col - 1, merged.max_col):
                grid[r][c] = top_left
    return grid


def _header_block(grid: list[list[str]], index: dict[str, str]) -> tuple[int, int]:
    """First and last row (0-based) of the header: consecutive rows naming known fields."""
    scores = [sum(header_key(c) in index for c in row) for row in grid[:HEADER_SEARCH_ROWS]]
    if not scores or max(scores) < 2:
        return -1, -1
    first = next(i for i, s in enumerate(scores) if s >= 2)
    last = first
    while last + 1 < len(scores) and scores[last + 1] > 0:
        last += 1
    return first, last


def _columns(path: Path, grid, first: int, last: int, index) -> tuple[dict[str, int], dict[str, str]]:
    """field -> column number; the lowest header cell naming a field wins (two-row headers)."""
    width = max(len(r) for r in grid[first:last + 1])
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    for col in range(width):
        cells = [grid[r][col] if col < len(grid[r]) else "" for r in range(first, last + 1)]
        named = [c for c in cells if header_key(c) in index]
        if not named:
            continue
        label = named[-1]
        field = index[header_key(label)]
        if field in columns:
            raise InputError(path, f"两列都表示“{labels[field]}”：第 {columns[field] + 1} 列和第 {col + 1} 列"
                                   "（请删除或改名其中一列）", row=last + 1, field=label)
        columns[field] = col
        labels[field] = label
    return columns, labels


def read_table(path: Path) -> RawTable:
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        grid, encoding = _xlsx_rows(path), "xlsx"
    else:
        grid, encoding = _csv_rows(path)
    kind, fields, index, required = "monitoring", MONITORING_FIELDS, MONITORING_INDEX, MONITORING_REQUIRED
    first, last = _header_block(grid, PENALTY_INDEX)
    if first >= 0 and any(PENALTY_INDEX.get(header_key(c)) == "decision_no" for row in grid[first:last + 1]
                          for c in row):
        kind, fields, index, required = "penalty", PENALTY_FIELDS, PENALTY_INDEX, PENALTY_REQUIRED
    else:
        first, last = _header_block(grid, MONITORING_INDEX)
    if first < 0:
        raise InputError(path, f"找不到表头：前 {HEADER_SEARCH_ROWS} 行中没有可识别的列名（如 企业名称、"
                               "统一社会信用代码、监测项目）。文件编码可能有误，或表头写法不在 data/enterprises/README.md 的列表中")
    columns, labels = _columns(path, grid, first, last, index)
    missing = [fields[f][0] for f in required if f not in columns]
    if missing:
        found = "、".join(labels.values()) or "无"
        raise InputError(path, f"缺少必需的列：{'、'.join(missing)}（已识别的列：{found}）", row=last + 1)
    body = grid[last + 1:]
    numbers = list(range(last + 2, last + 2 + len(body)))
    cells = pd.DataFrame(
        {f: [row[c].strip() if c < len(row) else "" for row in body] for f, c in columns.items()},
        dtype="string",
    ).fillna("")
    rows = pd.Series(numbers, dtype="int64")
    blank = (cells == "").all(axis=1)
    return RawTable(path, kind, encoding, cells[~blank].reset_index(drop=True),
                    rows[~blank].reset_index(drop=True), labels)
