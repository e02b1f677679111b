"""A real PostgreSQL server for the tests: the one ``COPYDESK_TEST_PG`` names, or a throwaway one.

``COPYDESK_TEST_PG`` is a URL of a role allowed to create databases (``.ci/run`` starts a
cluster and exports it). Without it, the tests start their own cluster from Debian's
``postgresql`` binaries (initdb in a temporary directory, loopback only, stopped at exit); when
neither works, PostgreSQL tests are skipped with the reason. Every test store is a database of
its own, created empty and dropped afterwards.
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

ENV = "COPYDESK_TEST_PG"
BACKENDS = ("sqlite", "postgres")


def _bindir() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


FAST = "-c fsync=off -c full_page_writes=off"  # a throwaway cluster for tests need not survive a crash


def start_throwaway(settings: str = FAST) -> str:
    """Start a cluster in a temporary directory (stopped at exit); return the URL of its
    superuser (raises with the reason). ``settings``: extra ``postgres -c`` options."""
    bindir = _bindir()
    if bindir is None:
        raise RuntimeError("no PostgreSQL server binaries (apt-get install postgresql)")
    root = tempfile.mkdtemp(prefix="copydesk-pg-")
    as_user: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root: run it as the postgres user
        shutil.chown(root, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = os.path.join(root, "data")
    run = {"check": True, "capture_output": True, "text": True, "timeout": 120}
    subprocess.run([*as_user, f"{bindir}/initdb", "-D", data, "-U", "postgres", "--auth=trust",
                    "-E", "UTF8", "--locale=C.UTF-8"], **run)  # fmt: skip
    opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} {settings}"
    subprocess.run([*as_user, f"{bindir}/pg_ctl", "-D", data, "-l", f"{root}/log", "-o", opts, "-w", "start"], **run)
    def stop() -> None:
        subprocess.run([*as_user, f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)

    atexit.register(stop)
    return f"postgresql://postgres@127.0.0.1:{port}/postgres"


class Server:
    """Databases on one PostgreSQL server, each a fresh store."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        self.admin = psycopg.connect(url, autocommit=True, connect_timeout=10)
        self.created: list[str] = []

    def new_db(self) -> str:
        """A new empty database; its URL."""
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        name = "copydesk_t_" + uuid.uuid4().hex[:12]
        self.admin.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        info = conninfo_to_dict(self.url)
        info["dbname"] = name
        return "postgresql://" + _url_of(make_conninfo(**info))

    def drop_all(self) -> None:
        for name in self.created:
            self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.clear()


def _url_of(conninfo: str) -> str:
    """A libpq keyword string as the URL form the store accepts."""
    from psycopg.conninfo import conninfo_to_dict

    d = conninfo_to_dict(conninfo)
    user = d.get("user", "")
    cred = user + (":" + d["password"] if d.get("password") else "")
    host = d.get("host", "127.0.0.1")
    port = f":{d['port']}" if d.get("port") else ""
    return f"{cred}@{host}{port}/{d['dbname']}" if cred else f"{host}{port}/{d['dbname']}"


_server: Server | None = None
_reason = ""


def server() -> tuple[Server | None, str]:
    """The session's server, or None and why there is none."""
    global _server, _reason
    if _server is None and not _reason:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            _reason = "psycopg is not installed (pip install -e '.[postgres]')"
            return None, _reason
        try:
            _server = Server(os.environ.get(ENV) or start_throwaway())
        except Exception as e:  # noqa: BLE001 - the reason is the skip message
            detail = getattr(e, "stderr", "") or str(e)
            _reason = f"no PostgreSQL server could be started or reached: {detail.strip()[:300]}"
    return _server, _reason


def new_store_location(request, backend: str, folder: Path, name: str = "s") -> str | Path:  # noqa: ANN001
    """Where a fresh store of ``backend`` lives: a SQLite file in ``folder``, or a new database
    (through the ``pg`` fixture, so the test is skipped with the reason when there is no server)."""
    if backend == "sqlite":
        return folder / f"{name}.db"
    return request.getfixturevalue("pg").new_db()
