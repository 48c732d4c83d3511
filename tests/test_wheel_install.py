"""The wheel installs and works outside the checkout, in French (slow: `pytest -m slow`).

Built as `pip install .` or `python -m build` builds it, installed in a fresh virtual
environment, and run from another folder: nothing may come from the checkout, so the fonts,
translations and letter texts must be in the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from app import __version__

ROOT = Path(__file__).resolve().parents[1]
NOT_SOURCES = (".git", ".venv*", "venv", "build", "dist", "*.egg-info", "__pycache__", ".*cache")


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    assert result.returncode == 0, (args, result.stdout[-3000:], result.stderr[-3000:])
    return result


@pytest.mark.slow
def test_the_wheel_installed_elsewhere_prints_french_letters(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    source = tmp_path / "source"  # a copy: building writes build/ and *.egg-info beside it
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCES))
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
         tmp_path, env)  # fmt: skip
    (wheel,) = wheels.glob("relance-*.whl")
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path, env)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    _run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], tmp_path, env)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    french = {
        **env,
        "LANG": "fr_FR.UTF-8",
        "LC_ALL": "fr_FR.UTF-8",
        "LANGUAGE": "fr",
        "RELANCE_DATA_DIR": str(tmp_path / "data"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    relance = str(bin_dir / "relance")
    for command in ("relance", "relance-gui"):  # both read the same arguments
        version = _run([str(bin_dir / command), "--version"], elsewhere, french)
        assert version.stdout.strip() == f"Relance {__version__}"
    book = str(tmp_path / "data" / "livre.db")
    demo = _run([relance, "--db", book, "demo"], elsewhere, french)
    assert "clients et" in demo.stdout and "factures ajoutés" in demo.stdout
    aging = _run([relance, "--db", book, "aging"], elsewhere, french)
    assert "Non échu" in aging.stdout and "Plus de 90 jours" in aging.stdout
    letters = tmp_path / "lettres.pdf"
    run = _run([relance, "--db", book, "dunning", "run", "--letters", str(letters)], elsewhere,
               french)  # fmt: skip
    assert "lettres" in run.stdout
    with pdfplumber.open(letters) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages[:3])
    assert "Madame, Monsieur" in text or "Madame," in text or "Monsieur," in text
    assert "facture" in text.lower() and "€" in text
    assert not any(elsewhere.iterdir())  # nothing written where it was run from
