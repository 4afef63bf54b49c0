"""Sub-commands beyond ``index``, each registered by the module that implements it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

Register = Callable[[Any, type[argparse.HelpFormatter], Callable[[argparse.ArgumentParser], None]],
                    None]

REGISTRY: dict[str, Register] = {}
