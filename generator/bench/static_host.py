"""A local static host for a built site, on 127.0.0.1 at a free port, in a thread.

It answers as a static host with precompressed files does (nginx gzip_static/brotli_static, Caddy
`file_server { precompressed br gzip }`): for `X`, the file `X.br` when the request accepts br,
else `X.gz` when it accepts gzip, with `Content-Encoding`, the type of `X` and
`Vary: Accept-Encoding`; else `X` itself. So a page's measured bytes are what a phone would
download from such a host. Used by the Lighthouse bench and by the browser tests of page weight.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

# The encodings the site is precompressed in (generator/site/precompress.py), preferred first.
PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))


def accepted(header: str) -> set[str]:
    """Content codings an Accept-Encoding header accepts (q=0 means refused)."""
    codings = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        q = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        try:
            if float(q) > 0 and name.strip():
                codings.add(name.strip().lower())
        except ValueError:
            continue
    return codings


class PrecompressedHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return super().send_head()
        codings = accepted(self.headers.get("Accept-Encoding", ""))
        for coding, suffix in PRECOMPRESSED:
            if coding in codings and os.path.isfile(path + suffix):
                return self._send_file(path + suffix, self.guess_type(path), coding)
        return self._send_file(path, self.guess_type(path), None)

    def _send_file(self, path: str, ctype: str, coding: str | None):
        f = open(path, "rb")  # noqa: SIM115 - returned to copyfile, closed by the base class
        size = os.fstat(f.fileno()).st_size
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(size))
        if coding:
            self.send_header("Content-Encoding", coding)
        self.send_header("Vary", "Accept-Encoding")
        # As GitHub Pages: cached for ten minutes.
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return f


class StaticHost:
    """Serves `root` until `close()`; `url` ends with '/'. Usable as a context manager."""

    def __init__(self, root: Path):
        handler = functools.partial(PrecompressedHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> StaticHost:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
