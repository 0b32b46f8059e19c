"""Bounded decompression: gzip and deflate undone piece by piece, stopping at a byte cap.

`gzip.decompress` inflates a 2 MB bomb to gigabytes before anyone can look at the size; here the
output never grows past the cap (plus one byte, to know it was passed), so memory stays bounded.
"""

from __future__ import annotations

import zlib

GZIP_WBITS = 16 + zlib.MAX_WBITS  # gzip header and trailer
AUTO_WBITS = 32 + zlib.MAX_WBITS  # gzip or zlib, by header (HTTP "deflate" is zlib in practice)


class OverCap(Exception):
    """The inflated data would pass the cap."""


class TruncatedStream(Exception):
    """The compressed data ends before its end-of-stream marker."""


class Inflater:
    """Feed compressed pieces, get inflated bytes; raises OverCap before holding more than `cap` bytes."""

    def __init__(self, cap: int, wbits: int = AUTO_WBITS):
        self.cap = cap
        self.size = 0
        self._z = zlib.decompressobj(wbits)

    def feed(self, data: bytes) -> bytes:
        try:
            out = self._z.decompress(data, self.cap + 1 - self.size)
        except zlib.error as exc:
            raise TruncatedStream(f"not valid compressed data ({exc})") from None
        self.size += len(out)
        if self.size > self.cap:
            raise OverCap(f"inflates to more than {self.cap:,} bytes")
        return out

    @property
    def unused(self) -> bytes:
        """Bytes after the end of the compressed stream (the next gzip member, if any)."""
        return self._z.unused_data

    def finish(self) -> bytes:
        out = self.feed(b"")
        if not self._z.eof:
            raise TruncatedStream("compressed data cut off before its end")
        return out


def gunzip_capped(data: bytes, cap: int) -> bytes:
    """A whole gzip file, inflated (OverCap past `cap`, TruncatedStream when cut off or damaged).

    Concatenated gzip members (what `cat a.gz b.gz` makes) are all read, as `gzip.decompress` does.
    """
    parts: list[bytes] = []
    rest = data
    size = 0
    while rest:
        inflater = Inflater(cap - size, GZIP_WBITS)
        parts.append(inflater.feed(rest))
        parts.append(inflater.finish())
        size += inflater.size
        rest = inflater.unused.lstrip(b"\0")  # padding between members is allowed
    return b"".join(parts)
