"""Started by a windowed launcher (no standard streams), a command does its work and exits with
its status, without a traceback for want of somewhere to write."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import sys\n"
    "sys.stdout = sys.stderr = None  # as pythonw and a windowed frozen application start\n"
    "from app.cli import main\n"
    "raise SystemExit(main(sys.argv[1:]))\n"
)


def without_streams(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, *arguments],
        cwd=ROOT,
        env={"RELANCE_DATA_DIR": str(tmp_path / "data"), "PATH": "", "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("arguments", "status"),
    [
        (("demo", "--customers", "3"), 0),
        (("aging", "--format", "json"), 0),
        (("aging", "--as-of", "the day after"), 2),
        (("hold", "NOBODY", "--reason", "moved"), 2),
    ],
)
def test_a_command_without_streams_ends_with_its_status(
    tmp_path: Path, arguments: tuple[str, ...], status: int
) -> None:
    done = without_streams(tmp_path, "--db", str(tmp_path / "relance.sqlite3"), *arguments)
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr


def test_a_refusal_without_streams_ends_with_its_status(tmp_path: Path) -> None:
    done = without_streams(tmp_path, "--db", str(tmp_path), "aging")  # a folder: refused
    assert done.returncode == 1 and "Traceback" not in done.stderr
