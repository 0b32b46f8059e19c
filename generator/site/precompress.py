"""Precompressed copies of the built site's text files: `X.gz` and `X.br` beside each `X`.

A static host that serves precompressed files (nginx gzip_static/brotli_static, Caddy
`precompressed`, Netlify, the bench's server) sends them to a browser that accepts the encoding,
so a phone downloads a fifth of the bytes without the host compressing on every request.

The bytes are deterministic: gzip with mtime 0 and no file name, brotli at a fixed quality; the
same site gives the same files. Compressing every file again at the highest levels would take
longer than the rest of a warm rebuild, so the compressed bytes are cached by the SHA-256 of the
file and the settings (in the build folder, `cache_dir`); the entries a build did not use are
removed after it.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import brotli

from generator.files import atomic_write_bytes

# The text types of the site; images other than SVG (PNG) and fonts are compressed already.
SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".xml", ".csv", ".svg", ".atom", ".txt", ".map"})
# Below this a compressed copy saves less than the response headers it needs.
MIN_SIZE = 256
GZIP_LEVEL = 9
BROTLI_QUALITY = 11
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


def _compressed(data: bytes, cache_dir: Path | None, used: set[Path]) -> tuple[bytes, bytes]:
    if cache_dir is None:
        return gzip_bytes(data), brotli_bytes(data)
    key = hashlib.sha256(SETTINGS.encode("ascii") + b"\0" + data).hexdigest()
    folder = cache_dir / key[:2]
    gz_path, br_path = folder / f"{key}.gz", folder / f"{key}.br"
    used.update((gz_path, br_path))
    if gz_path.is_file() and br_path.is_file():
        return gz_path.read_bytes(), br_path.read_bytes()
    gz, br = gzip_bytes(data), brotli_bytes(data)
    atomic_write_bytes(gz_path, gz)
    atomic_write_bytes(br_path, br)
    return gz, br


def _prune(cache_dir: Path, used: set[Path]) -> None:
    for path in cache_dir.rglob("*"):
        if path.is_file() and path not in used:
            path.unlink()


def compress_site(site_dir: Path, cache_dir: Path | None = None) -> int:
    """Write `.gz` and `.br` beside every text file of the site; returns how many files got them.

    A copy that would not be smaller than the file is still written, so a server never has to
    decide per file; such files are rare (under MIN_SIZE none are made at all).
    """
    used: set[Path] = set()
    count = 0
    for path in sorted(Path(site_dir).rglob("*")):
        if not path.is_file() or not wants_copies(path):
            continue
        gz, br = _compressed(path.read_bytes(), cache_dir, used)
        atomic_write_bytes(path.with_name(path.name + ".gz"), gz)
        atomic_write_bytes(path.with_name(path.name + ".br"), br)
        count += 1
    if cache_dir is not None and cache_dir.is_dir():
        _prune(cache_dir, used)
    return count
