"""The build folder of generated pages and files (git-ignored, never the hand-written site_src/).

Writes are atomic (generator/files.py: temporary file, then rename), so an interrupted build never
leaves half a page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.files import atomic_write_bytes


class OutputTree:
    """Generated pages and files, addressed by their path in the built site."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def reset(self) -> None:
        if self.root.exists():
            shutil.rmtree(self.root)
        self.root.mkdir(parents=True)

    def path(self, rel_path: str) -> Path:
        rel = rel_path.lstrip("/")
        if ".." in Path(rel).parts:
            raise ValueError(f"output path escapes the build folder: {rel_path}")
        return self.root / rel

    def write_text(self, rel_path: str, text: str) -> Path:
        target = self.path(rel_path)
        atomic_write_bytes(target, text.encode("utf-8"))
        return target

    def write_bytes(self, rel_path: str, data: bytes) -> Path:
        target = self.path(rel_path)
        atomic_write_bytes(target, data)
        return target

    def files(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file())
