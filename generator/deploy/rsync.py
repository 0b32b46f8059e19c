"""A folder on the bureau's web server, reached with rsync over SSH, as a deploy target.

The same plan as for object storage (plan.py): each stage is one rsync run given the stage's
files (`--files-from`), with `--delay-updates`, so a stage's files appear together at the stage's
end; deletions come last. Files are copied as they are, precompressed copies included: the web
server chooses the encoding (nginx `gzip_static`, docs/deploy.md). The SSH key and the server's
host key come from the environment variables the target names; a destination without a host
(a local folder) needs neither, which is how the tests run it.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from generator.config.publishing import RsyncTarget
from generator.deploy.objects import MANIFEST_KEY, SiteObject
from generator.errors import FetchError

_ENV = {**os.environ, "LC_ALL": "C"}  # rsync prints sizes as 1,234 in the C locale


def _is_remote(destination: str) -> bool:
    head = destination.split("/", 1)[0]
    return ":" in head


class RsyncStore:
    precompressed = "none"

    def __init__(self, target: RsyncTarget, site_dir: Path, env: dict | None = None):
        env = os.environ if env is None else env
        self.name = target.name
        self.site_dir = Path(site_dir)
        self.destination = target.destination
        self._tmp = tempfile.TemporaryDirectory(prefix="lyg-deploy-")
        self.ssh: list[str] = []
        if _is_remote(target.destination):
            missing = [v for v in (target.ssh_key_env, target.known_hosts_env) if not env.get(v)]
            if missing:
                raise FetchError(f"{target.name}: 缺少密钥环境变量 / secret not set: {', '.join(missing)}")
            key = self._secret_file("id", env[target.ssh_key_env])
            hosts = self._secret_file("known_hosts", env[target.known_hosts_env])
            self.ssh = [
                "-e",
                f"ssh -p {int(target.ssh_port)} -i {key} -o IdentitiesOnly=yes -o BatchMode=yes"
                f" -o StrictHostKeyChecking=yes -o UserKnownHostsFile={hosts}",
            ]
        else:
            Path(target.destination).mkdir(parents=True, exist_ok=True)

    def _secret_file(self, name: str, text: str) -> str:
        path = Path(self._tmp.name) / name
        path.touch(mode=0o600)
        path.write_text(text.strip() + "\n", encoding="utf-8")
        return str(path)

    def _rsync(self, *args: str, missing_ok: bool = False) -> str:
        cmd = ["rsync", *self.ssh, *args]
        result = subprocess.run(cmd, capture_output=True, encoding="utf-8", errors="replace", env=_ENV)
        if result.returncode == 23 and missing_ok and "No such file or directory" in result.stderr:
            return ""
        if result.returncode != 0:
            raise FetchError(
                f"{self.name}: rsync 失败 / failed ({result.returncode}): {result.stderr.strip()}"
            )
        return result.stdout

    def listing(self) -> dict[str, int]:
        # --8-bit-output: a Chinese file name is listed as itself, not as \#ooo escapes.
        out = self._rsync("--recursive", "--list-only", "--8-bit-output", self.destination, missing_ok=True)
        found = {}
        for line in out.splitlines():
            parts = line.split(None, 4)
            if len(parts) == 5 and line.startswith("-"):
                found[parts[4]] = int(parts[1].replace(",", ""))
        return found

    def read_manifest(self) -> bytes | None:
        copy = Path(self._tmp.name) / "manifest-read"
        self._rsync(self.destination + MANIFEST_KEY, str(copy), missing_ok=True)
        return copy.read_bytes() if copy.exists() else None

    def put(self, objects: list[SiteObject], done) -> None:
        listed = Path(self._tmp.name) / "files-from"
        listed.write_bytes(b"".join(o.key.encode("utf-8") + b"\0" for o in objects))
        self._rsync(
            "--recursive",
            "--times",
            "--ignore-times",  # the plan chose these files: send them whatever their dates
            "--chmod=D755,F644",
            "--delay-updates",
            "--from0",
            f"--files-from={listed}",
            f"{self.site_dir}/",
            self.destination,
        )
        for obj in objects:
            done(obj.key)

    def write_manifest(self, data: bytes) -> None:
        local = Path(self._tmp.name) / MANIFEST_KEY
        local.write_bytes(data)
        self._rsync("--times", "--chmod=F600", str(local), self.destination + MANIFEST_KEY)

    def delete(self, keys: list[str]) -> None:
        # rsync deletes only what a sync over whole folders finds extra: a run that copies nothing
        # (--existing with --ignore-existing) and keeps the manifest. It deletes the keys the plan
        # found (the same two trees), and the `.~tmp~` folders a killed --delay-updates run left.
        self._rsync(
            "--recursive",
            "--delete",
            "--existing",
            "--ignore-existing",
            f"--filter=P {MANIFEST_KEY}",
            f"{self.site_dir}/",
            self.destination,
        )
