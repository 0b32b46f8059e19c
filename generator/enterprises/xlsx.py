"""The first worksheet of an XLSX disclosure file as rows of text, read streaming and within limits.

An XLSX file is a zip of XML, and both can lie: a 5 KB file may declare (or hold) one cell at
XFD1048576, a column of styled empty cells down to row 1,048,576, or 1.35 GB of XML in 3.9 MB. So:

- the zip's declared uncompressed sizes are summed BEFORE anything is parsed (zipfile never inflates
  a member past its declared size: a member that lies fails its CRC check and the file is refused);
- the sheet is parsed streaming (openpyxl read-only), taking only the cells actually written, never
  the declared dimension, and rows and columns past the limits are refused as soon as they appear;
- merged ranges are clipped to the cells read, with a budget on the cells they fill.

Limits are in generator/sources/shared/limits.py. Malformed XML or zip gives an InputError naming the file.
"""

from __future__ import annotations

import zipfile
import zlib
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._reader import INLINE_STRING, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

from generator.errors import InputError
from generator.sources.shared.limits import limit

# What a broken or hostile workbook raises from zipfile, zlib, ElementTree (ParseError is a
# SyntaxError) or openpyxl's readers of its parts.
_BROKEN = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    IndexError,
    OSError,
    ValueError,
    TypeError,
    AttributeError,
    SyntaxError,
)


def cell_text(value) -> str:
    if isinstance(value, str):  # most cells: tested first
        return value
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_archive(path: Path) -> None:
    """Refuse a workbook whose parts would inflate past the limit, before any of them is parsed."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except _BROKEN as exc:
        raise _unreadable(path, exc) from None
    inflated, cap = sum(m.file_size for m in members), limit("xlsx_uncompressed_bytes")
    if inflated > cap:
        raise InputError(
            path,
            f"工作簿解压后达 {inflated / 2**20:,.0f} MB，超过 {cap // 2**20} MB 的上限"
            "（正常的披露表远小于此）：请检查文件，或按年份、企业拆分成几个文件",
        )
    # Shared strings are all held in memory while the sheet is read (the rest is streamed).
    shared, cap = (
        sum(m.file_size for m in members if m.filename.lower().endswith("sharedstrings.xml")),
        limit("xlsx_shared_strings_bytes"),
    )
    if shared > cap:
        raise InputError(
            path,
            f"工作簿的共享文字表达 {shared / 2**20:,.0f} MB，超过 {cap // 2**20} MB 的上限"
            "（正常的披露表不到 1 MB）：请检查文件，或拆分成几个文件",
        )


def read_xlsx_grid(path: Path) -> list[list[str]]:
    """The first worksheet's cells as text; a merged range's value fills every cell it covers."""
    check_archive(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            grid, merged = _read_sheet(path, book.worksheets[0])
        finally:
            book.close()
        _fill_merged(path, grid, merged)
    except InputError:
        raise
    except _BROKEN as exc:
        raise _unreadable(path, exc) from None
    return grid


def _unreadable(path: Path, exc: Exception) -> InputError:
    return InputError(path, f"不是可读的 XLSX 工作簿（{type(exc).__name__}）：请用 Excel 或 WPS 另存为 .xlsx")


_TEXT = f"{{{SHEET_MAIN_NS}}}t"


class _SheetParser(WorkSheetParser):
    """openpyxl's sheet parser, reading a plain inline string (<is><t>text</t></is>, what many
    exporters write for every text cell) directly: openpyxl builds a rich-text object for each, which
    is most of the time taken to read such a workbook. Any other inline string (formatted runs,
    phonetic guides, attributes) is still read by openpyxl, so the values are the same."""

    def parse_cell(self, element):
        inline = element.find(INLINE_STRING) if element.get("t") == "inlineStr" else None
        if inline is None or inline.attrib or len(inline) != 1 or inline[0].tag != _TEXT:
            return super().parse_cell(element)
        # openpyxl reads the rest of the cell (its position and style) as for an empty inline string;
        # the element is the parser's own and is discarded once its row is read.
        element.remove(inline)
        cell = super().parse_cell(element)
        cell.update(value=inline[0].text or "", data_type="s")
        return cell


def _read_sheet(path: Path, sheet) -> tuple[list[list[str]], list[str]]:
    """(rows of text up to the last written cell, merged range references)."""
    max_rows, max_columns = limit("disclosure_rows"), limit("disclosure_columns")
    book = sheet.parent
    grid: list[list[str]] = []
    # openpyxl's read-only sheet fills gaps up to the declared dimension; its parser, set up as the
    # read-only sheet does (openpyxl 3.1), yields only the rows and cells written in the file.
    with sheet._get_source() as source:
        parser = _SheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            texts = ((c["column"], cell_text(c["value"])) for c in cells)
            written = {column: text for column, text in texts if text.strip()}
            if not written:
                if number > max_rows:  # styled empty rows this far down: refused before parsing them all
                    raise InputError(
                        path,
                        f"工作表在第 {max_rows:,} 行以下仍有行（可能只是设置了格式的空行）："
                        "请删除多余的行，或拆分成几个文件",
                        row=number,
                    )
                continue
            if number > max_rows:
                raise InputError(
                    path, f"工作表超过 {max_rows:,} 行：请按年份或企业拆分成几个文件", row=number
                )
            widest = max(written)
            if widest > max_columns:
                raise InputError(
                    path,
                    f"第 {widest} 列有内容，超过 {max_columns} 列的上限：请删除表格右侧无关的内容",
                    row=number,
                )
            grid.extend([] for _ in range(number - len(grid)))
            grid[number - 1] = [written.get(col, "") for col in range(1, widest + 1)]
        merged = [m.ref for m in parser.merged_cells.mergeCell] if parser.merged_cells else []
    return grid, merged


def _fill_merged(path: Path, grid: list[list[str]], merged: list[str]) -> None:
    """Copy each merged range's top-left value into its cells, clipped to the cells read."""
    budget = limit("disclosure_rows") * limit("disclosure_columns")
    width = max((len(r) for r in grid), default=0)
    for ref in merged:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if min_row > len(grid) or min_col > len(grid[min_row - 1]):
            continue
        top_left = grid[min_row - 1][min_col - 1]
        rows, cols = range(min_row - 1, min(max_row, len(grid))), range(min_col - 1, min(max_col, width))
        budget -= len(rows) * len(cols)
        if budget < 0:
            raise InputError(path, "合并单元格覆盖的范围过大：请取消整列或整行的合并")
        for r in rows:
            if len(grid[r]) < cols.stop:
                grid[r].extend([""] * (cols.stop - len(grid[r])))
            for c in cols:
                grid[r][c] = top_left
