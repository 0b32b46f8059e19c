"""Decode small PNG images to pixels for tests (8-bit greyscale/RGB/RGBA, not interlaced).

Enough for the images vl-convert writes; avoids a Pillow dependency for a handful of tests.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

_CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # PNG colour type -> samples per pixel


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode(png: bytes) -> np.ndarray:
    """Pixels as an array of shape (height, width, channels), dtype uint8."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        body = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0 and colour in _CHANNELS, f"unsupported PNG {header}"
    bpp = _CHANNELS[colour]
    stride = width * bpp
    raw = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(height, stride + 1)
    out = np.zeros((height, stride), dtype=np.uint8)
    prev = np.zeros(stride, dtype=np.uint8)
    for y in range(height):
        kind, line = raw[y, 0], raw[y, 1:].astype(np.int64)
        if kind == 0:
            row = line
        elif kind == 1:  # Sub: a running sum along the row, per channel
            row = np.cumsum(line.reshape(width, bpp), axis=0).reshape(-1)
        elif kind == 2:
            row = line + prev
        else:
            row = line.copy()
            up = prev.astype(np.int64)
            for x in range(stride):
                left = int(row[x - bpp]) % 256 if x >= bpp else 0
                if kind == 3:
                    row[x] = row[x] + (left + int(up[x])) // 2
                else:
                    upleft = int(up[x - bpp]) if x >= bpp else 0
                    row[x] = row[x] + _paeth(left, int(up[x]), upleft)
        out[y] = (row % 256).astype(np.uint8)
        prev = out[y]
    return out.reshape(height, width, bpp)
