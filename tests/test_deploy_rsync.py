"""Deploying to a web server's folder with rsync: the same plan as for object storage, tested on a
local folder served over HTTP from 127.0.0.1 (an SSH destination only adds the transport)."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from generator.config.publishing import RsyncTarget
from generator.deploy.rsync import RsyncStore
from generator.errors import FetchError
from tests.deploy_runs import kill_deploy_after, run_deploy, write_config
from tests.deploy_site import NEW_WARNING_CHANGES, crawl, page_versions, site_files, write_site

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync not installed (make test installs it)"),
]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def served(tmp_path):
    """The destination folder, served over HTTP as the bureau's web server would serve it."""
    dest = tmp_path / "www"
    dest.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(dest)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield dest, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    thread.join()


def config_for(tmp_path, dest):
    return write_config(tmp_path / "site.toml", f'name = "bureau"\nkind = "rsync"\ndestination = "{dest}/"')


def tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_deploys_then_sends_only_what_one_new_warning_changed(tmp_path, served):
    dest, _ = served
    site, config = tmp_path / "site", config_for(tmp_path, dest)
    write_site(site, 1)
    counts, _ = run_deploy(site, config, {})
    assert counts == {"uploaded": len(site_files(1)), "unchanged": 0, "deleted": 0}

    write_site(site, 2)
    counts, uploaded = run_deploy(site, config, {})
    # On a web server the gzip copies are files of their own (the server negotiates encodings).
    assert set(uploaded) == NEW_WARNING_CHANGES
    assert counts == {"uploaded": 8, "unchanged": len(site_files(1)) - 6, "deleted": 0}
    files = tree(dest)
    assert files.pop(".deploy-manifest.json")
    assert files == site_files(2)


def test_a_deploy_killed_half_way_leaves_a_whole_site_and_a_rerun_finishes(tmp_path, served):
    dest, home = served
    site, config = tmp_path / "site", config_for(tmp_path, dest)
    write_site(site, 2)
    run_deploy(site, config, {})

    write_site(site, 3)
    kill_deploy_after(site, config, {}, uploads=1)  # killed once the first stage is in place

    pages, broken = crawl(home, index_file=False)
    assert broken == []
    assert {rel for rel, body in pages.items() if body not in page_versions(rel)} == set()
    assert (dest / "areas/a119/index.html").exists(), "nothing is deleted before all new is in place"

    counts, _ = run_deploy(site, config, {})
    assert counts["deleted"] == 2  # the old stylesheet and the area page that is gone
    pages, broken = crawl(home, index_file=False)
    assert broken == []
    files = tree(dest)
    assert files.pop(".deploy-manifest.json")
    assert files == site_files(3)


def test_a_server_destination_without_its_keys_stops_before_connecting(tmp_path):
    target = RsyncTarget(name="bureau", destination="deploy@www.example.gov.cn:/srv/www/air/")
    with pytest.raises(FetchError, match="DEPLOY_SSH_KEY"):
        RsyncStore(target, tmp_path, env={})
