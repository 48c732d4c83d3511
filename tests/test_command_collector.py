"""A command runs with the cycle collector's first threshold raised, and gives it back."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from app import cli
from app.collector import COMMAND_THRESHOLD, sparse_collections


def test_the_threshold_is_raised_for_the_block_and_given_back_even_on_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), sparse_collections():
        assert gc.get_threshold() == (COMMAND_THRESHOLD, *before[1:])
        raise RuntimeError
    assert gc.get_threshold() == before


def test_a_higher_threshold_already_set_is_kept() -> None:
    before = gc.get_threshold()
    gc.set_threshold(COMMAND_THRESHOLD * 2, *before[1:])
    try:
        with sparse_collections():
            assert gc.get_threshold()[0] == COMMAND_THRESHOLD * 2
    finally:
        gc.set_threshold(*before)


def test_a_command_runs_with_it_and_leaves_the_thresholds_as_they_were(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[tuple[int, ...]] = []
    run = cli._run

    def spy(*args: object) -> int:
        seen.append(gc.get_threshold())
        return run(*args)  # type: ignore[arg-type]

    before = gc.get_threshold()
    monkeypatch.setattr(cli, "_run", spy)
    assert cli.main(["--db", str(db_path), "aging", "--format", "json"]) == 0
    assert seen == [(COMMAND_THRESHOLD, *before[1:])]
    assert gc.get_threshold() == before
    capsys.readouterr()
