"""Throwaway PostgreSQL and MariaDB servers for the tests, on a unix socket only (no network).

PostgreSQL: ``initdb`` + ``pg_ctl`` from /usr/lib/postgresql/*/bin, run as the ``postgres``
user when the tests run as root. MariaDB: ``mariadb-install-db`` + ``mariadbd``
``--skip-networking``. ``start_postgres`` and ``start_mariadb`` skip the test with the
reason when the binaries are not installed (Debian: ``apt-get install -y postgresql
mariadb-server``); ``tests/conftest.py`` starts each at most once per session.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

TIMEOUT = 120


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """``args`` run to completion, its output as text; a non-zero exit fails the test."""
    result = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT, **kwargs)
    assert result.returncode == 0, f"{' '.join(args)}\n{result.stdout}\n{result.stderr}"
    return result


@dataclass
class Server:
    """A running server: ``client`` is its command-line client (append ``-d db`` for
    PostgreSQL, the database name for MariaDB)."""

    dialect: str
    client: list[str]
    socket: str = ""
    """The socket directory (PostgreSQL) or file (MariaDB) that a client connects through."""
    user: str = ""
    """The superuser a client connects as."""
    dumper: tuple[str, ...] = ()
    """Its dump command (``pg_dump``, ``mariadb-dump``): append the database name."""
    _databases: int = 0

    def url(self, database: str, user: str | None = None, password: str | None = None) -> str:
        """The URL of ``database`` for ``vigie scan``, through the socket."""
        credentials = (user or self.user) + (f":{password}" if password is not None else "")
        if self.dialect == "postgres":
            return f"postgresql://{credentials}@/{database}?host={self.socket}"
        return f"mysql://{credentials}@/{database}?unix_socket={self.socket}"

    def new_database(self, prefix: str) -> str:
        """Create a database of a name not used before in this session and return it."""
        self._databases += 1
        name = f"{prefix}_{self._databases}".lower()
        if self.dialect == "postgres":
            run(self.client + ["-d", "postgres", "-c", f'CREATE DATABASE "{name}"'])
        else:
            run(self.client + ["-e", f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"])
        return name


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_user() -> list[str]:
    """Prefix that runs a server command as an unprivileged user when we are root."""
    if os.geteuid() != 0:
        return []
    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        return ["runuser", "-u", user, "--"]
    pytest.skip("running as root without a 'postgres' user to run the server")


def _chown(path: Path, user: str) -> None:
    if os.geteuid() == 0:
        info = pwd.getpwnam(user)
        for root, dirs, files in os.walk(path):
            os.chown(root, info.pw_uid, info.pw_gid)
            for name in files:
                os.chown(os.path.join(root, name), info.pw_uid, info.pw_gid)
        os.chmod(path, 0o755)


@contextmanager
def start_postgres() -> Iterator[Server]:
    bin_dir = _pg_bin()
    if bin_dir is None or not (bin_dir / "pg_ctl").exists():
        pytest.skip("PostgreSQL server binaries not found (apt-get install -y postgresql)")
    prefix = _as_user()
    base = Path(tempfile.mkdtemp(prefix="vigie-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    _chown(base, "postgres")
    user = pwd.getpwuid(os.geteuid()).pw_name if not prefix else prefix[2]
    run(prefix + [str(bin_dir / "initdb"), "-D", str(data), "-U", user, "-A", "trust", "-E", "UTF8", "--no-sync"])
    run(prefix + [
        str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-t", "30", "-l", str(base / "log"),
        "-o", f"-k {sock} -c listen_addresses='' -F", "start",
    ])
    psql = prefix + [str(bin_dir / "psql") if (bin_dir / "psql").exists() else "psql", "-h", str(sock), "-U", user, "-X", "-q"]
    try:
        pg_dump = prefix + [str(bin_dir / "pg_dump"), "-h", str(sock), "-U", user]
        yield Server("postgres", psql, str(sock), user, tuple(pg_dump))
    finally:
        subprocess.run(prefix + [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True, timeout=TIMEOUT)
        shutil.rmtree(base, ignore_errors=True)


def _which(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name) or (f"/usr/sbin/{name}" if os.path.exists(f"/usr/sbin/{name}") else None)
        if found:
            return found
    return None


@contextmanager
def start_mariadb() -> Iterator[Server]:
    server = _which("mariadbd", "mysqld")
    install = _which("mariadb-install-db", "mysql_install_db")
    client = _which("mariadb", "mysql")
    if not (server and install and client):
        pytest.skip("MariaDB server binaries not found (apt-get install -y mariadb-server)")
    base = Path(tempfile.mkdtemp(prefix="vigie-my-"))
    data, sock = base / "data", base / "mysqld.sock"
    user_args = ["--user=mysql"] if os.geteuid() == 0 else []
    if os.geteuid() == 0:
        _chown(base, "mysql")
    run([install, "--no-defaults", f"--datadir={data}", "--auth-root-authentication-method=normal",
         "--skip-test-db", *user_args])
    process = subprocess.Popen(
        [server, "--no-defaults", f"--datadir={data}", f"--socket={sock}", "--skip-networking",
         f"--pid-file={base / 'mysqld.pid'}", f"--log-error={base / 'error.log'}", "--innodb-buffer-pool-size=64M",
         *user_args],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    command = [client, "--no-defaults", f"--socket={sock}", "-uroot"]
    try:
        deadline = time.monotonic() + 30
        while subprocess.run(command + ["-e", "SELECT 1"], capture_output=True).returncode != 0:
            if time.monotonic() > deadline or process.poll() is not None:
                log = (base / "error.log").read_text(errors="replace") if (base / "error.log").exists() else ""
                pytest.fail(f"MariaDB did not start:\n{log[-2000:]}")
            time.sleep(0.3)
        dumper = _which("mariadb-dump", "mysqldump")
        yield Server("mariadb", command, str(sock), "root", (dumper, "--no-defaults", f"--socket={sock}", "-uroot") if dumper else ())
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(base, ignore_errors=True)
