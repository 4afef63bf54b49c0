"""The short kill series (the long one is bench/kill_series.py): ``caseqa index`` killed
with SIGKILL once vectors are cached, at the commit, and as the FAISS file is written,
while ``caseqa serve`` answers searches of the same index (checks: tests/killing.py)."""

from __future__ import annotations

from pathlib import Path

from killing import Point, run_series


def test_killed_builds_leave_a_whole_index_that_keeps_answering(tmp_path: Path) -> None:
    points = [Point("event:cached", event="cached"), Point("event:committed", event="committed"),
              Point("event:faiss-tmp", event="faiss-tmp")]
    outcomes = run_series(tmp_path, points, documents=24)
    assert len(outcomes) == len(points)
    killed = [o for o in outcomes if o.killed_at is not None]
    assert len(killed) >= 2, outcomes  # the FAISS write may be over before it is seen
    assert all(o.searches >= 3 for o in outcomes)
