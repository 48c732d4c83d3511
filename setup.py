"""Packaging that pyproject.toml cannot say: the top-level resources/ folder ships in the wheel.

`resources/` (fonts, translations, letter texts, icons) and the user guides in `docs/` install
as the package `relance_resources`, found with importlib.resources (see `app.paths`).
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(include=["app", "app.*"], exclude=["*.__pycache__"]),
        "relance_resources",
        "relance_resources.docs",
    ],
    package_dir={"relance_resources": "resources", "relance_resources.docs": "docs"},
)
