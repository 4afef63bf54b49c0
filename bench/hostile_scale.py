"""A JSONL of a million tiny documents through `caseqa index`: it must index them all (or
refuse with a message), in bounded time and memory, and leave an index that loads, whose
every chunk's offsets match (tests/hardening.py check_index) and that answers searches.

By default the CLI runs with a fast hashing embedder registered through the embedder
extension point (this measures the store at scale, not the model); `--model real` uses
the bundled all-MiniLM-L6-v2 (about an hour for a million on two cores).

    python bench/hostile_scale.py [--documents 1000000] [--model fake|real] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hardening import CASEQA, check_index, child_env  # noqa: E402

from index.settings import EmbeddingSettings, IndexSettings  # noqa: E402
from index.store import open_store  # noqa: E402

FAKE = "fake:bow"
#: The CLI with the tests' fast embedder registered (tests/conftest.py FakeEmbedder).
FAKE_CLI = [sys.executable, "-c", "import sys; sys.path[:0] = ['tests']; import conftest; "
            "from qa.cli import main; sys.exit(main(sys.argv[1:]))"]
TOPICS = ["consent", "deletion", "compensation", "apology", "notice", "storage", "sharing"]


def write_corpus(path: Path, documents: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(documents):
            out.write(json.dumps({"doc_id": f"tiny-{i}", "title": f"T{i}",
                                  "text": f"Note {i}: {TOPICS[i % 7]} of facial images "
                                          f"in district {i % 977}."}) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--model", choices=["fake", "real"], default="fake")
    parser.add_argument("--work", type=Path, default=None, help="work folder (kept)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="caseqa-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "tiny.jsonl"
    started = time.monotonic()
    write_corpus(corpus, args.documents)
    print(f"{corpus}: {args.documents} documents, {corpus.stat().st_size / 2**20:.0f} MiB, "
          f"written in {time.monotonic() - started:.0f} s", flush=True)

    settings = IndexSettings(dir=work / "index")
    env = child_env()
    command = [*CASEQA, "index"]
    if args.model == "fake":
        settings = settings.model_copy(update={"embedding": EmbeddingSettings(model=FAKE)})
        env["CASEQA_INDEX__EMBEDDING__MODEL"] = FAKE
        command = [*FAKE_CLI, "index"]
    started = time.monotonic()
    done = subprocess.run([*command, str(corpus), "--index-dir", str(settings.dir), "-q"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(f"caseqa index: exit {done.returncode} in {seconds:.0f} s, peak RSS "
          f"{peak / 2**20:.0f} MiB\n{done.stdout.strip()}\n{done.stderr.strip()[-2000:]}",
          flush=True)
    if done.returncode != 0:
        return 1

    started = time.monotonic()
    summary = check_index(settings)
    print(f"check_index: {summary} in {time.monotonic() - started:.0f} s", flush=True)
    store = open_store(settings)
    try:
        started = time.monotonic()
        hits = store.search_keywords("compensation facial district 12", 10)
        print(f"keyword search: {len(hits)} hits in {(time.monotonic() - started) * 1000:.0f} ms;"
              f" FAISS: {store.stats()['faiss']}")
    finally:
        store.close()
    ok = summary["documents"] == args.documents == summary["chunks"] and len(hits) == 10
    print("PASS" if ok else "FAIL")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
