"""Where the time of one ``caseqa ask`` from a shell goes: a fresh process per run.

Prints, for each stage, the median seconds over ``--runs`` fresh interpreters: importing
the CLI, reading the settings, importing the service (numpy, FAISS, pydantic...),
opening the index, loading the embedding model, and answering (the first embedding and
answer included); then the wall time of the whole ``caseqa ask`` command.

    python bench/cold_start.py --runs 3        # on a quiet machine, for the figures
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "which law puts the burden of proof on the victim?"

STAGES = r"""
import json, sys, time
from pathlib import Path
t = time.perf_counter(); marks = {}
def mark(name):
    global t
    now = time.perf_counter(); marks[name] = now - t; t = now
import qa.cli; mark("import qa.cli")
from qa.settings import Settings
settings = Settings().with_index_dir(Path(sys.argv[1])); mark("settings")
import asyncio
from qa.service import QAService
from qa.models import Question
mark("import qa.service")
from index.store import Store
store = Store.open(settings.index); mark("open index")
from index.embedding import load_embedder
emb = settings.index.embedding
embedder = load_embedder(emb.model, emb.device); mark("load model")
service = QAService(settings, store, embedder)
answer = asyncio.run(service.ask(Question(sys.argv[2]))); mark("first answer")
print(json.dumps(marks))
"""


def build_seed_index(index: Path, env: dict[str, str]) -> None:
    """``caseqa index seeds/`` into ``index`` in a child process with ``env``."""
    subprocess.run([sys.executable, "-m", "qa.cli", "index", str(ROOT / "seeds"),
                    "--index-dir", str(index), "-q"], check=True, env=env, cwd=ROOT)


def ask_seconds(index: Path, env: dict[str, str], question: str = QUESTION) -> float:
    """Wall seconds of one whole ``caseqa ask`` command, a fresh process, on ``index``."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "qa.cli", "ask", question, "--index-dir",
                           str(index)], env=env, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"caseqa ask failed ({done.returncode}):\n{done.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index"
        build_seed_index(index, env)
        stages: dict[str, list[float]] = {}
        walls = []
        for _ in range(args.runs):
            done = subprocess.run([sys.executable, "-c", STAGES, str(index), QUESTION],
                                  env=env, cwd=ROOT, capture_output=True, text=True)
            if done.returncode:
                sys.exit(f"the staged run failed:\n{done.stderr}")
            out = done.stdout
            for name, seconds in json.loads(out.strip().splitlines()[-1]).items():
                stages.setdefault(name, []).append(seconds)
            walls.append(ask_seconds(index, env))
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; "
          f"median of {args.runs} fresh processes")
    for name, values in stages.items():
        print(f"  {name:<18} {statistics.median(values):6.2f} s")
    print(f"  {'caseqa ask (wall)':<18} {statistics.median(walls):6.2f} s")


if __name__ == "__main__":
    main()
