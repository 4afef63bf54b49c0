"""The long kill series: ``caseqa index`` of a new batch killed with SIGKILL at 20 or more
points spread over the build (events: first vectors cached, the commit, the FAISS and
manifest writes; then times from 5% to 100% of an uninterrupted build), while a real
``caseqa serve`` of the same index answers searches. After each kill the index must
load, hold all of the batch or none of it, and pass a whole check (every chunk's offsets
and vector, FAISS, keywords); the server must answer every search with exact spans.

    python bench/kill_series.py [--points 24] [--documents 80] [--work /tmp/caseqa-kill]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from killing import run_series, spread  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--points", type=int, default=24, help="kill points (at least 20)")
    parser.add_argument("--documents", type=int, default=80, help="documents per batch")
    parser.add_argument("--work", type=Path, default=None, help="work folder (kept)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="caseqa-kill-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    outcomes = run_series(work, spread(args.points), documents=args.documents)
    killed = [o for o in outcomes if o.killed_at is not None]
    phases = Counter(o.phase.split(" (")[0] for o in killed)
    print(f"\n{len(outcomes)} kill points tried, {len(killed)} killed a running build "
          f"({dict(phases)}); {sum(o.batch_in_index for o in outcomes)} batches were "
          f"committed whole before their kill, none in part; every index loaded and "
          f"checked; the server answered {sum(o.searches for o in outcomes)} searches "
          f"without an error; {time.monotonic() - started:.0f} s")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
