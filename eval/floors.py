"""The regression gate: headline metrics must not fall below the floors kept in the repo."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.errors import EvalError


@dataclass(frozen=True)
class Breach:
    """A metric below its floor (``value`` None: the run did not measure it)."""

    metric: str
    value: float | None
    floor: float

    def __str__(self) -> str:
        got = "not measured" if self.value is None else f"{self.value:.4f}"
        return f"{self.metric}: {got} < floor {self.floor:.4f}"


def read_floors(path: Path) -> dict[str, float]:
    """The ``floors`` object of a floors file: metric name -> lowest acceptable value."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvalError(f"{path}: cannot read the floors file ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise EvalError(f"{path}: invalid JSON ({exc.msg})") from exc
    floors = data.get("floors") if isinstance(data, dict) else None
    if not isinstance(floors, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in floors.values()):
        raise EvalError(f'{path}: expected {{"floors": {{"metric": number, ...}}}}')
    return {str(k): float(v) for k, v in floors.items()}


def lookup(name: str, metrics: Mapping[str, float | None],
           curves: Mapping[str, Sequence[float]]) -> float | None:
    """A run's metric by name; ``evidence_recall@3`` and the like also read the curves."""
    if metrics.get(name) is not None:
        return metrics[name]
    curve, _, at = name.rpartition("@")
    if curve in curves and at.isdigit() and 1 <= int(at) <= len(curves[curve]):
        return curves[curve][int(at) - 1]
    return None


def check_floors(metrics: Mapping[str, float | None], floors: Mapping[str, float],
                 curves: Mapping[str, Sequence[float]] | None = None) -> list[Breach]:
    """Every metric below its floor, or missing, in the floors' order."""
    breaches = []
    for name, floor in floors.items():
        value = lookup(name, metrics, curves or {})
        if value is None or value < floor:
            breaches.append(Breach(name, value, floor))
    return breaches
