"""Precompressed copies of the built site's text files: `X.gz` and `X.br` beside each `X`.

A static host that serves precompressed files (nginx gzip_static/brotli_static, Caddy
`precompressed`, Netlify, the bench's server) sends them to a browser that accepts the encoding,
so a phone downloads a fifth of the bytes without the host compressing on every request.

The bytes are deterministic: gzip with mtime 0 and no file name, brotli at a fixed quality; the
same site gives the same files. Brotli's quality 7, not 11: on the sample site (40 MB of text)
11 is about a hundred times slower than 7 for copies about 10 % smaller, which would add a minute
to a cold build. The compressed bytes are cached by the SHA-256 of the file and the settings (in
the build folder, `cache_dir`) and hard-linked into the site (copied where the two folders are
on different file systems), so a rebuild compresses only the files that changed; the entries a
build did not use are removed after it.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
from pathlib import Path

import brotli

from generator.files import atomic_write_bytes

# The text types of the site; images other than SVG (PNG) and fonts are compressed already.
SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".xml", ".csv", ".svg", ".atom", ".txt"})
# Below this a compressed copy saves less than the response headers it needs.
MIN_SIZE = 256
GZIP_LEVEL = 9
BROTLI_QUALITY = 7
SETTINGS = f"gzip{GZIP_LEVEL}-br{BROTLI_QUALITY}-{brotli.__version__}"
ENCODINGS = {".gz": "gzip", ".br": "br"}


def gzip_bytes(data: bytes) -> bytes:
    """gzip with no time stamp and no file name in the header: the same input, the same bytes."""
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def brotli_bytes(data: bytes) -> bytes:
    mode = brotli.MODE_TEXT
    return brotli.compress(data, mode=mode, quality=BROTLI_QUALITY)


def wants_copies(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and path.stat().st_size >= MIN_SIZE


def _cached(data: bytes, cache_dir: Path, used: set[Path]) -> tuple[Path, Path]:
    """The cache files holding the gzip and brotli copies of `data`, made when missing."""
    key = hashlib.sha256(SETTINGS.encode("ascii") + b"\0" + data).hexdigest()
    folder = cache_dir / key[:2]
    gz_path, br_path = folder / f"{key}.gz", folder / f"{key}.br"
    used.update((gz_path, br_path))
    if not gz_path.is_file():
        atomic_write_bytes(gz_path, gzip_bytes(data))
    if not br_path.is_file():
        atomic_write_bytes(br_path, brotli_bytes(data))
    return gz_path, br_path


def _place(source: Path, target: Path) -> None:
    """`target` as a hard link to the cache file `source` (a copy across file systems). The cache
    only ever replaces its files, never writes into them, so the site's link keeps its bytes."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _prune(cache_dir: Path, used: set[Path]) -> None:
    for path in cache_dir.rglob("*"):
        if path.is_file() and path not in used:
            path.unlink()


def compress_site(site_dir: Path, cache_dir: Path | None = None) -> int:
    """Write `.gz` and `.br` beside every text file of the site; returns how many files got them.

    Every text file of MIN_SIZE or more gets both, so a host never has to decide per file.
    """
    used: set[Path] = set()
    count = 0
    for path in sorted(Path(site_dir).rglob("*")):
        if not path.is_file() or not wants_copies(path):
            continue
        data = path.read_bytes()
        gz_target, br_target = path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")
        if cache_dir is None:
            gz_target.write_bytes(gzip_bytes(data))
            br_target.write_bytes(brotli_bytes(data))
        else:
            gz_path, br_path = _cached(data, cache_dir, used)
            _place(gz_path, gz_target)
            _place(br_path, br_target)
        count += 1
    if cache_dir is not None and cache_dir.is_dir():
        _prune(cache_dir, used)
    return count
