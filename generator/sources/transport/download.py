"""HTTP GET for the snapshot store: bounded in time, bytes and memory; redirects only where allowed.

- Every file has an overall deadline (limit "download_seconds"): a server dripping one byte a
  second passes any per-read timeout, so the body is read with `read1` (one receive at a time)
  and the clock is checked after each piece.
- The body is streamed with a byte cap ("download_bytes"), and `Content-Encoding: gzip/deflate`
  is undone here, piece by piece, with its own cap ("download_inflated_bytes"): a gzip bomb
  stops at the cap instead of filling memory.
- Redirects are followed by hand, only to the same host (or a host in the allow-list) and never
  from HTTPS down to HTTP; the URL the body finally came from is returned for the manifest.
- Faults worth retrying (timeouts, connection errors, 5xx, 429, short bodies) are retried with
  exponential backoff; the rest fail at once. Messages quote at most "quoted_chars" characters.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from generator.sources.shared.limits import limit
from generator.sources.transport.inflate import Inflater, OverCap, TruncatedStream

USER_AGENT = "lyg-air-site-generator (public-information site; polite daily fetch)"
READ_PIECE = 64 * 1024
REDIRECT_CODES = (301, 302, 303, 307, 308)


def excerpt(text: str | bytes) -> str:
    """At most "quoted_chars" characters of `text`, for an error message."""
    if isinstance(text, bytes):
        text = text[: 4 * int(limit("quoted_chars"))].decode("utf-8", errors="replace")
    n = int(limit("quoted_chars"))
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + f"… ({len(text) - n:,} more characters)"


class Fault(Exception):
    """A download that failed; `retry` says whether trying again may help."""

    def __init__(self, message: str, *, retry: bool = True):
        super().__init__(message)
        self.retry = retry


@dataclass(frozen=True)
class Response:
    status: int  # 200, or 404 (body None: "not published (yet)")
    body: bytes | None
    note: str  # e.g. "after 2 retries"
    final_url: str  # where the body came from, after redirects


@dataclass(frozen=True)
class DownloadPolicy:
    """Timeouts, retries and where redirects may lead ([sources.cnemc] in data/site.toml)."""

    timeout: float = 30.0  # seconds per connect and per read
    retries: int = 4
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    redirect_hosts: tuple[str, ...] = field(default_factory=tuple)  # besides the URL's own host


def redirect_refusal(current: str, target: str, allowed_hosts: tuple[str, ...]) -> str | None:
    """Why a redirect from `current` to `target` is not followed (None: it may be followed)."""
    here, there = urlsplit(current), urlsplit(target)
    if there.scheme not in ("http", "https"):
        return f"redirect to {excerpt(target)} refused: not HTTP(S)"
    if here.scheme == "https" and there.scheme != "https":
        return f"redirect from HTTPS to {excerpt(target)} refused: never downgraded to plain HTTP"
    host = (there.hostname or "").lower()
    allowed = {(here.hostname or "").lower(), *(h.lower() for h in allowed_hosts)}
    if host not in allowed:
        return (
            f"redirect to another host refused: {excerpt(target)} "
            f"(allowed: {', '.join(sorted(allowed))}; see redirect_hosts in [sources.cnemc])"
        )
    return None


class Downloader:
    """GET with a deadline, byte caps, checked redirects and retries; one Session per worker thread."""

    def __init__(
        self,
        policy: DownloadPolicy,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.policy = policy
        self.sleep = sleep
        self.clock = clock
        self._local = threading.local()

    def session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            s = requests.Session()
            s.headers["User-Agent"] = USER_AGENT
            s.headers["Accept-Encoding"] = "gzip, deflate"  # the two this module inflates with a cap
            self._local.session = s
        return self._local.session

    def get(self, url: str, *, accept: Callable[[bytes], str | None] | None = None) -> Response:
        """The body at `url` (status 404 and body None when not published). Raises Fault at the end.

        `accept(body)` names a defect worth a retry (e.g. a body cut mid-line), or returns None.
        """
        last = ""
        attempts = self.policy.retries + 1
        for attempt in range(attempts):
            if attempt:
                self.sleep(self.policy.backoff * 2 ** (attempt - 1))
            try:
                status, body, final = self._once(url)
            except Fault as exc:
                if not exc.retry:
                    raise
                last = str(exc)
                continue
            if status == 404:
                return Response(404, None, "not published (yet)", final)
            problem = accept(body) if accept else None
            if problem:
                last = problem
                continue
            return Response(200, body, f"after {attempt} retries" if attempt else "", final)
        raise Fault(f"{last} (gave up after {attempts} attempts)", retry=False)

    def _once(self, url: str) -> tuple[int, bytes, str]:
        """One attempt: follow allowed redirects, then read the body within the deadline."""
        deadline = self.clock() + limit("download_seconds")
        current = url
        for _ in range(int(limit("redirects")) + 1):
            resp = self._request(current, deadline)
            try:
                if resp.status_code in REDIRECT_CODES and resp.headers.get("Location"):
                    target = urljoin(current, resp.headers["Location"])
                    refusal = redirect_refusal(current, target, self.policy.redirect_hosts)
                    if refusal:
                        raise Fault(refusal, retry=False)
                    current = target
                    continue
                if resp.status_code == 404:
                    return 404, b"", current
                if resp.status_code >= 500 or resp.status_code == 429:
                    raise Fault(f"HTTP {resp.status_code}")
                if resp.status_code != 200:
                    raise Fault(f"HTTP {resp.status_code} (not retried)", retry=False)
                return 200, self._read_body(resp, deadline), current
            finally:
                resp.close()
        raise Fault(f"more than {limit('redirects'):g} redirects", retry=False)

    def _request(self, url: str, deadline: float) -> requests.Response:
        timeout = min(self.policy.timeout, max(0.1, deadline - self.clock()))
        try:
            return self.session().get(url, timeout=(timeout, timeout), stream=True, allow_redirects=False)
        except requests.Timeout:
            raise Fault(f"timed out after {self.policy.timeout:g} s") from None
        except requests.ConnectionError as exc:
            raise Fault(f"connection failed ({type(exc).__name__}: {excerpt(str(exc))})") from None
        except requests.RequestException as exc:
            raise Fault(f"request refused ({type(exc).__name__}: {excerpt(str(exc))})", retry=False) from None

    def _read_body(self, resp: requests.Response, deadline: float) -> bytes:
        """The body, streamed: wire bytes and inflated bytes capped, the deadline checked per piece."""
        encoding = (resp.headers.get("Content-Encoding") or "identity").strip().lower()
        if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
            raise Fault(f"unsupported Content-Encoding '{excerpt(encoding)}'", retry=False)
        inflater = None if encoding == "identity" else Inflater(int(limit("download_inflated_bytes")))
        wire_cap = int(limit("download_bytes"))
        body = bytearray()
        wire = 0
        try:
            while True:
                if self.clock() > deadline:
                    raise Fault(
                        f"download took longer than {limit('download_seconds'):g} s "
                        f"({wire:,} bytes received): server too slow or stalling"
                    )
                piece = resp.raw.read1(READ_PIECE, decode_content=False)
                if not piece:
                    break
                wire += len(piece)
                if wire > wire_cap:
                    raise Fault(f"response larger than {wire_cap:,} bytes: refused", retry=False)
                body += inflater.feed(piece) if inflater else piece
            if inflater:
                body += inflater.finish()
        except OverCap as exc:
            raise Fault(f"Content-Encoding {encoding}: body {exc}: refused", retry=False) from None
        except TruncatedStream as exc:
            raise Fault(f"Content-Encoding {encoding}: {exc}") from None
        except (urllib3.exceptions.ReadTimeoutError, TimeoutError):
            raise Fault(f"timed out after {self.policy.timeout:g} s") from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise Fault(f"body cut short: connection closed mid-body ({excerpt(str(exc))})") from None
        expected = resp.headers.get("Content-Length")
        if expected is not None and expected.isdigit() and int(expected) != wire:
            raise Fault(f"body cut short: {wire} of {expected} bytes")
        return bytes(body)
