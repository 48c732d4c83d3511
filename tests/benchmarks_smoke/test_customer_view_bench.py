"""The customer-file benchmark builds a customer with exactly the number of events asked for."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import func, select

from app.db.models import HistoryEvent
from app.services.ledger import check_consistency

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from benchmarks.bench_customer_view import build_customer, measure  # noqa: E402


def test_a_small_customer_file_is_built_and_measured(tmp_path: Path, qapp: object) -> None:
    database, customer_id = build_customer(tmp_path / "file.sqlite3", 300)
    try:
        with database.session_factory() as session:
            assert session.scalar(select(func.count()).select_from(HistoryEvent)) == 300
            assert check_consistency(session) == []
        result = measure(database, customer_id, runs=1)
        assert result["events"] == 300
    finally:
        database.dispose()
