"""Chart exports: the Vega-Lite JSON, SVG and PNG of a registered chart, rendered by vl-convert.

Rendering is the slow part of a build (a few tenths of a second per chart), so each render is
cached in the build folder under a key made of everything that decides its bytes: the Vega-Lite
spec, the font, the PNG scale and the vl-convert version. A cache entry is trusted only because
its key is a checksum of its inputs, never because a file exists or is newer.

The PNG is drawn from the SVG (one Vega run per chart instead of two: measured 0.18 s vs 0.69 s
for a 600x300 line chart); the bytes are identical to vl-convert's direct PNG export.
Exports run one after another in the build process: vl-convert holds the GIL, and two worker
processes each start their own JavaScript runtime, which on a 2-core machine measured no faster
than serial (see generator/bench/charts.py).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

import vl_convert as vlc

from generator.output import atomic_write_bytes

# PNG pixels per chart pixel: crisp on high-density screens and large enough for social previews.
PNG_SCALE = 2
# Fallbacks after the configured CJK family, for browsers drawing the interactive chart.
BROWSER_FONT_FALLBACKS = ('"PingFang SC"', '"Hiragino Sans GB"', '"Source Han Sans SC"', '"Microsoft YaHei"',
                          "sans-serif")
BUNDLE_PATH = "assets/vega/vega-bundle.js"


@dataclass(frozen=True)
class Rendered:
    svg: bytes
    png: bytes
    png_width: int
    png_height: int


def font_stack(cjk_font: str) -> str:
    """The CSS font-family list written into chart specs: the CJK family first."""
    return ", ".join((f'"{cjk_font}"', *BROWSER_FONT_FALLBACKS))


def check_font(cjk_font: str) -> None:
    """Fail the build when the chart font is missing: its Chinese would come out as boxes."""
    if shutil.which("fc-list") is None:
        return  # no fontconfig to ask; the glyph test in tests/test_charts_export.py still guards
    found = subprocess.run(["fc-list", f":family={cjk_font}", "family"], capture_output=True, text=True,
                           check=False).stdout.strip()
    if not found:
        raise RuntimeError(
            f"chart font '{cjk_font}' (data/site.toml [chart] cjk_font) is not installed: "
            "install Debian's fonts-noto-cjk (make system-deps-site) or name an installed CJK font"
        )


def vl_version(spec: dict) -> str:
    """The Vega-Lite version a spec was written for ('6.4' from .../vega-lite/v6.4.1.json)."""
    schema = spec.get("$schema", "")
    tail = schema.rsplit("/v", 1)[-1].removesuffix(".json")
    parts = tail.split(".")
    known = vlc.get_vegalite_versions()
    if len(parts) >= 2 and f"{parts[0]}.{parts[1]}" in known:
        return f"{parts[0]}.{parts[1]}"
    return known[-1]


def vegalite_spec(chart_spec, cjk_font: str, source_lines: tuple[str, ...] = ()) -> dict:
    """The chart's Vega-Lite spec as published: data inline, the CJK font, a title and source.

    A chart drawn without a title gets the registry's title, with the subtitle and the source
    lines under it, so a downloaded image still says what it shows and where it comes from.
    """
    spec = chart_spec.chart.to_dict()
    spec.setdefault("description", chart_spec.description)
    if "title" not in spec:
        subtitle = [line for line in (chart_spec.subtitle, *source_lines) if line]
        spec["title"] = {"text": chart_spec.title, "subtitle": subtitle, "anchor": "start",
                         "subtitleColor": "#555", "subtitlePadding": 4}
    config = dict(spec.get("config", {}))
    config["font"] = font_stack(cjk_font)
    spec["config"] = config
    return spec


def spec_json(spec: dict) -> bytes:
    """Canonical JSON bytes: sorted keys, so equal specs give equal files and cache keys."""
    return json.dumps(spec, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False).encode("utf-8")


def cache_key(spec: dict, cjk_font: str) -> str:
    h = hashlib.sha256()
    for part in (spec_json(spec), cjk_font.encode("utf-8"), str(PNG_SCALE).encode(), vlc.__version__.encode()):
        h.update(part)
        h.update(b"\0")
    return h.hexdigest()


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    return struct.unpack(">II", png[16:24])


def render(spec: dict, cjk_font: str, cache_dir: Path | None) -> Rendered:
    """SVG and PNG of a Vega-Lite spec, from the cache when the same inputs were rendered before."""
    key = cache_key(spec, cjk_font)
    entry = cache_dir / key[:2] / key if cache_dir else None
    if entry and (entry / "chart.svg").is_file() and (entry / "chart.png").is_file():
        svg, png = (entry / "chart.svg").read_bytes(), (entry / "chart.png").read_bytes()
    else:
        svg_text = vlc.vegalite_to_svg(spec, vl_version=vl_version(spec))
        png = vlc.svg_to_png(svg_text, scale=PNG_SCALE)
        svg = svg_text.encode("utf-8")
        if entry:
            atomic_write_bytes(entry / "chart.svg", svg)
            atomic_write_bytes(entry / "chart.png", png)
    width, height = png_size(png)
    return Rendered(svg=svg, png=png, png_width=width, png_height=height)


def vega_bundle(vl: str, cache_dir: Path | None) -> bytes:
    """vega-embed + Vega-Lite + Vega in one script, served from the site itself (no CDN).

    The default snippet sets window.vegaEmbed; the script has top-level declarations, so pages
    load it as a module (see site_src/assets/site.js) to keep them out of the global scope.
    """
    entry = cache_dir / f"vega-bundle-{vlc.__version__}-{vl}.js" if cache_dir else None
    if entry and entry.is_file():
        return entry.read_bytes()
    bundle = vlc.javascript_bundle(vl_version=vl).encode("utf-8")
    if entry:
        atomic_write_bytes(entry, bundle)
    return bundle
