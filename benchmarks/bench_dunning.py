"""The day's proposals on a big book, then 1,000 letters into one PDF, against bare ReportLab.

    python -m benchmarks.bench_dunning [--customers 20000] [--invoices 300000] [--letters 1000]

1. `propose` (what `dunning propose` runs) on the cached book of `benchmarks.book`: the read of
   every open invoice, disputes, promises and previous reminders, the engine, the penalties.
2. The first `--letters` proposals (cycled if there are fewer) are composed into letters and
   rendered by `LetterRenderer` into one batch PDF, timed without the composing; peak memory is
   the process's after rendering.
3. The baseline draws the same pages with bare canvas calls: the same text lines at the same
   places, in the same embedded font, each letter's paragraphs pre-wrapped and its invoices as
   plain rows; no tables, no QR code. The ratio says what the layout engine costs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from datetime import date
from pathlib import Path

from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from app.db.migrate import open_database
from app.domain.calendar import Clock
from app.letters.content import Letter
from app.letters.fonts import BOLD, REGULAR, register_fonts
from app.letters.geometry import MM
from app.letters.render import LetterRenderer
from app.services.dunning import DunningProposal, propose
from app.services.dunning_run import run_reminders
from app.services.letters import compose, sender_of
from app.services.settings import load_company
from benchmarks.bench_queries import peak_rss_mb
from benchmarks.book import AS_OF, OUT_DIR, cached_book


def bare_canvas(letters: list[Letter], path: Path) -> int:
    """The same words at the same kind of places, drawn line by line."""
    register_fonts()
    canvas = Canvas(str(path), pagesize=(210 * MM, 297 * MM), pageCompression=1)
    pages = 0
    for letter in letters:
        y = 297 * MM - 20 * MM
        canvas.setFont(BOLD, 12.5)
        canvas.drawString(20 * MM, y, "Bureautique Lyonnaise")
        for number, line in enumerate(letter.recipient):
            canvas.setFont(REGULAR, 9.5)
            canvas.drawString(104 * MM, 297 * MM - (46 + 4 * number) * MM, line)
        y = 297 * MM - 88 * MM
        canvas.setFont(BOLD, 10)
        canvas.drawString(20 * MM, y, letter.subject)
        canvas.setFont(REGULAR, 9.5)
        for paragraph in (letter.salutation, *letter.paragraphs, letter.closing):
            for line in simpleSplit(paragraph, REGULAR, 9.5, 175 * MM):
                y -= 13.2
                if y < 20 * MM:
                    canvas.showPage()
                    pages += 1
                    canvas.setFont(REGULAR, 9.5)
                    y = 297 * MM - 22 * MM
                canvas.drawString(20 * MM, y, line)
            y -= 7
        for invoice in letter.invoices:
            y -= 11
            if y < 20 * MM:
                canvas.showPage()
                pages += 1
                canvas.setFont(REGULAR, 8.2)
                y = 297 * MM - 22 * MM
            canvas.setFont(REGULAR, 8.2)
            canvas.drawString(20 * MM, y, invoice.number)
            canvas.drawRightString(150 * MM, y, str(invoice.amount_cents))
            canvas.drawRightString(180 * MM, y, str(invoice.due_cents))
        canvas.setFont(REGULAR, 6.5)
        canvas.drawCentredString(105 * MM, 10 * MM, "Bureautique Lyonnaise SAS · RCS Lyon")
        canvas.showPage()
        pages += 1
    canvas.save()
    return pages


def chosen_refs(chosen: list[DunningProposal]) -> set[str]:
    return {item.proposal.customer.ref for item in chosen}


def full_run(book: Path, refs: set[str], as_of: date) -> tuple[float, int]:
    """`dunning run` for those customers on a copy of the book: letters composed, each archived
    with its hash, the batch PDF, the database rows and history; the commit included."""
    copy = OUT_DIR / "run-book.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(book, copy)
    database = open_database(copy, backup=False)
    with database.session_factory.begin() as session:
        plan = propose(session, as_of)
    items = [p for p in plan.proposals if p.proposal.customer.ref in refs]
    started = time.perf_counter()
    with database.session_factory.begin() as session:
        result = run_reminders(
            session,
            Clock.fixed(as_of),
            items,
            as_of=as_of,
            database_dir=OUT_DIR / "run",
            letters_pdf=OUT_DIR / "run-letters.pdf",
        )
    elapsed = time.perf_counter() - started
    database.dispose()
    shutil.rmtree(OUT_DIR / "run", ignore_errors=True)
    return elapsed, result.pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--invoices", type=int, default=300_000)
    parser.add_argument("--letters", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    path = cached_book(args.customers, args.invoices)
    database = open_database(path, backup=False)
    as_of: date = AS_OF
    timings = []
    for _run in range(args.runs):
        with database.session_factory.begin() as session:
            started = time.perf_counter()
            plan = propose(session, as_of)
            timings.append(time.perf_counter() - started)
            session.rollback()  # leave the cached book as it was (the shipped policies)
    with database.session_factory() as session:
        plan = propose(session, as_of)
        chosen = [plan.proposals[i % len(plan.proposals)] for i in range(args.letters)]
        started = time.perf_counter()
        letters = [compose(session, item, as_of) for item in chosen]
        composed = time.perf_counter() - started
        sender = sender_of(load_company(session))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    placed = LetterRenderer(sender, "fr").render(letters, OUT_DIR / "letters.pdf")
    rendered = time.perf_counter() - started
    rss = peak_rss_mb()
    started = time.perf_counter()
    bare_pages = bare_canvas(letters, OUT_DIR / "letters-bare.pdf")
    bare = time.perf_counter() - started
    run_seconds, run_pages = full_run(path, chosen_refs(chosen), as_of)
    result = {
        "customers": args.customers,
        "invoices": args.invoices,
        "proposals": len(plan.proposals),
        "skipped": len(plan.skipped),
        "propose_s": {
            "median": round(sorted(timings)[len(timings) // 2], 3),
            "max": round(max(timings), 3),
        },
        "letters": len(letters),
        "compose_s": round(composed, 2),
        "render_s": round(rendered, 2),
        "pages": placed[-1].last_page,
        "pdf_mb": round((OUT_DIR / "letters.pdf").stat().st_size / 1e6, 1),
        "peak_rss_mb": round(rss),
        "bare_canvas_s": round(bare, 2),
        "bare_pages": bare_pages,
        "ratio": round(rendered / bare, 1),
        "dunning_run_s": round(run_seconds, 2),
        "dunning_run_pages": run_pages,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
