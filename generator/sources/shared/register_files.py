"""Which files of a register's folder are read: one rule for every register.

An extension matches whatever the case of its letters (`2025.CSV`, `a.Yml`: Windows and some
export tools write capitals, and a confirmed dust day ignored because of it is deducted from
nothing); hidden files and the lock files office programs leave beside an open file (`~$x.csv`)
are not registers' files. Sorted by name, so files are read in the same order on every machine.
"""

from __future__ import annotations

from pathlib import Path


def register_files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The files directly in `folder` whose name ends with one of `suffixes` (lower case, with the
    dot: (".csv",)) in any case of letters; no folder: none."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith((".", "~$")) and p.name.lower().endswith(suffixes)
    )
