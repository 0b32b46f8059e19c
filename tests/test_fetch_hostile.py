"""Hostile or broken upstreams never publish a wrong figure, never exhaust the machine, never lose data.

Each case of issue 13 about downloads and the archive, served from 127.0.0.1: a day file holding
the previous day's rows, thinner re-downloads, redirects, a server dripping bytes, a gzip bomb,
a truncated .gz snapshot, times with an offset, and optional sources that fail.
"""

from __future__ import annotations

import gzip
import json
import socket
import struct
import subprocess
import sys
import textwrap
import threading
import time
import zlib
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Response

from generator.cli import main
from generator.errors import InputError
from generator.sources.archive.cnemc import read_archive, read_archives
from generator.sources.shared import limits
from generator.sources.snapshots.fetch import (
    BEIJING,
    FETCHED,
    KEPT_ASIDE,
    OPTIONAL_FAILED,
    FetchSettings,
    run_fetch,
)
from generator.sources.snapshots.observations import read_provincial_csv
from generator.sources.transport.download import Downloader, DownloadPolicy, Fault, excerpt, redirect_refusal

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RAW = ROOT / "data" / "sample" / "raw" / "cnemc"
DAY = date(2026, 1, 5)
NEXT = date(2026, 1, 6)


def day_file(day: date) -> bytes:
    return gzip.decompress((SAMPLE_RAW / f"china_sites_{day:%Y%m%d}.csv.gz").read_bytes())


def settings(url: str, **kw) -> FetchSettings:
    values = dict(base_url=url, timeout=2, retries=0, parallel=2, backoff=0.01)
    values.update(kw)
    return FetchSettings(**values)


def manifest(data: Path) -> dict:
    return json.loads((data / "raw" / "manifest.json").read_text(encoding="utf-8"))["files"]


def tripled_as_previous_day(day_bytes: bytes) -> bytes:
    """The previous day's rows, every value x3: what a mirror served as the next day's file."""
    lines = day_bytes.decode().splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        date_, hour, kind, *values = line.split(",")
        out.append(",".join([date_, hour, kind, *(str(float(v) * 3) if v else "" for v in values)]))
    return ("\r\n".join(out) + "\r\n").encode()


def hours_of(body: bytes, n: int) -> bytes:
    lines = body.splitlines(keepends=True)
    return b"".join(lines[: 1 + 15 * n])


# --- 1. A day file must hold its day ---------------------------------------------------------


def test_a_day_file_holding_the_previous_days_rows_is_refused_and_named(httpserver: HTTPServer, tmp_path):
    truth = day_file(DAY)
    httpserver.expect_request(f"/china_sites_{DAY:%Y%m%d}.csv").respond_with_data(truth)
    httpserver.expect_request(f"/china_sites_{NEXT:%Y%m%d}.csv").respond_with_data(
        tripled_as_previous_day(truth)
    )
    now = datetime(2026, 1, 20, 12, tzinfo=BEIJING)
    summary = run_fetch(tmp_path, settings(httpserver.url_for("/")), DAY, NEXT, now=now)

    (bad,) = summary.failed
    assert bad.key == "2026-01-06"
    assert "china_sites_20260106.csv" in bad.detail and "dated 2026-01-05" in bad.detail
    assert "not this file's day" in bad.detail and "field 'date'" in bad.detail
    stored = sorted(p.name for p in (tmp_path / "raw" / "cnemc").iterdir())
    assert stored == ["china_sites_20260105.csv"]  # nothing stored for the refused day
    hourly = read_archives([tmp_path / "raw" / "cnemc" / "china_sites_20260105.csv"]).hourly
    truth_hourly = read_archive(truth, name="truth.csv").long
    assert hourly["pm25"].sum() == pytest.approx(truth_hourly.query("pollutant == 'pm25'")["value"].sum())


def test_an_already_stored_wrong_day_file_never_overwrites_the_day_it_names(tmp_path):
    truth = day_file(DAY)
    folder = tmp_path / "cnemc"
    folder.mkdir()
    (folder / "china_sites_20260105.csv").write_bytes(truth)
    (folder / "china_sites_20260106.csv").write_bytes(tripled_as_previous_day(truth))
    obs = read_archives(sorted(folder.iterdir()))
    wrong = [d for d in obs.defects if d["kind"] == "wrong_day"]
    assert len(wrong) == 1 and wrong[0]["file"].endswith("china_sites_20260106.csv")
    assert wrong[0]["line"] == 2 and "dated 2026-01-05" in wrong[0]["detail"]
    alone = read_archives([folder / "china_sites_20260105.csv"])
    assert obs.hourly.equals(alone.hourly)  # the true figures stand
    assert (obs.flags["reason"] == "行的日期与文件名的日期不符，整行未采用").sum() > 0


# --- 2. A thinner re-download never replaces the canonical snapshot ---------------------------


def test_thinner_downloads_are_kept_as_versions_and_never_replace_the_snapshot(
    httpserver: HTTPServer, tmp_path
):
    full = day_file(DAY)
    served = {"body": hours_of(full, 20)}
    httpserver.expect_request(f"/china_sites_{DAY:%Y%m%d}.csv").respond_with_handler(
        lambda request: Response(served["body"], content_type="text/csv")
    )
    now = datetime(2026, 1, 6, 12, tzinfo=BEIJING)  # not settled: an incomplete day is fetched again
    target = tmp_path / "raw" / "cnemc" / "china_sites_20260105.csv"

    assert run_fetch(tmp_path, settings(httpserver.url_for("/")), DAY, DAY, now=now).counts[FETCHED] == 1
    for hours, thinner in ((12, hours_of(full, 12)), (0, hours_of(full, 0))):
        served["body"] = thinner
        summary = run_fetch(tmp_path, settings(httpserver.url_for("/")), DAY, DAY, now=now)
        (result,) = summary.results
        assert result.outcome == KEPT_ASIDE and not summary.failed
        assert f"{hours} complete hours, fewer than the 20 of the stored file" in result.detail
        assert "kept aside (fewer hours) 1" in summary.line()
        assert target.read_bytes() == hours_of(full, 20)

    entry = manifest(tmp_path)["cnemc/china_sites_20260105.csv"]
    assert entry["complete_hours"] == 20
    kept = [v for v in entry["versions"] if "not_used" in v]
    assert [(tmp_path / "raw" / v["path"]).read_bytes() for v in kept] == [
        hours_of(full, 12),
        hours_of(full, 0),
    ]

    served["body"] = full  # a fuller file still replaces it, the old one kept as usual
    summary = run_fetch(tmp_path, settings(httpserver.url_for("/")), DAY, DAY, now=now)
    assert summary.results[0].outcome == "updated" and target.read_bytes() == full


# --- 3. Redirects: same host (or the allow-list), never down to HTTP; final URL recorded -------


def test_a_redirect_on_the_same_host_is_followed_and_the_final_url_recorded(httpserver: HTTPServer, tmp_path):
    name = f"china_sites_{DAY:%Y%m%d}.csv"
    httpserver.expect_request(f"/old/{name}").respond_with_data(
        "", status=302, headers={"Location": f"/new/{name}"}
    )
    httpserver.expect_request(f"/new/{name}").respond_with_data(day_file(DAY))
    now = datetime(2026, 1, 20, 12, tzinfo=BEIJING)
    summary = run_fetch(tmp_path, settings(httpserver.url_for("/old/")), DAY, DAY, now=now)
    assert summary.counts[FETCHED] == 1
    entry = manifest(tmp_path)[f"cnemc/{name}"]
    assert entry["url"] == httpserver.url_for(f"/old/{name}")
    assert entry["final_url"] == httpserver.url_for(f"/new/{name}")


def test_a_redirect_to_another_host_is_refused_unless_allowed(httpserver: HTTPServer, tmp_path):
    name = f"china_sites_{DAY:%Y%m%d}.csv"
    elsewhere = f"http://127.0.0.1:{httpserver.port}/mirror/{name}"  # the fixture serves on localhost
    httpserver.expect_request(f"/{name}").respond_with_data("", status=302, headers={"Location": elsewhere})
    httpserver.expect_request(f"/mirror/{name}").respond_with_data(day_file(DAY))
    now = datetime(2026, 1, 20, 12, tzinfo=BEIJING)

    summary = run_fetch(tmp_path / "a", settings(httpserver.url_for("/")), DAY, DAY, now=now)
    (failed,) = summary.failed
    assert "redirect to another host refused: http://127.0.0.1:" in failed.detail
    assert not (tmp_path / "a" / "raw" / "cnemc").exists()

    allowed = settings(httpserver.url_for("/"), redirect_hosts=("127.0.0.1",))
    summary = run_fetch(tmp_path / "b", allowed, DAY, DAY, now=now)
    assert summary.counts[FETCHED] == 1
    assert manifest(tmp_path / "b")[f"cnemc/{name}"]["final_url"] == elsewhere


def test_https_to_http_is_refused_whatever_the_host():
    assert "never downgraded" in redirect_refusal("https://a.example/x", "http://a.example/y", ("a.example",))
    assert redirect_refusal("https://a.example/x", "https://a.example/y", ()) is None
    assert redirect_refusal("http://a.example/x", "https://a.example/y", ()) is None
    assert "not HTTP(S)" in redirect_refusal("https://a.example/x", "file:///etc/passwd", ())


def _self_signed(tmp_path: Path):
    """A certificate for 127.0.0.1, made here (no file from outside)."""
    import datetime as dt
    import ipaddress
    import ssl

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context, cert_path


def test_an_https_server_redirecting_to_plain_http_is_refused(httpserver: HTTPServer, tmp_path, monkeypatch):
    context, cert = _self_signed(tmp_path)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    name = f"china_sites_{DAY:%Y%m%d}.csv"
    httpserver.expect_request(f"/{name}").respond_with_data(day_file(DAY))
    secure = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    secure.expect_request(f"/{name}").respond_with_data(
        "", status=301, headers={"Location": httpserver.url_for(f"/{name}")}
    )
    secure.expect_request("/same.csv").respond_with_data("", status=302, headers={"Location": "/other.csv"})
    secure.expect_request("/other.csv").respond_with_data("a,b\n1,2\n")
    secure.start()
    try:
        base = f"https://127.0.0.1:{secure.port}/"
        downloader = Downloader(DownloadPolicy(timeout=2, retries=0))
        assert downloader.get(base + "same.csv").body == b"a,b\n1,2\n"  # HTTPS on the same host: fine
        now = datetime(2026, 1, 20, 12, tzinfo=BEIJING)
        summary = run_fetch(tmp_path / "data", settings(base), DAY, DAY, now=now)
    finally:
        secure.stop()
    (failed,) = summary.failed
    assert "redirect from HTTPS" in failed.detail and "never downgraded to plain HTTP" in failed.detail
    assert not (tmp_path / "data" / "raw" / "cnemc").exists()


def test_redirect_hosts_are_read_from_the_configuration():
    assert FetchSettings.from_config({"cnemc": {"redirect_hosts": ["mirror.example"]}}).redirect_hosts == (
        "mirror.example",
    )
    with pytest.raises(InputError, match="redirect_hosts must be a list of host names"):
        FetchSettings.from_config({"cnemc": {"redirect_hosts": "mirror.example"}})


# --- 4. Deadline, byte caps, gzip bombs, quoted text -----------------------------------------


class DripServer:
    """Answers every request with a 200 whose body comes one byte every `interval` seconds."""

    def __init__(self, interval: float):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.interval = interval
        self.stop = threading.Event()
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:  # closed by close()
                return
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn):
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\n\r\n")
            while not self.stop.is_set():
                try:
                    conn.sendall(b"1")
                except OSError:
                    return
                time.sleep(self.interval)

    def close(self):
        self.stop.set()
        self.sock.close()


def test_a_server_dripping_bytes_fails_within_the_overall_deadline(monkeypatch):
    monkeypatch.setitem(limits.LIMITS, "download_seconds", limits.Limit(2, "s", "test"))
    server = DripServer(interval=0.1)  # every read succeeds well within the 2 s per-read timeout
    try:
        started = time.monotonic()
        with pytest.raises(Fault, match=r"download took longer than 2 s \(\d+ bytes received\)"):
            Downloader(DownloadPolicy(timeout=2, retries=1, backoff=0.01)).get(server.url + "slow.csv")
        elapsed = time.monotonic() - started
    finally:
        server.close()
    assert elapsed < 2 * (2 + 2) + 1  # two attempts, each its deadline plus at most one read timeout


def test_a_body_over_the_byte_cap_is_refused(httpserver: HTTPServer, monkeypatch):
    monkeypatch.setitem(limits.LIMITS, "download_bytes", limits.Limit(100_000, "bytes", "test"))
    httpserver.expect_request("/big.csv").respond_with_data(b"x" * 300_000)
    with pytest.raises(Fault, match="response larger than 100,000 bytes: refused"):
        Downloader(DownloadPolicy(timeout=2, retries=3)).get(httpserver.url_for("/big.csv"))
    assert len(httpserver.log) == 1  # a cap is not retried


def gzip_bomb(inflated: int) -> bytes:
    """A valid gzip file of `inflated` zero bytes, about 1/1000 of that on the wire.

    Made fast: after a full flush the compressor's state is reset, so every further MiB of zeros
    compresses to the same bytes, which are repeated instead of compressed again.
    """
    chunk = bytes(2**20)
    z = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = z.compress(chunk) + z.flush(zlib.Z_FULL_FLUSH)
    unit = z.compress(chunk) + z.flush(zlib.Z_FULL_FLUSH)
    n = inflated // len(chunk)
    crc = 0
    for _ in range(n):
        crc = zlib.crc32(chunk, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, (n * len(chunk)) & 0xFFFFFFFF)
    return header + first + unit * (n - 1) + z.flush() + trailer


def test_the_gzip_bomb_is_a_valid_gzip_file():
    assert gzip.decompress(gzip_bomb(8 * 2**20)) == bytes(8 * 2**20)


BOMB_CLIENT = textwrap.dedent(
    """
    import sys
    from generator.sources.transport.download import Downloader, DownloadPolicy, Fault
    try:
        Downloader(DownloadPolicy(timeout=10, retries=0)).get(sys.argv[1])
        print("ACCEPTED")
    except Fault as exc:
        print(str(exc))
    # VmHWM: this program's own peak. (ru_maxrss would also carry the peak of the pytest process
    # the child was forked from: Linux keeps it across exec.)
    status = open("/proc/self/status").read()
    print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))  # KiB
    """
)


def test_a_gzip_bomb_is_inflated_with_a_cap_and_memory_stays_bounded(httpserver: HTTPServer):
    bomb = gzip_bomb(2 * 2**30)  # 2 GiB of zeros, about 2 MB on the wire
    assert len(bomb) < 3 * 2**20
    httpserver.expect_request("/bomb.csv").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip"}, content_type="text/csv"
    )
    run = subprocess.run(
        [sys.executable, "-c", BOMB_CLIENT, httpserver.url_for("/bomb.csv")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    message, max_rss_kib = run.stdout.strip().splitlines()
    assert "Content-Encoding gzip: body inflates to more than 67,108,864 bytes: refused" in message
    assert len(message) < 300  # nothing of the body is echoed
    assert int(max_rss_kib) < 500 * 1024, f"peak memory {int(max_rss_kib) // 1024} MB"


def test_error_messages_quote_at_most_a_short_excerpt(httpserver: HTTPServer, tmp_path):
    login = (
        b"<!DOCTYPE html><html><head><title>Login</title></head><body>" + b"A" * 5_000_000 + b"</body></html>"
    )
    httpserver.expect_request("/units.xlsx").respond_with_data(login, content_type="text/html")
    now = datetime(2026, 1, 20, 12, tzinfo=BEIJING)
    files = [{"url": httpserver.url_for("/units.xlsx"), "kind": "enterprise_disclosure", "required": True}]
    summary = run_fetch(tmp_path, settings(httpserver.url_for("/archive/")), DAY, DAY, files=files, now=now)
    failed = next(r for r in summary.failed if r.key.endswith("units.xlsx"))
    assert "an HTML page, not a data file (<!DOCTYPE html><html><head><title>Login" in failed.detail
    assert "more characters)" in failed.detail and len(failed.detail) < 400
    assert not (tmp_path / "raw" / "files").exists()
    assert excerpt("x" * 10_000).endswith("… (9,880 more characters)")


def test_a_day_file_with_a_huge_first_line_is_refused_without_echoing_it(httpserver: HTTPServer, tmp_path):
    name = f"china_sites_{DAY:%Y%m%d}.csv"
    httpserver.expect_request(f"/{name}").respond_with_data(b"date,hour,type," + b"1234A," * 400_000 + b"\n")
    now = datetime(2026, 1, 20, 12, tzinfo=BEIJING)
    (failed,) = run_fetch(tmp_path, settings(httpserver.url_for("/")), DAY, DAY, now=now).failed
    assert "first line longer than 1,048,576 bytes" in failed.detail and len(failed.detail) < 500


# --- 5. Reading the archive: truncated .gz, times with an offset ------------------------------


def test_a_truncated_gz_snapshot_is_a_clear_error_naming_the_file(tmp_path):
    data = tmp_path / "data"
    (data / "raw" / "cnemc").mkdir(parents=True)
    whole = (SAMPLE_RAW / "china_sites_20260105.csv.gz").read_bytes()
    cut = data / "raw" / "cnemc" / "china_sites_20260105.csv.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError, match=r"china_sites_20260105\.csv\.gz: damaged gzip file"):
        read_archives([cut])
    result = CliRunner().invoke(
        main,
        ["build", "--data", str(data), "--out", str(tmp_path / "site"), "--build-dir", str(tmp_path / "b")],
    )
    assert result.exit_code == 2, result.output
    assert "china_sites_20260105.csv.gz: damaged gzip file" in result.output
    assert "Aborted" not in result.output and "Traceback" not in result.output


def test_archive_dates_with_an_offset_are_refused_by_row_and_named():
    types = ["AQI", "PM2.5", "PM2.5_24h", "PM10", "PM10_24h", "SO2", "SO2_24h", "NO2", "NO2_24h", "O3"]
    types += ["O3_24h", "O3_8h", "O3_8h_24h", "CO", "CO_24h"]
    hour9 = "".join(f"20260105,9,{t},50\n" for t in types)
    body = (
        "date,hour,type,1173A\n" + hour9 + "2026-01-05T10:00+08:00,10,AQI,30\n20260105T02:00Z,10,PM10,40\n"
    ).encode()
    parsed = read_archive(body, name="china_sites_20260105.csv")
    bad = [d for d in parsed.defects if d["kind"] == "bad_row"]
    assert [(d["file"], d["line"]) for d in bad] == [
        ("china_sites_20260105.csv", 17),
        ("china_sites_20260105.csv", 18),
    ]
    assert "invalid date ('2026-01-05T10:00+08:00'" in bad[0]["detail"]
    assert len(parsed.long) == 15 and set(parsed.long["time"].dt.hour) == {9}


def test_provincial_times_with_an_offset_are_converted_to_beijing_time(tmp_path):
    path = tmp_path / "county.csv"
    path.write_text(
        "station,time,pollutant,value\n"
        "DH01,2026-01-05T10:00+08:00,pm25,1\n"
        "DH01,2026-01-05T03:00Z,pm25,2\n"
        "DH01,2026-01-05 12:00,pm25,3\n",
        encoding="utf-8",
    )
    times = read_provincial_csv(path)["time"].dt.strftime("%Y-%m-%d %H:%M%z").tolist()
    assert times == ["2026-01-05 10:00+0800", "2026-01-05 11:00+0800", "2026-01-05 12:00+0800"]
    path.write_text("station,time,pollutant,value\nDH01,2026-01-05T10:00+25:00,pm25,1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"county\.csv, row 2, field 'time'"):
        read_provincial_csv(path)


# --- 6. Optional sources fail without stopping anything else ----------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_failing_optional_files_are_reported_and_skipped(httpserver: HTTPServer, tmp_path):
    notice = (ROOT / "data" / "sample" / "warnings" / "2026-001.yaml").read_bytes()
    httpserver.expect_request("/register/2026-001.yaml").respond_with_data(notice)
    httpserver.expect_request("/login/units.xlsx").respond_with_data(
        "<html><body>请登录</body></html>", content_type="text/html"
    )
    httpserver.expect_request(f"/china_sites_{DAY:%Y%m%d}.csv").respond_with_data(day_file(DAY))
    unreachable = f"http://127.0.0.1:{_closed_port()}/units.csv"
    files = [
        {"url": unreachable, "kind": "enterprise_disclosure"},
        {"url": httpserver.url_for("/login/units.xlsx"), "kind": "enterprise_disclosure"},
        {"url": httpserver.url_for("/register/2026-001.yaml"), "kind": "warning_register"},
    ]
    now = datetime(2026, 1, 20, 12, tzinfo=BEIJING)
    summary = run_fetch(tmp_path, settings(httpserver.url_for("/")), DAY, DAY, files=files, now=now)
    assert not summary.failed
    assert sorted(r.key for r in summary.notices) == sorted(
        [unreachable, httpserver.url_for("/login/units.xlsx")]
    )
    assert all(r.outcome == OPTIONAL_FAILED for r in summary.notices)
    assert "connection failed" in next(r.detail for r in summary.notices if r.key == unreachable)
    assert (tmp_path / "raw" / "files" / "warning_register" / "2026-001.yaml").read_bytes() == notice
    assert (tmp_path / "raw" / "cnemc" / "china_sites_20260105.csv").exists()
    assert not (tmp_path / "raw" / "files" / "enterprise_disclosure").exists()


def test_fetch_command_exits_zero_when_only_optional_files_fail(httpserver: HTTPServer, tmp_path):
    httpserver.expect_request("/login/units.xlsx").respond_with_data("<!doctype html><p>login</p>")
    site = (ROOT / "data" / "site.toml").read_text(encoding="utf-8")
    day = f"/china_sites_{DAY:%Y%m%d}.csv"
    httpserver.expect_request(day).respond_with_data(day_file(DAY))
    for required, code in ((False, 0), (True, 2)):
        config = tmp_path / f"site-{required}.toml"
        url = httpserver.url_for("/login/units.xlsx")
        extra = f'\n[[sources.files]]\nurl = "{url}"\nkind = "enterprise_disclosure"\n'
        config.write_text(site + extra + ("required = true\n" if required else ""), encoding="utf-8")
        args = ["fetch", "--data", str(tmp_path / f"d-{required}"), "--config", str(config), "--quiet"]
        args += ["--base-url", httpserver.url_for("/"), "--from", "2026-01-05", "--to", "2026-01-05"]
        result = CliRunner().invoke(main, [*args, "--retries", "0"])
        assert result.exit_code == code, result.output
        assert "an HTML page, not a data file" in result.output
        assert "Traceback" not in result.output
    assert (tmp_path / "d-False" / "raw" / "cnemc" / "china_sites_20260105.csv").exists()
