"""The environment of a child process whose messages a test reads in English.

The C locale names no language: Python 3.12 and later read it as none at all, and Relance then
speaks the desktop's languages (Qt reads `LANGUAGE`) or French. So a child that must answer in
English is told so by `LANGUAGE`, whatever locale and Python the tests run under.
"""

from __future__ import annotations

import os

ENGLISH = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "LANGUAGE": "en"}


def english_env(**extra: str) -> dict[str, str]:
    return {**os.environ, **ENGLISH, **extra}
