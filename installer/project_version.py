"""Print Relance's version, read from `app/__init__.py` without importing the application.

The version is written once, as a literal in `app/__init__.py` (pyproject.toml reads it from
there too), so the build scripts and the PyInstaller spec ask this file:

    python3 installer/project_version.py
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read_version(root: Path = ROOT) -> str:
    """The `__version__` literal of `app/__init__.py` under *root*."""
    tree = ast.parse((root / "app" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    raise LookupError(f"no __version__ literal in {root / 'app' / '__init__.py'}")


if __name__ == "__main__":
    sys.stdout.write(read_version() + "\n")
