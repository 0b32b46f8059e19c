"""The types of the snapshot manifest ({data}/raw/manifest.json), checked when it is read.

The manifest comes back from the durable store (a git branch anyone with push access can write), so
it is input like any other: a value of the wrong type once stopped `pull` with a traceback, and a
path such as `../../etc/passwd` would have been read (or moved) outside the store. Every entry's
key and every version's `path` must be a relative path inside the store; the fields the code reads
must have their types. Each mistake names the manifest and the key's path.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path, PurePosixPath

from generator.errors import InputError

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_SEGMENT = re.compile(r"^[A-Za-z0-9_\-\u4e00-\u9fff][A-Za-z0-9._\-\u4e00-\u9fff]*$")

# Field -> (what it must be, check). Fields not listed are kept as written and never read as a type.
_TEXT = ("文字", lambda v: isinstance(v, str))
_WHOLE = ("整数", lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0)
_FLAG = ("true/false", lambda v: isinstance(v, bool))
_HASH = ("64 位十六进制 sha256", lambda v: isinstance(v, str) and bool(_SHA256.match(v)))


def _is_day(value: object) -> bool:
    try:
        return isinstance(value, str) and date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


_DAY = ("日期 YYYY-MM-DD", _is_day)
ENTRY_FIELDS = {
    "sha256": _HASH,
    "size": _WHOLE,
    "day": _DAY,
    "kind": _TEXT,
    "url": _TEXT,
    "hours": _WHOLE,
    "complete_hours": _WHOLE,
    "complete": _FLAG,
    "truncated": _FLAG,
    "fetched_at": _TEXT,
    "first_fetched_at": _TEXT,
    "last_checked_at": _TEXT,
}
VERSION_FIELDS = {"sha256": _HASH, "size": _WHOLE}


def inside_store(rel: object) -> bool:
    """A relative path of plain names (no `..`, no leading `/` or `.`, no backslash): one that can
    only name a file inside the store."""
    if not isinstance(rel, str) or not rel or "\\" in rel:
        return False
    parts = PurePosixPath(rel).parts
    return not PurePosixPath(rel).is_absolute() and all(_SEGMENT.match(p) for p in parts)


def check_manifest(path: Path, data: object) -> dict[str, dict]:
    """The manifest's entries (`files`), every value of its type; InputError naming the key's path."""

    def fail(where: str, message: str):
        raise InputError(path, message, field=where)

    if not isinstance(data, dict) or not isinstance(data.get("files", {}), dict):
        fail("files", '清单应为 {"format": 1, "files": {路径: 记录}}')
    files = data.get("files", {})
    for rel, entry in files.items():
        where = f"files.{rel}"
        if not inside_store(rel):
            fail(where, f"路径“{str(rel)[:80]}”不在快照库内（不得含 ..、绝对路径或隐藏文件）")
        if not isinstance(entry, dict):
            fail(where, "每个文件的记录应为 {…}")
        _check_fields(entry, ENTRY_FIELDS, where, fail)
        versions = entry.get("versions", [])
        if not isinstance(versions, list):
            fail(f"{where}.versions", "应为列表")
        for i, version in enumerate(versions, start=1):
            vwhere = f"{where}.versions[{i}]"
            if not isinstance(version, dict):
                fail(vwhere, "每个旧版本的记录应为 {…}")
            if "path" in version and not inside_store(version["path"]):
                fail(f"{vwhere}.path", f"路径“{str(version['path'])[:80]}”不在快照库内")
            _check_fields(version, VERSION_FIELDS, vwhere, fail)
    return dict(files)


def _check_fields(record: dict, fields: dict, where: str, fail) -> None:
    for key, (what, ok) in fields.items():
        if key in record and record[key] is not None and not ok(record[key]):
            fail(f"{where}.{key}", f"应为{what}，写的是 {str(record[key])[:60]!r}")
