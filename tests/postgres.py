"""A real PostgreSQL server for the store tests: a throw-away cluster in a temporary
folder, started by the tests on a free loopback port (Debian's `postgresql`, installed
by scripts/setup.sh). As root, the server runs as the unprivileged ``postgres`` user: it
refuses to run as root."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError(
        "PostgreSQL server binaries not found: run scripts/setup.sh (installs `postgresql`)"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    root: Path
    port: int
    prefix: list[str]

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://directives@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        subprocess.run(
            [
                *self.prefix,
                str(_bindir() / "pg_ctl"),
                "-D",
                str(self.root / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def start(durable: bool = False) -> Cluster:
    """A cluster for tests (``durable=False``: fsync off, fast) or, for a benchmark, one that
    syncs its commits to disk as a real server does."""
    bindir = _bindir()
    root = Path(tempfile.mkdtemp(prefix="directives-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "directives", "-A", "trust",
         "-E", "UTF8", "--no-locale", *([] if durable else ["--no-sync"])],
        check=True, capture_output=True,
    )  # fmt: skip
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    )
    subprocess.run(
        [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-o", options,
         "-w", "-t", "60", "start"],
        check=True, capture_output=True,
    )  # fmt: skip
    return Cluster(root, port, prefix)
