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
from generator.enterprises.register_headers import REGISTER_INDEX, REGISTER_KINDS
from generator.enterprises.xlsx import read_xlsx_grid
from generator.errors import InputError
from generator.sources.shared.decoding import decode
from generator.sources.shared.limits import limit

SUFFIXES = (".csv", ".xlsx")
HEADER_SEARCH_ROWS = 10  # a header further down than this is not a header


@dataclass
class RawTable:
    path: Path
    kind: str  # "monitoring", "penalty", or a duty register: "measure", "response", "report"
    encoding: str  # "xlsx" for spreadsheets
    cells: pd.DataFrame  # one column per field (text, stripped; "" when empty)
    rows: pd.Series  # the row number an editor sees in the file (1 = first line / row)
    labels: dict[str, str]  # field -> header as written in the file
    # (row, field) of a last line cut short: no line end and fewer cells than the header, so its last
    # cell may be a number cut in the middle (100 read as 10). validate keeps that row out.
    cut_row: tuple[int, str] | None = None


def _csv_rows(path: Path) -> tuple[list[list[str]], str, bool]:
    """(rows, encoding, whether the text ends without a line end), within the size and row limits."""
    max_bytes = limit("disclosure_file_bytes")
    with open(path, "rb") as handle:  # at most one byte past the limit is read
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(path, f"文件超过 {max_bytes // 2**20} MB 的上限：请按年份或企业拆分成几个文件")
    text, encoding = decode(data, path)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows, max_rows, max_columns = [], limit("disclosure_rows"), limit("disclosure_columns")
    try:
        for cells in reader:
            if len(rows) == max_rows:
                raise InputError(
                    path, f"文件超过 {max_rows:,} 行：请按年份或企业拆分成几个文件", row=reader.line_num
                )
            if len(cells) > max_columns and any(c.strip() for c in cells[max_columns:]):
                raise InputError(
                    path,
                    f"一行有 {len(cells)} 列，超过 {max_columns} 列的上限：请检查分隔符或删除多余的列",
                    row=reader.line_num,
                )
            rows.append(cells[:max_columns])
    except csv.Error as exc:  # a cell over csv's field size limit, a NUL, an unclosed quote in strict mode
        raise InputError(path, f"无法按 CSV 读取：{exc}", row=reader.line_num) from None
    return rows, encoding, not text.endswith(("\n", "\r"))


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
    width = max(len(r) for r in grid[first : last + 1])
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
            raise InputError(
                path,
                f"两列都表示“{labels[field]}”：第 {columns[field] + 1} 列和第 {col + 1} 列"
                "（请删除或改名其中一列）",
                row=last + 1,
                field=label,
            )
        columns[field] = col
        labels[field] = label
    return columns, labels


def _kind(grid: list[list[str]]):
    """(kind, fields, alias index, required fields, first and last header row) of a file: the kind
    whose marking column (a decision number, a technique, a warning level, a permit number) the
    header names; a file with none of them is a self-monitoring file."""
    marked = [("penalty", PENALTY_FIELDS, PENALTY_INDEX, PENALTY_REQUIRED, "decision_no")]
    marked += [(k, f, REGISTER_INDEX[k], req, mark) for k, (f, mark, req) in REGISTER_KINDS.items()]
    for kind, fields, index, required, mark in marked:
        first, last = _header_block(grid, index)
        if first >= 0 and any(
            index.get(header_key(c)) == mark for row in grid[first : last + 1] for c in row
        ):
            return kind, fields, index, required, first, last
    first, last = _header_block(grid, MONITORING_INDEX)
    return "monitoring", MONITORING_FIELDS, MONITORING_INDEX, MONITORING_REQUIRED, first, last


def read_table(path: Path) -> RawTable:
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        grid, encoding, unterminated = read_xlsx_grid(path), "xlsx", False
    else:
        grid, encoding, unterminated = _csv_rows(path)
    kind, fields, index, required, first, last = _kind(grid)
    if first < 0:
        raise InputError(
            path,
            f"找不到表头：前 {HEADER_SEARCH_ROWS} 行中没有可识别的列名（如 企业名称、统一社会信用代码、"
            "监测项目）。文件编码可能有误，或表头写法不在 data/enterprises/README.md 的列表中",
        )
    columns, labels = _columns(path, grid, first, last, index)
    missing = [fields[f][0] for f in required if f not in columns]
    if missing:
        found = "、".join(labels.values()) or "无"
        raise InputError(path, f"缺少必需的列：{'、'.join(missing)}（已识别的列：{found}）", row=last + 1)
    body = grid[last + 1 :]
    numbers = list(range(last + 2, last + 2 + len(body)))
    cells = pd.DataFrame(
        {f: [row[c].strip() if c < len(row) else "" for row in body] for f, c in columns.items()},
        dtype="string",
    ).fillna("")
    rows = pd.Series(numbers, dtype="int64")
    blank = (cells == "").all(axis=1)
    return RawTable(
        path,
        kind,
        encoding,
        cells[~blank].reset_index(drop=True),
        rows[~blank].reset_index(drop=True),
        labels,
        cut_row=_cut_row(grid, last, columns, labels) if unterminated else None,
    )


def _cut_row(grid: list[list[str]], header_row: int, columns: dict[str, int], labels: dict[str, str]):
    """(row, field) when the final line is shorter than the header: the file was cut mid-line."""
    last = grid[-1]
    if len(grid) - 1 <= header_row or len(last) >= len(grid[header_row]) or not any(c.strip() for c in last):
        return None
    # The last cell written is the one that may have been cut; name its column as headed in the file.
    field = next((f for f, col in columns.items() if col == len(last) - 1), None)
    return len(grid), labels.get(field, f"第 {len(last)} 列") if field else f"第 {len(last)} 列"
