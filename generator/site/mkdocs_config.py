"""The configuration of one build, written from mkdocs.yml beside the assembled docs folder.

mkdocs.yml (at the project root) says how the site looks. The build writes build/mkdocs.yml from
it with what only the build knows: `docs_dir` is the folder assembled from site_src/ and the
generated pages (generator/site/docs_tree.py), the theme overrides stay where they are in
site_src/, and the site facts (sample banner, active warnings, as-of and build time, stale notice,
feeds; generator/build.py `site_meta`) are `extra.site_meta`, where the theme's partials read them.
So no MkDocs hook is needed (the build's configuration adds two caches as hooks, which only save
time: CACHE_HOOKS), and any tool that reads an mkdocs.yml (MkDocs, Zensical) builds the
same tree from one whole file.

The site facts hold editors' text (warning titles): they are written by the YAML dumper, which
quotes whatever YAML would read as something else, and the theme escapes them where it shows them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator import i18n
from generator.files import atomic_write_bytes
from generator.site import theme_words
from generator.site.docs_tree import MARKDOWN_SUFFIXES, relative_files

# MkDocs hooks that cache each page's Markdown conversion and search entries (page_cache.py,
# search_cache.py). Only the build's configuration lists them: mkdocs.yml lists no hook, and a
# build without them (Zensical runs no hooks) publishes the same pages, only more slowly.
CACHE_HOOKS = (Path(__file__).with_name("page_cache.py"), Path(__file__).with_name("search_cache.py"))


@dataclass(frozen=True)
class SiteSources:
    """What mkdocs.yml says about the site's sources, its paths made absolute."""

    settings: dict
    pages: Path  # the hand-written pages (docs_dir of mkdocs.yml)
    theme_overrides: Path | None  # theme.custom_dir
    site_dir: Path

    @property
    def not_pages(self) -> tuple[str, ...]:
        """Top folders of `pages` that are not part of the Chinese edition: the theme overrides and
        the other editions' hand-written pages (en/)."""
        editions = tuple(i18n.edition_prefix(lang).strip("/") for lang in i18n.LANGUAGES[1:])
        if self.theme_overrides is None or not self.theme_overrides.is_relative_to(self.pages):
            return editions
        return (self.theme_overrides.relative_to(self.pages).parts[0], *editions)

    def shared_files(self) -> list[str]:
        """The hand-written files every edition publishes: those that are not pages (the assets,
        the data files the methodology links)."""
        return [
            rel
            for rel in relative_files(self.pages, leave_out=self.not_pages)
            if not rel.endswith(MARKDOWN_SUFFIXES)
        ]


def read_base(path: Path) -> SiteSources:
    """mkdocs.yml read as plain YAML (a MkDocs-only tag such as !ENV would stop here, loudly)."""
    path = Path(path).resolve()
    settings = yaml.safe_load(path.read_text(encoding="utf-8"))
    root = path.parent
    theme = settings.get("theme") or {}
    overrides = theme.get("custom_dir") if isinstance(theme, dict) else None
    return SiteSources(
        settings=settings,
        pages=(root / settings.get("docs_dir", "docs")).resolve(),
        theme_overrides=(root / overrides).resolve() if overrides else None,
        site_dir=(root / settings.get("site_dir", "site")).resolve(),
    )


def _relative(path: Path, folder: Path) -> str:
    # Relative paths: Zensical (0.0.73) stops on an absolute docs_dir; MkDocs reads either.
    return Path(os.path.relpath(Path(path).resolve(), Path(folder).resolve())).as_posix()


def _translated_nav(nav):
    """mkdocs.yml's navigation with its titles in the language being rendered."""
    if isinstance(nav, list):
        return [_translated_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {i18n.gettext(title): _translated_nav(target) for title, target in nav.items()}
    return nav


def _editions(site_url: str, lang: str, languages=i18n.LANGUAGES) -> list[dict]:
    """Every edition of the site as the theme's language switch and hreflang links need it:
    its language, its root relative to this edition's root, and its address. None on a site of
    one edition ([site] languages = ["zh"]): no switch, no alternates."""
    if len(languages) < 2:
        return []
    root = site_url[: -len(i18n.edition_prefix(lang))] if i18n.edition_prefix(lang) and site_url else site_url
    up = "../" * i18n.edition_prefix(lang).count("/")
    return [
        {
            "lang": other,
            "hreflang": theme_words.HREFLANG[other],
            "name": theme_words.LANGUAGE_NAMES[other],
            "current": other == lang,
            "root": up + i18n.edition_prefix(other),
            "site_url": (root + i18n.edition_prefix(other)) if root else "",
        }
        for other in languages
    ]


def edition_settings(settings: dict, lang: str, languages=i18n.LANGUAGES) -> dict:
    """What differs in the edition `lang` of a site publishing `languages`: the theme's language,
    the site's name and description, the navigation's titles, the search's language, the
    canonical address (site_url + en/) and the other editions (the switch, hreflang)."""
    with i18n.use(lang):
        settings["theme"] = {**(settings.get("theme") or {}), "language": lang}
        if settings.get("site_name"):
            settings["site_name"] = i18n.name(settings["site_name"])
        if settings.get("site_description"):
            settings["site_description"] = i18n.gettext(settings["site_description"])
        if settings.get("nav"):
            settings["nav"] = _translated_nav(settings["nav"])
        if lang != i18n.SOURCE_LANGUAGE:  # the Chinese word separator is the Chinese edition's
            plugins = settings.get("plugins") or []
            settings["plugins"] = [{"search": {"lang": lang}} if _is_search(p) else p for p in plugins]
        if settings.get("site_url"):
            settings["site_url"] = settings["site_url"] + i18n.edition_prefix(lang)
        settings["extra"] = {
            **(settings.get("extra") or {}),
            "editions": _editions(settings.get("site_url") or "", lang, languages),
            "ui": theme_words.words(),
        }
    return settings


def _is_search(plugin) -> bool:
    return plugin == "search" or (isinstance(plugin, dict) and "search" in plugin)


def build_settings(
    base: SiteSources,
    docs_dir: Path,
    site_meta: dict,
    folder: Path,
    lang: str = i18n.SOURCE_LANGUAGE,
    languages=i18n.LANGUAGES,
) -> dict:
    """The base settings with the assembled docs folder and the site facts, its paths relative
    to `folder` (where the configuration is written), for the edition `lang`."""
    settings = dict(base.settings)
    settings["docs_dir"] = _relative(docs_dir, folder)
    settings["site_dir"] = _relative(base.site_dir, folder)
    if base.theme_overrides is not None:
        settings["theme"] = {**settings["theme"], "custom_dir": _relative(base.theme_overrides, folder)}
    settings["extra"] = {**(settings.get("extra") or {}), "site_meta": site_meta}
    # One canonical address: data/site.toml's site.url (config/publishing.py), never mkdocs.yml's.
    if site_meta.get("site_url"):
        settings["site_url"] = site_meta["site_url"]
    # Two caches that only save time on a rebuild (issue 20); they change no byte of the site.
    settings["hooks"] = [_relative(hook, folder) for hook in CACHE_HOOKS]
    return edition_settings(settings, lang, languages)


def write_build_config(
    base: SiteSources,
    docs_dir: Path,
    site_meta: dict,
    dest: Path,
    lang: str = i18n.SOURCE_LANGUAGE,
    languages=i18n.LANGUAGES,
) -> Path:
    """Write the edition's build configuration to `dest`; returns `dest`."""
    text = yaml.safe_dump(
        build_settings(base, docs_dir, site_meta, Path(dest).parent, lang, languages),
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
    )
    atomic_write_bytes(Path(dest), text.encode("utf-8"))
    return Path(dest)
