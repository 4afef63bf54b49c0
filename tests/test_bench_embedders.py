"""bench/embedders.py's arithmetic and table (its timings are a benchmark, not a test)."""

from __future__ import annotations

from bench.embedders import BASELINE, Row, Sample, markdown_table, run_order, summarise


def sample(index_seconds: float, queries: list[float], ask: float) -> Sample:
    return Sample(dimension=384, torch=False, chunks=100, index_seconds=index_seconds,
                  index_bytes=250_000, query_seconds=queries, ask_seconds=ask)


def row(model: str, speed: float, p50: float, ask: float, torch: bool = False) -> Row:
    return Row(model=model, dimension=384, torch=torch, chunks=100, chunks_per_s=speed,
               query_p50_ms=p50, query_p95_ms=2 * p50, ask_s=ask, bytes_per_chunk=2500)


def cells(table: str, model: str) -> list[str]:
    line = next(x for x in table.splitlines() if f"`{model}`" in x)
    return [c.strip() for c in line.strip("|").split("|")]


def test_every_model_takes_every_place_over_as_many_runs() -> None:
    models = ["a", "b", "c"]
    orders = [run_order(models, run) for run in range(3)]
    assert orders[0] == models
    for place in range(3):
        assert sorted(order[place] for order in orders) == models
    assert run_order(models, 3) == models


def test_the_figures_are_medians_over_runs_of_per_run_percentiles() -> None:
    runs = [sample(10.0, [0.001, 0.002, 0.003], 4.0),   # 10 chunks/s, p50 2 ms
            sample(2.0, [0.010, 0.020, 0.030], 1.0),    # 50 chunks/s, p50 20 ms
            sample(5.0, [0.004, 0.005, 0.006], 2.0)]    # 20 chunks/s, p50 5 ms
    got = summarise("m", runs)
    assert got.chunks_per_s == 20.0 and got.ask_s == 2.0
    assert abs(got.query_p50_ms - 5.0) < 1e-9
    assert abs(got.query_p95_ms - 5.9) < 1e-9  # runs' p95: 2.9, 29, 5.9 ms
    assert got.bytes_per_chunk == 2500


def test_ratios_are_to_the_torch_row_and_absent_without_it() -> None:
    rows = [row(BASELINE, 40.0, 10.0, 8.0, torch=True), row("onnx:x", 80.0, 5.0, 2.0)]
    table = markdown_table(rows)
    assert len(table.splitlines()) == 4
    assert cells(table, BASELINE)[2] == "yes" and cells(table, "onnx:x")[2] == "no"
    assert [cells(table, BASELINE)[i] for i in (5, 8, 10)] == ["1.00x"] * 3
    assert [cells(table, "onnx:x")[i] for i in (4, 5, 6, 7, 8, 9, 10)] == [
        "80.0", "2.00x", "5.0", "10.0", "0.50x", "2.00", "0.25x"]
    alone = markdown_table(rows[1:])
    assert [cells(alone, "onnx:x")[i] for i in (5, 8, 10)] == ["–"] * 3
