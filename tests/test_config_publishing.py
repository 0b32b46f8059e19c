"""site.toml's [deploy] and [government] sections: every value checked when the file is read."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from generator.config import load_config
from generator.config.publishing import (
    GovernmentFooter,
    PagesTarget,
    RsyncTarget,
    S3Target,
    deploy_targets,
    government_footer,
    mirrors,
)
from generator.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
HERE = Path("site.toml")
GOOD = {
    "organizer": "连云港市生态环境局",
    "contact": "电话 0518-85800000",
    "site_code": "3207000001",
    "icp": "苏ICP备12345678号-1",
    "icp_url": "https://beian.miit.gov.cn/",
    "police": "苏公网安备 32070302000123号",
}


def footer(**changes):
    return government_footer(HERE, {"government": {**GOOD, **changes}})


def test_the_shipped_configuration_marks_its_footer_values_as_placeholders():
    config = load_config(ROOT / "data" / "site.toml")
    shipped = government_footer(config.path, config.raw)
    assert shipped is not None and shipped.placeholder
    assert shipped.icp and shipped.icp_url.startswith("https://")
    kinds = {t.kind for t in deploy_targets(config.path, config.raw)}
    assert "github-pages" in kinds


def test_a_complete_footer_is_read_and_shown_in_full():
    assert footer().as_meta() == GOOD


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("site_code", "320700001"),  # nine digits
        ("site_code", "32070000011"),
        ("site_code", "ab07000001"),
        ("icp", "苏ICP备1234567号"),  # seven digits
        ("icp", "ICP备12345678号"),  # no province
        ("icp", "苏ICP证12345678号"),  # a licence, not a filing number
        ("police", "苏公网安备 3207030200012号"),  # thirteen digits
        ("organizer", "<b>连云港</b>"),  # markup is not plain text
        ("organizer", "连云港\u202e局"),  # a bidirectional override
        ("organizer", "局" * 61),
        ("contact", "电话\n0518"),
        ("icp_url", "javascript:alert(1)"),
    ],
)
def test_a_value_out_of_form_is_refused_naming_its_field(key, value):
    with pytest.raises(InputError, match=f"government.{key}"):
        footer(**{key: value})


def test_boundary_lengths_and_the_ministry_site_code_form_are_accepted():
    assert (
        footer(organizer="局" * 60, site_code="bm04000001", icp="京ICP备1234567890号").organizer == "局" * 60
    )


def test_unset_fields_are_left_out_and_an_empty_section_is_no_footer():
    assert government_footer(HERE, {}) is None
    assert government_footer(HERE, {"government": {"organizer": "连云港市生态环境局"}}).as_meta() == {
        "organizer": "连云港市生态环境局"
    }
    with pytest.raises(InputError, match="icp_url"):
        government_footer(HERE, {"government": {"icp": GOOD["icp"]}})


def test_targets_are_read_with_their_defaults_and_checked():
    raw = tomllib.loads(
        """
        [site]
        url = "https://air.example.cn/"
        [deploy]
        mirrors = ["https://lyg-air.github.io/lyg-air"]
        [[deploy.targets]]
        name = "oss"
        kind = "s3"
        endpoint = "https://oss-cn-shanghai.aliyuncs.com"
        bucket = "lyg-air"
        region = "cn-shanghai"
        prefix = "/site/"
        [[deploy.targets]]
        name = "bureau"
        kind = "rsync"
        destination = "deploy@www.example.gov.cn:/srv/www/air/"
        [[deploy.targets]]
        name = "pages"
        kind = "github-pages"
        """
    )
    oss, bureau, pages = deploy_targets(HERE, raw)
    assert oss == S3Target(
        name="oss", endpoint="https://oss-cn-shanghai.aliyuncs.com", bucket="lyg-air", region="cn-shanghai",
        prefix="site/",
    )  # fmt: skip
    assert (oss.key_id_env, oss.precompressed) == ("DEPLOY_S3_ACCESS_KEY_ID", "gzip")
    assert isinstance(bureau, RsyncTarget) and bureau.ssh_key_env == "DEPLOY_SSH_KEY"
    assert isinstance(pages, PagesTarget)
    assert mirrors(HERE, raw) == ("https://lyg-air.github.io/lyg-air/",)


S3 = {"name": "o", "kind": "s3", "endpoint": "https://e", "bucket": "b", "region": "r"}


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ({"name": "oss", "kind": "ftp"}, "kind"),
        ({"name": "Oss!", "kind": "s3"}, "name"),
        ({"name": "oss", "kind": "s3", "bucket": "b", "region": "r"}, "endpoint"),
        ({"name": "oss", "kind": "s3", "endpoint": "oss.example", "bucket": "b", "region": "r"}, "endpoint"),
        ({**S3, "prefix": "a/../b"}, "prefix"),
        ({**S3, "secret": "x"}, "targets[0]"),
        ({"name": "o", "kind": "rsync", "destination": "/srv/www"}, "destination"),
        ({"name": "o", "kind": "rsync", "destination": "/srv/www/", "ssh_key_env": "my key"}, "ssh_key_env"),
    ],
)  # fmt: skip
def test_a_bad_target_is_refused_naming_its_field(entry, field):
    with pytest.raises(InputError, match=field.replace("[", r"\[").replace("]", r"\]")):
        deploy_targets(HERE, {"deploy": {"targets": [entry]}})


def test_the_canonical_address_is_no_mirror_of_itself():
    raw = {"site": {"url": "https://air.example.cn/"}, "deploy": {"mirrors": ["https://air.example.cn"]}}
    with pytest.raises(InputError, match="mirrors"):
        mirrors(HERE, raw)


def test_load_config_stops_on_a_bad_footer(tmp_path):
    text = (ROOT / "data" / "site.toml").read_text(encoding="utf-8")
    bad = tmp_path / "site.toml"
    bad.write_text(text.replace('site_code = "', 'site_code = "x'), encoding="utf-8")
    with pytest.raises(InputError, match="government.site_code"):
        load_config(bad)


def test_a_footer_value_is_a_frozen_record():
    assert GovernmentFooter(organizer="甲").as_meta() == {"organizer": "甲"}
