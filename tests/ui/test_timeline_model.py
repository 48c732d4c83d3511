"""The timeline model: newest first, filtered by groups of kinds and by words, accents aside."""

from __future__ import annotations

from datetime import UTC, datetime

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.events import EventGroup, EventKind, group_of
from app.services.customer_file import TimelineEvent
from app.ui.models.row_table import ROW_ROLE
from app.ui.models.timeline import WHAT, TimelineModel, TimelineProxy


def event(n: int, kind: EventKind, summary: str, number: str = "") -> TimelineEvent:
    at = datetime(2026, 11, n, 9, 30, tzinfo=UTC)
    return TimelineEvent(n, at, kind.value, group_of(kind), summary, None, number, None)


EVENTS = [
    event(1, EventKind.INVOICE_ISSUED, "Invoice FA-1 issued: €1,200.00", "FA-1"),
    event(2, EventKind.CALL, "Call with Mme Dupont: Promised to pay — rappeler après 17 h"),
    event(3, EventKind.PAYMENT_RECEIVED, "Payment of €500.00 received", "FA-1"),
    event(4, EventKind.DISPUTE_OPENED, "Dispute opened (Quality) on FA-1 (€700.00)", "FA-1"),
    event(5, EventKind.NOTE, "Pinned note: Gérant joignable le matin"),
]


def shown(proxy: TimelineProxy) -> list[int]:
    return [proxy.index(r, 0).data(ROW_ROLE).id for r in range(proxy.rowCount())]


def make(qtbot: QtBot) -> tuple[TimelineModel, TimelineProxy]:
    model = TimelineModel()
    proxy = TimelineProxy()
    proxy.setSourceModel(model)
    model.set_rows(EVENTS)
    return model, proxy


def test_timeline_is_newest_first(qtbot: QtBot) -> None:
    _model, proxy = make(qtbot)
    assert shown(proxy) == [5, 4, 3, 2, 1]
    assert proxy.index(0, WHAT).data() == "Note"


def test_groups_filter_and_combine(qtbot: QtBot) -> None:
    _model, proxy = make(qtbot)
    proxy.set_groups({EventGroup.CALLS})
    assert shown(proxy) == [2]
    proxy.set_groups({EventGroup.PAYMENTS, EventGroup.DISPUTES})
    assert shown(proxy) == [4, 3]
    proxy.set_groups(set())
    assert shown(proxy) == [5, 4, 3, 2, 1]


def test_search_ignores_case_and_accents_and_combines_with_groups(qtbot: QtBot) -> None:
    _model, proxy = make(qtbot)
    proxy.set_search("apres 17")
    assert shown(proxy) == [2]
    proxy.set_search("GERANT")
    assert shown(proxy) == [5]
    proxy.set_search("fa-1")
    assert shown(proxy) == [4, 3, 1]
    proxy.set_groups({EventGroup.INVOICES})
    assert shown(proxy) == [1]


def test_timeline_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    model, proxy = make(qtbot)
    qtmodeltester.check(model)
    proxy.set_groups({EventGroup.NOTES})
    qtmodeltester.check(proxy)


def test_a_search_follows_rows_set_anew_and_a_sort(qtbot: QtBot) -> None:
    model, proxy = make(qtbot)
    proxy.set_search("fa-1")
    assert shown(proxy) == [4, 3, 1]
    model.set_rows([*EVENTS, event(6, EventKind.NOTE, "Relancer FA-1 lundi")])
    assert shown(proxy) == [6, 4, 3, 1]  # the new row is searched, not the old keys
    model.set_rows(EVENTS[:2])
    assert shown(proxy) == [1]
    model.set_rows(EVENTS)
    model.sort(WHAT)
    assert sorted(shown(proxy)) == [1, 3, 4]


def test_the_searched_proxy_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    model, proxy = make(qtbot)
    proxy.set_search("fa-1")
    qtmodeltester.check(proxy)
    model.set_rows([*EVENTS, event(6, EventKind.NOTE, "Relancer FA-1 lundi")])
    qtmodeltester.check(proxy)
