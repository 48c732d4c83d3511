"""ReportLab draws letters with its C accelerators (the `accel` extra of the dependency): without
them, formatting numbers and measuring text in Python doubled the time of a batch of letters."""

from __future__ import annotations

import types

from reportlab.lib import rl_accel


def test_reportlab_uses_its_c_accelerators() -> None:
    for name in ("fp_str", "asciiBase85Encode", "instanceStringWidthTTF", "escapePDF"):
        function = getattr(rl_accel, name)
        assert isinstance(function, types.BuiltinFunctionType), f"{name} is ReportLab's Python one"
