"""The frozen application builds and runs here (slow: `pytest -m slow`, about a minute)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_pyinstaller_bundle_builds_and_starts() -> None:
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "build_bundle.sh")],
        cwd=ROOT,
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Relance " in result.stdout and "bundle OK" in result.stdout
