"""MkDocs hooks that compose the site the way the build did before issue 15, kept only as the
reference the hook-free build is checked against (tests/test_docs_tree_site.py).

MkDocs reads site_src/; on_files adds the generated pages (LYG_REFERENCE_GENERATED), on_config
the site facts (LYG_REFERENCE_SITE_META) and the site's address, on_post_page and
on_post_template each page's policy.
One thing differs from the old hooks on purpose: the files are put in the order MkDocs gives the
files of one folder (its os.walk, `index` first), which the assembled build has; the old hooks
appended the generated pages after site_src/'s, so the sitemap and the search index listed the
same entries in another order.
"""

from __future__ import annotations

import json
import os
from pathlib import PurePosixPath

from mkdocs.structure.files import File, Files

from generator.site.csp import with_policy
from generator.site.mkdocs_config import edition_settings


def _walk_order(file: File) -> tuple:
    path = PurePosixPath(file.src_uri)
    return (path.parent.parts, path.stem not in ("index", "README"), path.name)


def on_config(config, **kwargs):
    with open(os.environ["LYG_REFERENCE_SITE_META"], encoding="utf-8") as fh:
        config.extra["site_meta"] = json.load(fh)
    # The canonical address comes from data/site.toml through the site facts (issue 30), as the
    # build's configuration takes it (generator/site/mkdocs_config.py).
    config.site_url = config.extra["site_meta"]["site_url"]
    # The editions (language switch, hreflang) and the theme's words, as the build's configuration
    # of the Chinese edition has them (issue 31).
    edition = edition_settings({"site_url": config.site_url, "extra": {}}, "zh")["extra"]
    config.extra["editions"], config.extra["ui"] = edition["editions"], edition["ui"]
    return config


def on_files(files: Files, config, **kwargs) -> Files:
    generated = os.environ["LYG_REFERENCE_GENERATED"]
    added = [
        File(
            os.path.relpath(os.path.join(folder, name), generated).replace(os.sep, "/"),
            generated,
            config.site_dir,
            config.use_directory_urls,
        )
        for folder, _, names in os.walk(generated)
        for name in names
    ]
    return Files(sorted([*files, *added], key=_walk_order))


def on_post_page(output: str, page, config, **kwargs) -> str:
    return with_policy(output)


def on_post_template(output_content: str, template_name: str, config, **kwargs) -> str:
    return with_policy(output_content)
