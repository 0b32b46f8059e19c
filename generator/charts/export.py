"""Chart exports: the Vega-Lite JSON, SVG and PNG of a registered chart, rendered by vl-convert.

Rendering is the slow part of a build (a few tenths of a second per chart), so each render is
cached in the build folder under a key made of everything that decides its bytes: the Vega-Lite
spec, the font, the PNG scale and the vl-convert version. A cache entry is trusted only because
its key is a checksum of its inputs, never because a file exists or is newer.

The PNG is drawn from the SVG (one Vega run per chart instead of two: measured 0.18 s vs 0.69 s
for a 600x300 line chart); the bytes are identical to vl-convert's direct PNG export.
vl-convert holds the GIL (two threads measured no faster than one), so charts missing from the
cache are rendered in worker processes when there are enough of them to repay each worker's
start-up (a JavaScript runtime, about 1 s); `make bench` (generator/bench/charts.py) compares
serial and parallel rendering on the machine at hand. Output bytes do not depend on the route.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import shutil
import struct
import subprocess
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

import vl_convert as vlc

from generator import i18n
from generator.files import atomic_write_bytes

# PNG pixels per chart pixel: crisp on high-density screens and large enough for social previews.
PNG_SCALE = 2
# Fallbacks after the configured CJK family, for browsers drawing the interactive chart.
BROWSER_FONT_FALLBACKS = (
    '"PingFang SC"',
    '"Hiragino Sans GB"',
    '"Source Han Sans SC"',
    '"Microsoft YaHei"',
    "sans-serif",
)
BUNDLE_PATH = "assets/vega/vega-bundle.js"
# Worker processes for rendering cache misses, and the fewest misses worth starting them for.
# Serial by default: on the 2-core build machine (shared, load 8-10) two workers measured slower
# than one (2.6 vs 2.1 s per 1460-point line chart, `make bench charts`). Raise this where the
# bench shows a gain (more cores, a quiet runner); the bytes are the same either way.
EXPORT_WORKERS = 2
PARALLEL_MIN_CHARTS = 8


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
    found = subprocess.run(
        ["fc-list", f":family={cjk_font}", "family"], capture_output=True, text=True, check=False
    ).stdout.strip()
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


def chinese_locale() -> dict:
    """Number and date formats in Chinese ("4月", not "April"), for the images and the browser."""
    time = vlc.get_time_format_locale("zh-CN")
    time["months"] = time["shortMonths"] = [f"{m}月" for m in range(1, 13)]  # axis ticks: "4月"
    return {"number": vlc.get_format_locale("zh-CN"), "time": time}


def chart_locale() -> dict:
    """Number and date formats of the edition being built: Chinese, or British English ("Apr")."""
    if i18n.current() == i18n.SOURCE_LANGUAGE:
        return chinese_locale()
    return {"number": vlc.get_format_locale("en-GB"), "time": vlc.get_time_format_locale("en-GB")}


def _title_with_source(title, chart_spec, source_lines: tuple[str, ...]) -> dict:
    """The chart's own title (or the registry's) with the source lines added under it."""
    if title is None:
        title = {"text": chart_spec.title, "anchor": "start"}
        subtitle = [chart_spec.subtitle] if chart_spec.subtitle else []
    else:
        title = dict(title) if isinstance(title, dict) else {"text": title}
        existing = title.get("subtitle") or []
        subtitle = [existing] if isinstance(existing, str) else list(existing)
    title["subtitle"] = [*subtitle, *(line for line in source_lines if line)]
    title.setdefault("subtitleColor", "#555")
    title.setdefault("subtitlePadding", 4)
    return title


def vegalite_spec(chart_spec, cjk_font: str, source_lines: tuple[str, ...] = ()) -> dict:
    """The chart's Vega-Lite spec as published: data inline, the CJK font, Chinese number and
    date formats, and a title with the source lines under it, so that a downloaded image
    still says what it shows and where it comes from. A chart drawn without a title gets the
    registry's title and subtitle.
    """
    # validate=False: Altair's JSON-schema validation took 40% of the charts step (20 s for 150
    # charts); a malformed spec still fails loudly when vl-convert compiles it.
    spec = chart_spec.chart.to_dict(validate=False)
    spec.setdefault("description", chart_spec.description)
    spec["title"] = _title_with_source(spec.get("title"), chart_spec, source_lines)
    config = dict(spec.get("config", {}))
    config["font"] = font_stack(cjk_font)
    config.setdefault("locale", chart_locale())
    spec["config"] = config
    return spec


def spec_json(spec: dict) -> bytes:
    """Canonical JSON bytes: sorted keys, so equal specs give equal files and cache keys."""
    return json.dumps(spec, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False).encode("utf-8")


def cache_key(spec: dict | None, cjk_font: str, text: bytes | None = None) -> str:
    """The render cache key; `text` is spec_json(spec) when the caller has it already (encoding a
    spec with its inline data costs about as much as reading its cached render)."""
    h = hashlib.sha256()
    text = spec_json(spec) if text is None else text
    parts = (text, cjk_font.encode("utf-8"), str(PNG_SCALE).encode(), vlc.__version__.encode())
    for part in parts:
        h.update(part)
        h.update(b"\0")
    return h.hexdigest()


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    return struct.unpack(">II", png[16:24])


def _cache_entry(cache_dir: Path | None, key: str) -> Path | None:
    return cache_dir / key[:2] / key if cache_dir else None


def _is_cached(entry: Path | None) -> bool:
    return bool(entry) and (entry / "chart.svg").is_file() and (entry / "chart.png").is_file()


def render(
    spec: dict | None,
    cjk_font: str,
    cache_dir: Path | None,
    text: bytes | None = None,
    used: set[Path] | None = None,
) -> Rendered:
    """SVG and PNG of a Vega-Lite spec, from the cache when the same inputs were rendered before
    (`text`: spec_json(spec), when the caller has it; then `spec` may be None). The cache entry
    is added to `used` (generator/charts/cache_folder.py keeps only used entries)."""
    entry = _cache_entry(cache_dir, cache_key(spec, cjk_font, text))
    if entry and used is not None:
        used.add(entry)
    if _is_cached(entry):
        svg, png = (entry / "chart.svg").read_bytes(), (entry / "chart.png").read_bytes()
    else:
        spec = json.loads(text) if spec is None else spec
        svg_text = vlc.vegalite_to_svg(spec, vl_version=vl_version(spec))
        png = vlc.svg_to_png(svg_text, scale=PNG_SCALE)
        svg = svg_text.encode("utf-8")
        if entry:
            atomic_write_bytes(entry / "chart.svg", svg)
            atomic_write_bytes(entry / "chart.png", png)
    width, height = png_size(png)
    return Rendered(svg=svg, png=png, png_width=width, png_height=height)


def _render_into_cache(spec_text: str, cjk_font: str, cache_dir: str) -> None:
    """Worker-process entry point (module level so it can be pickled)."""
    render(json.loads(spec_text), cjk_font, Path(cache_dir))


def prerender(
    specs: list[dict] | None,
    cjk_font: str,
    cache_dir: Path,
    workers: int = EXPORT_WORKERS,
    min_charts: int = PARALLEL_MIN_CHARTS,
    texts: list[bytes] | None = None,
) -> int:
    """Render into the cache, in parallel, every spec not in it yet; return how many that was
    (`texts`: the specs' spec_json, when the caller has them; then `specs` may be None).

    Fewer than `min_charts` misses are left to `render` in this process: starting workers
    would cost more than it saves. Workers are spawned, not forked: vl-convert runs threads,
    and a forked copy of a threaded process can deadlock.
    """
    missing = {}
    for text in [spec_json(spec) for spec in specs] if texts is None else texts:
        key = cache_key(None, cjk_font, text)
        if not _is_cached(_cache_entry(cache_dir, key)):
            missing[key] = text.decode("utf-8")
    if workers < 2 or len(missing) < min_charts:
        return 0
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        work = list(missing.values())
        list(pool.map(_render_into_cache, work, repeat(cjk_font), repeat(str(cache_dir)), chunksize=4))
    return len(missing)


def vega_bundle(vl: str, cache_dir: Path | None, used: set[Path] | None = None) -> bytes:
    """vega-embed + Vega-Lite + Vega in one script, served from the site itself (no CDN).

    The default snippet sets window.vegaEmbed; the script has top-level declarations, so pages
    load it as a module (see site_src/assets/site.js) to keep them out of the global scope.
    """
    entry = cache_dir / f"vega-bundle-{vlc.__version__}-{vl}.js" if cache_dir else None
    if entry and used is not None:
        used.add(entry)
    if entry and entry.is_file():
        return entry.read_bytes()
    bundle = vlc.javascript_bundle(vl_version=vl).encode("utf-8")
    if entry:
        atomic_write_bytes(entry, bundle)
    return bundle
