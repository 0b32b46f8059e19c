"""Where the site is published and what a government site says about itself (data/site.toml).

- `[deploy]`: the mirrors (the same site at other addresses; `site.url` stays the one canonical
  address) and the deploy targets (`[[deploy.targets]]`): S3-compatible object storage, the
  bureau's own web server over rsync/SSH, GitHub Pages. Keys and passwords are never here: each
  target names the environment variables that hold them (docs/deploy.md).
- `[government]`: the footer a government site carries (《政府网站发展指引》, 国办发〔2017〕47号):
  主办单位, contact, 网站标识码, ICP 备案号 (linked to the national filing site), 公安机关备案号.

Every value is checked here when the configuration is read (`check_publishing`), so a typo stops
the build, not the deploy or the reader.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from generator.errors import InputError

_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,30}$")
_ENV = re.compile(r"^[A-Z][A-Z0-9_]{0,63}$")
# 网站标识码: ten characters, a 6-digit region code and 4 digits, or "bm" and 8 digits (ministries).
_SITE_CODE = re.compile(r"^(?:\d{10}|bm\d{8})$")
# ICP 备案号: the province's one-character abbreviation, "ICP备", 8 to 10 digits, "号", and an
# optional "-n" for one of several sites of one filing (苏ICP备12345678号-1).
_ICP = re.compile(r"^[\u4e00-\u9fff]ICP备\d{8,10}号(?:-\d{1,3})?$")
# 公安机关备案号: the abbreviation, "公网安备", 14 digits, "号" (苏公网安备 32070302000123号).
_POLICE = re.compile(r"^[\u4e00-\u9fff]公网安备 ?\d{14}号$")
_TEXT_LIMITS = {"organizer": 60, "contact": 120}


@dataclass(frozen=True)
class S3Target:
    """An S3-compatible bucket (Alibaba OSS, Tencent COS, Huawei OBS, MinIO, AWS)."""

    name: str
    endpoint: str
    bucket: str
    region: str
    prefix: str = ""  # '' or 'a/b/' (always ends with '/')
    addressing: str = "virtual"  # 'virtual' (bucket.endpoint) or 'path' (endpoint/bucket)
    # 'gzip': a page whose .gz copy is in the site is stored gzip-compressed with
    # Content-Encoding: gzip (an object store does not negotiate); 'none': files as they are.
    precompressed: str = "gzip"
    key_id_env: str = "DEPLOY_S3_ACCESS_KEY_ID"
    secret_key_env: str = "DEPLOY_S3_SECRET_ACCESS_KEY"
    kind: str = "s3"


@dataclass(frozen=True)
class RsyncTarget:
    """A folder on a web server reached over SSH (or a local folder, for tests)."""

    name: str
    destination: str  # 'user@host:/srv/www/air/' or '/local/folder/'
    ssh_port: int = 22
    ssh_key_env: str = "DEPLOY_SSH_KEY"
    known_hosts_env: str = "DEPLOY_SSH_KNOWN_HOSTS"
    kind: str = "rsync"


@dataclass(frozen=True)
class PagesTarget:
    """GitHub Pages: deployed by the workflow's own job (actions/deploy-pages), not by this package."""

    name: str
    url: str = ""
    kind: str = "github-pages"


@dataclass(frozen=True)
class GovernmentFooter:
    organizer: str = ""  # 主办单位
    contact: str = ""  # 联系方式
    site_code: str = ""  # 网站标识码
    icp: str = ""  # ICP 备案号
    icp_url: str = ""  # the national ICP filing site the number links to
    police: str = ""  # 公安机关备案号
    police_url: str = ""  # the public-security filing site the number links to
    placeholder: bool = False  # the values are examples: the footer says so

    def as_meta(self) -> dict:
        """The facts the theme's footer prints (only the set ones; site_src/overrides)."""
        return {k: v for k, v in self.__dict__.items() if v}


def _url(path: Path, value, field: str) -> str:
    parts = urlsplit(value) if isinstance(value, str) else None
    if (
        parts is None
        or parts.scheme not in ("https", "http")
        or not parts.netloc
        or any(c.isspace() or c in "<>\"'" for c in value)
    ):
        raise InputError(path, f"not an http(s) address: {value!r}", field=field)
    return value


def _plain_text(path: Path, value, field: str, limit: int) -> str:
    if not isinstance(value, str):
        raise InputError(path, f"must be text, not {type(value).__name__}", field=field)
    value = value.strip()
    if len(value) > limit:
        raise InputError(path, f"longer than {limit} characters ({len(value)})", field=field)
    bad = [c for c in value if c in '<>&"`' or unicodedata.category(c)[0] == "C"]
    if bad:
        raise InputError(path, f"must be plain text; refused character {bad[0]!r}", field=field)
    return value


def mirrors(path: Path, raw: dict) -> tuple[str, ...]:
    """The site's other addresses (`deploy.mirrors`), each ending in '/', never `site.url`."""
    found = []
    canonical = str(raw.get("site", {}).get("url", "")).rstrip("/") + "/"
    for i, url in enumerate(raw.get("deploy", {}).get("mirrors", ())):
        url = _url(path, url, f"deploy.mirrors[{i}]").rstrip("/") + "/"
        if url == canonical:
            raise InputError(path, "a mirror may not be site.url itself", field=f"deploy.mirrors[{i}]")
        found.append(url)
    return tuple(found)


def _target(path: Path, entry: dict, i: int):
    where = f"deploy.targets[{i}]"
    if not isinstance(entry, dict) or not _NAME.match(str(entry.get("name", ""))):
        raise InputError(path, "each target needs a name (a-z, 0-9, '-', '_')", field=f"{where}.name")
    kind = entry.get("kind")
    known = {"s3": S3Target, "rsync": RsyncTarget, "github-pages": PagesTarget}
    if kind not in known:
        raise InputError(path, f"kind must be one of {', '.join(known)}", field=f"{where}.kind")
    cls = known[kind]
    fields = {k: v for k, v in entry.items() if k != "kind"}
    unknown = set(fields) - set(cls.__dataclass_fields__)
    if unknown:
        raise InputError(path, f"unknown key {sorted(unknown)[0]!r}", field=where)
    for key, value in fields.items():
        if key.endswith("_env") and not _ENV.match(str(value)):
            raise InputError(path, "an environment variable name (A-Z, 0-9, _)", field=f"{where}.{key}")
    if kind == "s3":
        for key in ("endpoint", "bucket", "region"):
            if not isinstance(fields.get(key), str) or not fields[key]:
                raise InputError(path, f"an S3 target needs '{key}'", field=f"{where}.{key}")
        _url(path, fields["endpoint"], f"{where}.endpoint")
        prefix = str(fields.get("prefix", "")).strip("/")
        if ".." in prefix.split("/") or "//" in prefix:
            raise InputError(path, "prefix must be a plain folder path", field=f"{where}.prefix")
        fields["prefix"] = prefix + "/" if prefix else ""
        if fields.get("addressing", "virtual") not in ("virtual", "path"):
            raise InputError(path, "addressing is 'virtual' or 'path'", field=f"{where}.addressing")
        if fields.get("precompressed", "gzip") not in ("gzip", "none"):
            raise InputError(path, "precompressed is 'gzip' or 'none'", field=f"{where}.precompressed")
    elif kind == "rsync":
        dest = fields.get("destination")
        if not isinstance(dest, str) or not dest.endswith("/") or dest.startswith("-"):
            raise InputError(path, "a folder ending in '/'", field=f"{where}.destination")
    elif "url" in fields:
        _url(path, fields["url"], f"{where}.url")
    return cls(**fields)


def deploy_targets(path: Path, raw: dict) -> tuple:
    """The configured targets, in order; names unique."""
    targets = tuple(_target(path, e, i) for i, e in enumerate(raw.get("deploy", {}).get("targets", ())))
    names = [t.name for t in targets]
    if len(set(names)) != len(names):
        raise InputError(path, "target names must be unique", field="deploy.targets.name")
    return targets


def government_footer(path: Path, raw: dict) -> GovernmentFooter | None:
    """The `[government]` footer, or None when the section is absent or empty."""
    section = raw.get("government")
    if not section:
        return None
    unknown = set(section) - set(GovernmentFooter.__dataclass_fields__)
    if unknown:
        raise InputError(path, f"unknown key {sorted(unknown)[0]!r}", field="government")
    values = {}
    for key in ("organizer", "contact", "site_code", "icp", "police"):
        if key in section:
            values[key] = _plain_text(path, section[key], f"government.{key}", _TEXT_LIMITS.get(key, 40))
    for key, pattern, example in (
        ("site_code", _SITE_CODE, "3207000001"),
        ("icp", _ICP, "苏ICP备12345678号"),
        ("police", _POLICE, "苏公网安备 32070302000123号"),
    ):
        if values.get(key) and not pattern.match(values[key]):
            raise InputError(path, f"not in the form {example}: {values[key]!r}", field=f"government.{key}")
    for key in ("icp_url", "police_url"):
        if key in section:
            values[key] = _url(path, section[key], f"government.{key}")
    if values.get("icp") and not values.get("icp_url"):
        raise InputError(path, "an ICP number links to the filing site: set icp_url", field="government")
    if not isinstance(section.get("placeholder", False), bool):
        raise InputError(path, "true or false", field="government.placeholder")
    return GovernmentFooter(**values, placeholder=section.get("placeholder", False))


def check_publishing(path: Path, raw: dict) -> None:
    """Stop on any bad value of `[deploy]` or `[government]` (called when site.toml is read)."""
    mirrors(path, raw)
    deploy_targets(path, raw)
    government_footer(path, raw)


def publishing_meta(path: Path, raw: dict) -> dict:
    """What every page needs about where the site lives (build/site_meta.json, read by the
    theme): the canonical address (also build/mkdocs.yml's site_url, so the sitemap, canonical
    links and og:url carry it), the mirrors, the government footer."""
    footer = government_footer(path, raw)
    return {
        "site_url": str(raw.get("site", {}).get("url", "")).rstrip("/") + "/",
        "mirrors": list(mirrors(path, raw)),
        "government": footer.as_meta() if footer else None,
    }
