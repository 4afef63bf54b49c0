"""``caseqa index``: help with examples, clear errors, progress and the summary line."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index.settings import IndexSettings
from index.store import Store
from qa.cli import main

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SUMMARY = re.compile(
    r"^(?P<dir>.+): (?P<added>\d+) added, (?P<replaced>\d+) replaced, "
    r"(?P<unchanged>\d+) unchanged, (?P<deleted>\d+) deleted; (?P<chunks>\d+) chunks written, "
    r"(?P<embedded>\d+) embedded; (?P<seconds>[\d.]+) s$")


def _summary(out: str) -> dict[str, str]:
    lines = out.strip().splitlines()
    assert lines, "nothing printed"
    match = SUMMARY.match(lines[-1])
    assert match, f"no summary line in {out!r}"
    return match.groupdict()


def _docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "one.txt").write_text("The court ordered the facial data deleted.", "utf-8")
    (folder / "two.md").write_text("# Two\n\nConsent must be informed and explicit.", "utf-8")
    return folder


def test_help_shows_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["index", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out
    assert "caseqa index seeds/" in out
    for option in ("--index-dir", "--prune", "--rebuild", "--quiet"):
        assert option in out


def test_bad_path_exits_2_with_a_message(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["index", str(tmp_path / "nowhere"), "--index-dir", str(tmp_path / "i")])
    err = capsys.readouterr().err
    assert code == 2
    assert err == f"caseqa: error: {tmp_path / 'nowhere'}: no such file or folder\n"
    assert not (tmp_path / "i" / "manifest.json").exists()


def test_unknown_option_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["index", "--no-such-option"])
    assert exited.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_summary_line_on_each_run(tmp_path: Path, index_settings: IndexSettings,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    folder = _docs(tmp_path)
    args = ["index", str(folder), "--index-dir", str(index_settings.dir), "-q"]
    assert main(args) == 0
    captured = capsys.readouterr()
    first = _summary(captured.out)
    assert captured.err == "", "-q shows no progress bar"
    assert first["dir"] == str(index_settings.dir)
    assert (first["added"], first["replaced"], first["unchanged"], first["deleted"]) == (
        "2", "0", "0", "0")
    assert int(first["chunks"]) == int(first["embedded"]) >= 2

    assert main(args) == 0
    again = _summary(capsys.readouterr().out)
    assert (again["added"], again["unchanged"], again["chunks"], again["embedded"]) == (
        "0", "2", "0", "0")

    (folder / "two.md").unlink()
    (folder / "one.txt").write_text("The court ordered the facial data erased.", "utf-8")
    assert main(args) == 0
    kept = _summary(capsys.readouterr().out)
    assert (kept["replaced"], kept["deleted"], kept["embedded"]) == ("1", "0", "1")
    assert Store.open(index_settings).count_documents() == 2, "without --prune nothing is deleted"

    assert main([*args, "--prune"]) == 0
    pruned = _summary(capsys.readouterr().out)
    assert (pruned["unchanged"], pruned["deleted"], pruned["embedded"]) == ("1", "1", "0")
    assert [d.doc_id for d in Store.open(index_settings).list_documents()] == ["one"]


def test_progress_bar_while_embedding(tmp_path: Path, index_settings: IndexSettings,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", str(_docs(tmp_path)), "--index-dir", str(index_settings.dir)]) == 0
    err = capsys.readouterr().err
    assert "embedding" in err and "chunk" in err


def test_seeds_and_the_index_dir_variable_are_the_defaults(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CASEQA_INDEX_DIR", str(tmp_path / "from-env"))
    assert main(["index", "-q"]) == 0
    summary = _summary(capsys.readouterr().out)
    assert summary["dir"] == str(tmp_path / "from-env") and summary["added"] == "1"
    store = Store.open(IndexSettings(dir=tmp_path / "from-env"))
    assert [d.doc_id for d in store.list_documents()] == [p.stem for p in SEEDS.glob("*.txt")]


def test_console_script_rerun_on_the_same_input_embeds_nothing(
        tmp_path: Path, index_settings: IndexSettings) -> None:
    folder = _docs(tmp_path)
    caseqa = Path(sys.executable).with_name("caseqa")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEQA_")}
    command = [str(caseqa), "index", str(folder), "--index-dir", str(index_settings.dir)]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300,
                           check=False)
    assert first.returncode == 0, first.stderr
    assert _summary(first.stdout)["added"] == "2"

    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300,
                           check=False)
    assert again.returncode == 0, again.stderr
    summary = _summary(again.stdout)
    assert summary["unchanged"] == "2" and summary["embedded"] == "0"


def test_a_rerun_on_the_same_input_never_loads_the_model(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # Loading the model alone takes seconds: a rerun that changes nothing must not. (Was
    # a wall-clock bound on the console script, which a busy machine broke: 5.25 s.)
    folder = _docs(tmp_path)
    index_dir = str(tmp_path / "index")
    assert main(["index", str(folder), "--index-dir", index_dir, "-q"]) == 0
    capsys.readouterr()

    def no_model(*args: object, **kwargs: object) -> object:
        raise AssertionError("the model was loaded")

    monkeypatch.setattr("index.ingest.load_embedder", no_model)
    assert main(["index", str(folder), "--index-dir", index_dir, "-q"]) == 0
    assert _summary(capsys.readouterr().out)["unchanged"] == "2"
