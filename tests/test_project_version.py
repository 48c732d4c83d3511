"""The build scripts read the version the application reports, without importing it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import app

ROOT = Path(__file__).resolve().parent.parent


def test_the_build_scripts_read_the_applications_version() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "installer" / "project_version.py")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout == app.__version__ + "\n"


def test_the_pyinstaller_spec_reads_its_version_through_that_script() -> None:
    spec = (ROOT / "installer" / "relance.spec").read_text(encoding="utf-8")
    assert "read_version(ROOT)" in spec
    for script in ("installer/macos/build.sh", "installer/windows/build.ps1"):
        assert "project_version.py" in (ROOT / script).read_text(encoding="utf-8"), script
