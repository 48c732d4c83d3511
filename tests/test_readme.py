"""The README's command-line examples run as written and leave nothing behind in the checkout."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _examples() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Command line", 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert match is not None
    return match.group(1)


def _untracked() -> set[str]:
    """Files git does not track, ignored ones included (a database, a PDF, a backups folder)."""
    result = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all", "--ignored"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return {line for line in result.stdout.splitlines() if line.startswith(("??", "!!"))}


@pytest.mark.skipif(
    shutil.which("bash") is None or not (ROOT / ".git").exists(), reason="needs bash and git"
)
def test_the_command_line_examples_run_and_write_nothing_in_the_checkout(tmp_path: Path) -> None:
    script = _examples().replace(".venv/bin/python", shlex.quote(sys.executable))
    env = {
        **os.environ,
        "TMPDIR": str(tmp_path),  # where `mktemp -d` makes the scratch folder
        "RELANCE_DATA_DIR": str(tmp_path / "data"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "LANGUAGE": "en",
    }
    before = _untracked()
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Recorded:" in result.stdout  # the payment went to the demo customer named
    assert "Backup written to" in result.stdout
    (scratch,) = (p for p in tmp_path.iterdir() if p.name.startswith("tmp"))
    assert (scratch / "letters.pdf").stat().st_size > 0
    assert _untracked() == before
