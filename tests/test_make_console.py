"""The console of ``make serve`` (issue 13's console noise): the README's ``make run`` prints
no setuptools banner and no library's INFO log (faiss's loader printed ten lines at each
start), and a server stopped the normal way (Ctrl-C at the terminal, SIGTERM from ``kill``
or a service manager) ends without ``make: *** [serve] Terminated`` or ``Interrupt`` and
without a traceback (make's exit status 0 after a SIGTERM to the server).

``make serve`` runs here with this interpreter's venv (``VENV=sys.prefix``), a fresh index
folder (so it builds the seed index, ~10 s) and a free port (``SERVE_ARGS``). The install
step is declared done (``make -o``): it would download, and its one piece of noise, the
setuptools banner, is pinned by the editable-build test below without a network.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hardening import child_env, free_port, stop_process
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
MAKE = shutil.which("make")
# What an install step, a dying make, shell or Python, or a library's INFO log would print.
NOISE = re.compile(r"\*\*\*|^make|Terminated|Interrupt|Traceback \(most recent call last\)"
                   r"|Obtaining file:|Installing collected|Successfully|running egg_info"
                   r"|Editable install|same name as your package|BuildBackendWarning"
                   r"|SetuptoolsWarning|^INFO|faiss|ModuleNotFoundError", re.MULTILINE)


def _make_env() -> dict[str, str]:
    """A user's shell: no CASEQA_* setting and no outer make (``make test`` runs pytest)."""
    return {k: v for k, v in child_env().items()
            if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEFILES", "VIRTUAL_ENV")}


def _children(pid: int) -> list[int]:
    """The ids of the processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name (field 2) may hold spaces; the parent id follows it.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index folder for the module: the first run builds the seed index in it."""
    return tmp_path_factory.mktemp("make-serve") / "index"


@pytest.fixture
def make_serve(index_dir: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes],
                                                                   Path]]:
    """``make serve`` in its own process group (a terminal's foreground job), answering on
    a free port; yields make's process and the file holding its stdout and stderr."""
    assert MAKE, "make is not installed (apt-get install make)"
    venv = Path(sys.prefix)
    assert (venv / "bin" / "caseqa").exists(), f"run pytest from the project's venv, not {venv}"
    port = free_port()
    log = tmp_path / "make-serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [MAKE, "-o", f"{venv}/.installed", "serve", f"VENV={venv}",
             f"INDEX_DIR={index_dir}", f"SERVE_ARGS=--port {port}"],
            cwd=ROOT, env=_make_env(), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while True:
            assert proc.poll() is None, f"make serve ended early:\n{log.read_text()}"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"not ready in 240 s:\n{log.read_text()}"
            time.sleep(0.3)
        yield proc, log
    finally:
        # The whole group: a server that outlived make (its shell was killed) too.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        stop_process(proc, timeout=10)


def _stopped(proc: subprocess.Popen[bytes], log: Path) -> tuple[int, str]:
    """make's exit status and everything it and its children printed."""
    try:
        code = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"make serve still running 60 s after the stop:\n{log.read_text()}")
    return code, log.read_text(errors="replace")


def test_make_serve_stopped_by_sigterm_to_the_server_exits_0_quietly(
        make_serve: tuple[subprocess.Popen[bytes], Path]) -> None:
    proc, log = make_serve
    children = _children(proc.pid)
    # The server is make's own child: no shell between them to print "Terminated".
    assert len(children) == 1 and " serve " in _cmdline(children[0]), \
        [_cmdline(c) for c in children]
    os.kill(children[0], signal.SIGTERM)  # as `kill PID` or a service manager does
    code, output = _stopped(proc, log)
    assert code == 0, output
    assert "caseqa: serving" in output, output
    assert not NOISE.findall(output), output


def test_make_serve_stopped_by_ctrl_c_prints_no_make_error(
        make_serve: tuple[subprocess.Popen[bytes], Path]) -> None:
    proc, log = make_serve
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole job
    code, output = _stopped(proc, log)
    # make itself was interrupted: it ends by SIGINT (silently) once its child is done.
    assert code in (0, -signal.SIGINT), (code, output)
    assert "caseqa: serving" in output, output
    assert not NOISE.findall(output), output


def _setuptools_path() -> str:
    """The folder of the newest setuptools on sys.path that satisfies the project's
    [build-system] requires (a worktree's venv may shadow it with an older one)."""
    wanted = Requirement(next(r for r in tomllib.loads(
        (ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
        if r.startswith("setuptools")))
    found = sorted((Version(d.version), str(d.locate_file("")))
                   for d in importlib.metadata.distributions()
                   if (d.metadata["Name"] or "").lower() == "setuptools"
                   and wanted.specifier.contains(d.version))
    assert found, f"no {wanted} on sys.path: `make install-dev` installs one"
    return found[-1][1]


# pip's view of a build backend: it runs the hook with warnings recorded, then prints each
# UserWarning (as BuildBackendWarning); the rest of the backend's output it keeps.
_BUILD_EDITABLE = """
import importlib, json, sys, warnings
backend = importlib.import_module(sys.argv[1])
with warnings.catch_warnings(record=True) as seen:
    backend.build_editable(sys.argv[2])
print(json.dumps([str(w.message) for w in seen if issubclass(w.category, UserWarning)]))
"""


def test_the_editable_install_raises_no_setuptools_banner(tmp_path: Path) -> None:
    """``make install`` runs ``pip install -e .``; pip prints each warning the build backend
    raises. The project's layout must give setuptools nothing to warn about (its banner was
    "Please be careful with folders in your working directory with the same name as your
    package")."""
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "data", "out", "build", "dist", "*.egg-info", "__pycache__",
        ".*_cache", "tests", "bench"))
    backend = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"][
        "build-backend"]
    env = {**_make_env(), "PYTHONPATH": _setuptools_path()}
    done = subprocess.run([sys.executable, "-c", _BUILD_EDITABLE, backend, str(tmp_path)],
                          cwd=source, env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert list(tmp_path.glob("caseqa-*.whl")), done.stdout
    assert json.loads(done.stdout.splitlines()[-1]) == [], done.stderr


@pytest.mark.parametrize(("variables", "index_dir"), [
    ({}, "data/index"),
    ({"CASEQA_INDEX_DIR": "/tmp/caseqa-elsewhere"}, "/tmp/caseqa-elsewhere"),
    ({"CASEQA_INDEX_DIR": "/tmp/caseqa-elsewhere", "INDEX_DIR": "/tmp/caseqa-given"},
     "/tmp/caseqa-given"),
])
def test_make_run_indexes_and_serves_where_caseqa_index_dir_says(
        variables: dict[str, str], index_dir: str) -> None:
    # The README says every command honours CASEQA_INDEX_DIR: `make run` indexed
    # data/index whatever it said (this session's trial).
    assert MAKE, "make is not installed (apt-get install make)"
    env = {k: v for k, v in os.environ.items()
           if k not in ("CASEQA_INDEX_DIR", "INDEX_DIR", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    planned = subprocess.run([MAKE, "-n", "-o", "install", "run"], cwd=ROOT, text=True,
                             env={**env, **variables}, capture_output=True, check=True).stdout
    assert re.findall(r"--index-dir (\S+)", planned) == [index_dir, index_dir]
