"""The wheel works installed, away from the checkout: its package data (the index schema,
the widget, the lexicon) and the prompt templates are in it.

The wheel is built from a copy of the sources without build isolation (nothing is
downloaded), installed with ``--no-deps`` into a fresh venv that sees this venv's
dependencies through a ``.pth`` file, and run from a folder outside the checkout. Slow
(two cold starts of the model, ~1 min): the only test of what ``pip install .`` ships.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_NOT_SOURCES = shutil.ignore_patterns(".git", ".venv*", "data", "out", "build", "*.egg-info",
                                      "__pycache__", ".*_cache", "tests", "bench")

pytestmark = pytest.mark.slow


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None,
         timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)


def _dependency_paths() -> list[str]:
    """This interpreter's site-packages folders (and those their .pth files add)."""
    wanted = [*site.getsitepackages(), sysconfig.get_path("purelib")]
    extra = [p for p in sys.path if "site-packages" in p and Path(p).is_dir()]
    # The checkout itself (the editable install's path) stays out; its .venv may be inside.
    return list(dict.fromkeys(p for p in (*wanted, *extra)
                              if Path(p).resolve() != ROOT.resolve()))


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh venv with the built wheel installed."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCES)
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                 "-q", "-w", work / "dist", source, cwd=work)
    assert built.returncode == 0, built.stderr
    wheel = next((work / "dist").glob("caseqa-*.whl"))
    venv = work / "venv"
    made = _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                   cwd=work).stdout.strip()
    # Dependencies only: the lines of a .pth are added to sys.path, but .pth files in those
    # folders are not run, so this venv's editable caseqa stays out.
    Path(purelib, "000-dependencies.pth").write_text("\n".join(_dependency_paths()) + "\n")
    done = _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps",
                "--no-index", "-q", wheel, cwd=work)
    assert done.returncode == 0, done.stderr
    return venv / "bin"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("CASEQA_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **extra}


def test_the_installed_wheel_indexes_and_answers(installed: Path,
                                                 tmp_path: Path) -> None:
    where = _run(installed / "python", "-c", "import qa, index; print(qa.__file__, "
                 "index.__file__)", cwd=tmp_path, env=_env())
    assert str(ROOT) not in where.stdout and "site-packages" in where.stdout, where

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "seeds", docs)
    index = _run(installed / "caseqa", "index", docs, "--index-dir", tmp_path / "idx", "-q",
                 cwd=tmp_path, env=_env())
    assert index.returncode == 0, index.stderr
    assert "1 added" in index.stdout

    # The LLM answerer reads prompts/ when it is built; the server is down, so the answer
    # falls back to the extractive one with a warning, and the prompts were found.
    ask = _run(installed / "caseqa", "ask", "which law puts the burden of proof on the victim?",
               "--mode", "llm", "--index-dir", tmp_path / "idx", cwd=tmp_path,
               env=_env(CASEQA_LLM__BASE_URL="http://127.0.0.1:9/v1",
                        CASEQA_LLM__RETRIES="0"))
    assert ask.returncode == 0, ask.stderr
    assert "warning: the LLM could not answer" in ask.stderr
    assert "[1]" in ask.stdout and "characters" in ask.stdout, ask.stdout
