"""Text files from editors and upstream sources: which encoding they are in, decided once for all readers.

Files arrive as UTF-8 (with or without a BOM), as GBK/GB18030 (Chinese Excel and WPS exports, the
national station list), or as Unicode with a BOM (Excel's "Unicode text" is UTF-16; some tools write
UTF-32). UTF-16 and UTF-32 are accepted only with their BOM, and a NUL is never text: without these
rules a UTF-16/32 file without a BOM would "decode" as UTF-8 full of NULs.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from generator.errors import InputError

# Checked in this order: the UTF-32 LE BOM begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# utf-8-sig reads UTF-8 with or without a BOM; GB18030 is a superset of GBK and GB2312.
_ENCODINGS = (("utf-8-sig", "utf-8"), ("gb18030", "gbk/gb18030"))

# In Chinese only: the message reaches the public validation page of the disclosure files, where
# an English sentence would be an untranslated one (sitecheck/words.py).
UNREADABLE = (
    "无法识别文件编码：不是 UTF-8、GBK/GB18030，也不是带 BOM 的 UTF-16/UTF-32 文本（请在 Excel 或 WPS 中"
    "另存为“CSV UTF-8”或 XLSX）"
)


def decode(data: bytes, path: Path | str) -> tuple[str, str]:
    """(text, encoding name) of a file's bytes; InputError naming the file when it is no text we read."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                break
            if "\x00" in text:
                break
            return text, encoding
    else:
        for encoding, name in _ENCODINGS:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text:
                return text, name
    raise InputError(path, UNREADABLE)


def decode_text(data: bytes, path: Path | str) -> str:
    """The text of a file's bytes (see decode)."""
    return decode(data, path)[0]
