"""Deploying to S3-compatible object storage: a real S3 server (moto's) on 127.0.0.1.

The specification (issue 30): a first deploy sends the whole site; a second, after one new
warning, sends only the objects that changed (the deploy prints the count); a deploy killed
half-way leaves a site whose every page, fetched over HTTP, is whole and finds every link; a
re-run finishes the job and deletes what the new site no longer has.
"""

from __future__ import annotations

import gzip
import json

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.deploy_runs import kill_deploy_after, run_deploy, write_config
from tests.deploy_site import NEW_WARNING_CHANGES, crawl, fetch, page_versions, site_files, write_site

pytestmark = pytest.mark.slow
KEYS = {"DEPLOY_S3_ACCESS_KEY_ID": "testing", "DEPLOY_S3_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, request):
    name = "air-" + request.node.name.replace("_", "-")[5:30].strip("-")
    client = boto3.client(
        "s3", endpoint_url=s3_server, region_name="us-east-1", aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )  # fmt: skip
    client.create_bucket(Bucket=name)
    # Readers fetch without keys: the bucket policy docs/deploy.md sets up.
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{name}/*",
            }
        ],
    }
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read))
    return client, name


def config_for(tmp_path, s3_server, bucket_name, prefix="air/"):
    return write_config(
        tmp_path / "site.toml",
        f'name = "oss"\nkind = "s3"\nendpoint = "{s3_server}"\nbucket = "{bucket_name}"\n'
        f'prefix = "{prefix}"\nregion = "us-east-1"\naddressing = "path"',
    )


def test_deploys_then_sends_only_what_one_new_warning_changed(tmp_path, s3_server, bucket):
    client, name = bucket
    site, config = tmp_path / "site", config_for(tmp_path, s3_server, name)
    write_site(site, 1)
    counts, _ = run_deploy(site, config, KEYS)
    # Every file is an object, gzip copies included; the build's hidden mark is not.
    assert counts == {"uploaded": len(site_files(1)), "unchanged": 0, "deleted": 0}

    write_site(site, 2)
    counts, uploaded = run_deploy(site, config, KEYS)
    assert set(uploaded) == NEW_WARNING_CHANGES
    assert counts == {"uploaded": 8, "unchanged": len(site_files(1)) - 6, "deleted": 0}

    again, uploaded = run_deploy(site, config, KEYS)
    assert again == {"uploaded": 0, "unchanged": len(site_files(2)), "deleted": 0} and uploaded == []
    listed = {o["Key"] for o in client.list_objects_v2(Bucket=name, Prefix="air/")["Contents"]}
    assert listed == {"air/" + k for k in site_files(2)} | {"air/.deploy-manifest.json"}


def test_objects_carry_type_charset_caching_and_encoding(tmp_path, s3_server, bucket):
    _, name = bucket
    site = write_site(tmp_path / "site", 1)
    run_deploy(site, config_for(tmp_path, s3_server, name), KEYS)
    base = f"{s3_server}/{name}/air/"

    status, body, headers = fetch(base + "index.html")
    # The page is stored as its gzip copy: a browser receives the same page in fewer bytes.
    assert (status, body) == (200, site_files(1)["index.html"])
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["content-encoding"] == "gzip"
    assert headers["cache-control"] == "public, max-age=300"

    status, body, headers = fetch(base + "index.html.gz")
    assert "content-encoding" not in headers and gzip.decompress(body) == site_files(1)["index.html"]
    assert headers["content-type"] == "application/gzip"

    _, _, css = fetch(base + "assets/main.aaaaaaaa.min.css")
    assert css["cache-control"] == "public, max-age=31536000, immutable"
    assert css["content-type"] == "text/css; charset=utf-8"
    _, _, plain_css = fetch(base + "assets/site.css")
    assert plain_css["cache-control"] == "public, max-age=300"
    _, _, feed = fetch(base + "warnings/feed.xml")
    assert feed["content-type"] == "application/atom+xml; charset=utf-8"
    assert feed["cache-control"] == "public, max-age=300"
    _, _, csv = fetch(base + "data/daily.csv")
    assert csv["content-type"] == "text/csv; charset=utf-8" and "content-encoding" not in csv
    assert fetch(base + ".lyg-site")[0] == 404


def test_a_deploy_killed_half_way_leaves_a_whole_site_and_a_rerun_finishes(tmp_path, s3_server, bucket):
    client, name = bucket
    site, config = tmp_path / "site", config_for(tmp_path, s3_server, name, prefix="")
    write_site(site, 2)
    run_deploy(site, config, KEYS)

    write_site(site, 3)  # a new stylesheet on every page, every area page changed, one gone
    changed = [k for k, v in site_files(3).items() if site_files(2).get(k) != v]
    kill_deploy_after(site, config, KEYS, uploads=len(changed) // 2)

    home = f"{s3_server}/{name}/"
    pages, broken = crawl(home, index_file=True)
    assert broken == []
    mixed = {rel for rel, body in pages.items() if body not in page_versions(rel)}
    assert mixed == set(), "every address shows one whole version of its file"
    old_area = "areas/a119/index.html"
    assert client.head_object(Bucket=name, Key=old_area), "nothing is deleted before all new is in place"

    counts, uploaded = run_deploy(site, config, KEYS)
    assert 0 < counts["uploaded"] < len(changed), "the re-run sends only what had not arrived"
    assert counts["deleted"] == 2  # the old stylesheet and the area page that is gone
    pages, broken = crawl(home, index_file=True)
    assert broken == []
    assert all(body == site_files(3)[rel + "index.html" if rel.endswith("/") or not rel else rel]
               for rel, body in pages.items())  # fmt: skip
    listed = {o["Key"] for o in client.list_objects_v2(Bucket=name)["Contents"]}
    assert listed == set(site_files(3)) | {".deploy-manifest.json"}
