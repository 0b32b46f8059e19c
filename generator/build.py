"""The build: load data once, run each page builder, then MkDocs.

Page builders live in generator/pages/; each exposes `build(ctx)` and writes only through the
context. Any failure stops the build before MkDocs runs, so a site is never built from partial
data, and the last good `site/` is replaced only by a complete new one, in one atomic swap; the
--out folder is checked first (never the data folder, the project root or a folder of other files).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import shutil
from pathlib import Path

from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from generator import i18n
from generator.clock import build_time
from generator.config import load_config
from generator.config.publishing import publishing_meta
from generator.files import atomic_write_bytes
from generator.preflight import check_registers_for_build
from generator.site import csp, docs_tree, precompress, site_folder, sitemap_index
from generator.site import mkdocs_config as mkdocs_config_file
from generator.site.context import BuildContext
from generator.site.output import OutputTree
from generator.site.render import make_env
from generator.statistics.freshness import stale_notice
from generator.tables.dataset import load_dataset

# Page builders in the order they run. Later builders may use products of earlier ones
# (e.g. `charts` exports every chart the others registered, `data_index` lists every download).
PAGE_BUILDERS = [
    # Before the weekly rankings: their feed lists the monthly and YTD pages, each week links its month.
    "generator.pages.rankings.periods",
    "generator.pages.rankings.weekly",
    # Before warnings: a notice's page links the forecast it rests on, and the units' measures at its level.
    "generator.pages.forecast.builder",
    "generator.pages.enterprises.builder",
    "generator.pages.enterprises.registers",
    "generator.pages.warnings.builder",
    # Before the areas: area pages link their stations' pages.
    "generator.pages.areas.stations",
    "generator.pages.areas.builder",
    # Per-area Atom feeds (warnings and rankings above), their <head> links and /subscribe/.
    "generator.pages.areas.feeds",
    "generator.pages.science.builder",
    "generator.pages.targets.builder",
    "generator.pages.data.completeness",
    "generator.pages.data.status",
    # What editors must supply for what the public pages say is missing (outside the navigation).
    "generator.pages.editors.builder",
    # The home page summarises what the builders above published.
    "generator.pages.home.builder",
    # Last: export every chart the pages above registered, then list every download.
    "generator.pages.data.charts",
    # QR codes of the area, chart and warning pages (written above) and the home page's card.
    "generator.pages.shared.sharing",
    "generator.pages.data.index",
]

SITE_META_FILE = "site_meta.json"
DOCS_DIR = "docs"  # site_src/ and the generated pages in one folder (build/docs)
TEMPLATE_CACHE = "cache/templates"  # compiled page templates, kept between builds (site/render.py)
BUILD_CONFIG_FILE = "mkdocs.yml"  # mkdocs.yml with that folder and the site facts (build/mkdocs.yml)
PRECOMPRESS_CACHE = "cache/precompressed"  # .gz/.br bytes by content hash (site/precompress.py)


@contextlib.contextmanager
def fixed_build_environment(root: Path, source_date_epoch: str):
    """Build from the project `root` with SOURCE_DATE_EPOCH fixed, restoring both afterwards.

    Tests and benchmarks build in-process: the fixed epoch makes their builds reproducible, and
    restoring it keeps one build's clock out of the next.
    """
    old_cwd, old_epoch = os.getcwd(), os.environ.get("SOURCE_DATE_EPOCH")
    os.chdir(root)  # mkdocs.yml and site_src/ are found relative to the project root
    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch
    try:
        yield
    finally:
        os.chdir(old_cwd)
        if old_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old_epoch


def build_pages(ctx: BuildContext, progress: Progress | None = None) -> None:
    task = progress.add_task("生成页面", total=len(PAGE_BUILDERS)) if progress else None
    for name in PAGE_BUILDERS:
        if progress:
            progress.update(task, description=f"生成页面: {name.rsplit('.', 1)[-1]}")
        importlib.import_module(name).build(ctx)
        if progress:
            progress.advance(task)


def site_meta(ctx: BuildContext) -> dict:
    """What the theme shows on every page: sample banner, warning banner, footer facts."""
    meta = {
        "is_sample": ctx.dataset.is_sample,
        "source_name": i18n.name(ctx.dataset.source_name),
        "as_of": ctx.as_of.isoformat() if ctx.as_of else None,
        "built_at": ctx.built_at.isoformat(),
        "active_warnings": [],
        # "数据截至 2019-12-29，已 6 年 10 个月未更新" when the data is stale (statistics/freshness.py).
        "stale_notice": stale_notice(ctx),
    }
    # The canonical address (MkDocs' site_url), mirrors and government footer (issue 30).
    meta.update(publishing_meta(ctx.config.path, ctx.config.raw))
    meta.update(ctx.site_meta)
    return meta


def edition_dir(build_dir: Path, lang: str) -> Path:
    """The build folder of one edition: build/ for Chinese, build/en/ for English (its generated
    pages, docs folder, configuration and caches)."""
    prefix = i18n.edition_prefix(lang)
    return Path(build_dir) / prefix if prefix else Path(build_dir)


def prepare_docs(
    mkdocs_config: Path,
    generated: Path,
    build_dir: Path,
    lang: str = i18n.SOURCE_LANGUAGE,
    languages=i18n.LANGUAGES,
) -> Path:
    """Assemble the edition's docs folder and write its mkdocs.yml with the site facts of its
    site_meta.json (build_dir/ for Chinese, build_dir/en/ for English); returns the
    configuration's path."""
    base = mkdocs_config_file.read_base(mkdocs_config)
    folder = edition_dir(build_dir, lang)
    docs = folder / DOCS_DIR
    if lang == i18n.SOURCE_LANGUAGE:
        docs_tree.assemble(base.pages, generated, docs, leave_out=base.not_pages)
    else:  # the edition's own hand-written pages (site_src/en/), with the site's assets
        docs_tree.assemble(
            base.pages / i18n.edition_prefix(lang), generated, docs, shared=(base.pages, base.shared_files())
        )
    meta_path = folder / SITE_META_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    return mkdocs_config_file.write_build_config(
        base, docs, meta, folder / BUILD_CONFIG_FILE, lang=lang, languages=languages
    )


def run_mkdocs(
    mkdocs_config: Path, build_dir: Path, out_dir: Path, languages=(i18n.SOURCE_LANGUAGE,)
) -> None:
    """MkDocs into a new folder beside `out_dir`, then swap it in whole (generator/site/site_folder.py).

    For each edition MkDocs builds its docs folder (site_src/ and the generated pages,
    docs_tree.py) with its mkdocs.yml (mkdocs.yml and the site facts, mkdocs_config.py): the
    Chinese edition at the root, then the English one into en/ (a site of its own: its theme
    language, navigation, search index and sitemap; sitemap-index.xml lists both sitemaps,
    sitemap_index.py). The pages' Content-Security-Policy is filled
    in after (csp.py), then the text files get their .gz and .br copies (precompress.py). No MkDocs
    hook is needed; the two that the build's configurations list only cache page conversions and
    search entries (page_cache.py).
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config as load_mkdocs_config

    staging = site_folder.staging_dir(out_dir)
    site_url = ""
    try:
        for lang in languages:  # Chinese first: MkDocs empties its site folder, en/ inside it
            folder = edition_dir(build_dir, lang)
            build_config = prepare_docs(mkdocs_config, folder / "generated", build_dir, lang, languages)
            with i18n.use(lang):
                cfg = load_mkdocs_config(str(build_config), site_dir=str(staging / i18n.edition_prefix(lang)))
                mkdocs_build(cfg)
            site_url = site_url or cfg["site_url"] or ""  # the Chinese edition's: the site's root
        sitemap_index.write(staging, site_url, [i18n.edition_prefix(lang) for lang in languages])
        csp.fill_site(staging)
        precompress.compress_site(staging, Path(build_dir) / PRECOMPRESS_CACHE)
        site_folder.publish(staging, out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def build_site(
    data_dir: Path,
    out_dir: Path,
    *,
    config_path: Path = Path("data/site.toml"),
    build_dir: Path = Path("build"),
    mkdocs_config: Path = Path("mkdocs.yml"),
    show_progress: bool = True,
) -> BuildContext:
    site_folder.recover(out_dir)  # a previous build killed mid-swap left the old site aside
    site_folder.check_out_dir(out_dir, data_dir=data_dir, project_root=Path(mkdocs_config).resolve().parent)
    config = load_config(config_path)
    # The editors' files first: what would stop the build stops it in seconds, before the data is
    # loaded (a bad notice with no last good version); the others are refused alone by their pages.
    check_registers_for_build(data_dir, config, at=build_time(), scratch=Path(build_dir) / "last-good")
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), disable=not show_progress
    ) as progress:
        task = progress.add_task("读取监测数据", total=None)
        dataset = load_dataset(data_dir, config)
        progress.update(task, completed=1, total=1)
        env, built_at = make_env(build_dir / TEMPLATE_CACHE), build_time()
        editions = {}
        # Every builder runs once per edition: the same page models, rendered in each language
        # into the edition's own output tree (build/generated, build/en/generated).
        for lang in config.languages:
            folder = edition_dir(build_dir, lang)
            generated = OutputTree(folder / "generated")
            generated.reset()
            ctx = BuildContext(
                config=config, dataset=dataset, out=generated, env=env, built_at=built_at, lang=lang
            )
            with i18n.use(lang):
                build_pages(ctx, progress)
                meta = site_meta(ctx)
            atomic_write_bytes(
                folder / SITE_META_FILE,
                json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"),
            )
            editions[lang] = ctx
        task = progress.add_task("MkDocs 构建网站", total=None)
        run_mkdocs(mkdocs_config, build_dir, out_dir, config.languages)
        progress.update(task, completed=1, total=1)
    ctx = editions[i18n.SOURCE_LANGUAGE]
    ctx.products["editions"] = editions
    return ctx
