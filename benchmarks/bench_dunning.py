"""The day's proposals on a big book, then 1,000 letters: rendered alone, and as a whole
`dunning run` command, each beside bare ReportLab drawing the same content.

    python -m benchmarks.bench_dunning [--customers 20000] [--invoices 300000] [--letters 1000]

1. `propose` (what `dunning propose` runs) on the cached book of `benchmarks.book`: the read of
   every open invoice, disputes, promises and previous reminders, the engine, the penalties.
2. The first `--letters` proposals (cycled if there are fewer) are composed into letters and
   rendered by `LetterRenderer` into one batch PDF, timed without the composing; peak memory is
   the process's after rendering.
3. The whole `dunning run` command (`main.py --db COPY dunning run --letters OUT.pdf --email
   none`), timed as a process from its launch to its exit, on a copy of the book where those
   customers alone are due a reminder (the others on hold) and the company profile is filled
   in, as a user's is: start-up, proposals, every letter composed, drawn and archived with its
   hash, the batch PDF, the database rows and history, the commit.
4. The bare reference draws the same letters with canvas calls: the same text lines at the same
   places in the same embedded font, each letter's paragraphs pre-wrapped, its invoices as ruled
   table rows and its EPC QR code as vector squares, as the letters draw theirs. The ratios say
   what the layout engine, and the whole command, cost over drawing alone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import update

from app.db.migrate import open_database
from app.db.models import Customer
from app.letters.content import Letter, Sender
from app.letters.fonts import BOLD, REGULAR, register_fonts
from app.letters.geometry import MM
from app.letters.render import LetterRenderer
from app.letters.story import dark_runs, epc_qr
from app.services.dunning import DunningProposal, propose
from app.services.letters import compose, sender_of
from app.services.settings import CompanyProfile, save_company
from benchmarks.bench_queries import peak_rss_mb
from benchmarks.book import AS_OF, OUT_DIR, cached_book

ROOT = Path(__file__).resolve().parent.parent


COMPANY = CompanyProfile(  # a complete profile: a run refuses to post letters nobody signs
    name="Bureautique Lyonnaise",
    legal_form="SAS",
    address_line1="12 rue de la République",
    postcode="69002",
    city="Lyon",
    iban="FR7630006000011234567890189",
    bic="AGRIFRPP",
    email="compta@bureautique-lyonnaise.example",
    phone="04 72 00 00 00",
    signatory_name="Claire Martin",
    signatory_title="Gérante",
)


def bare_qr(canvas: Canvas, sender: Sender, letter: Letter, x: float, y: float) -> None:
    """The letter's EPC QR code, as the letters draw it: one path of the dark runs."""
    qr = epc_qr(sender, letter)
    if qr is None:
        return
    unit = 24 * MM / (len(qr.matrix) + 4)
    path = canvas.beginPath()
    for row, (start, length) in dark_runs(qr.matrix):
        path.rect(x + (start + 2) * unit, y - (row + 2) * unit, length * unit, unit)
    canvas.drawPath(path, stroke=0, fill=1)


def bare_canvas(letters: list[Letter], path: Path, sender: Sender) -> int:
    """The same words at the same kind of places, drawn line by line; tables ruled, QR codes
    drawn."""
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
            canvas.line(20 * MM, y - 3, 190 * MM, y - 3)
        if y < 50 * MM:
            canvas.showPage()
            pages += 1
            y = 297 * MM - 22 * MM
        bare_qr(canvas, sender, letter, 20 * MM, y - 8 * MM)
        canvas.setFont(REGULAR, 6.5)
        canvas.drawCentredString(105 * MM, 10 * MM, "Bureautique Lyonnaise SAS · RCS Lyon")
        canvas.showPage()
        pages += 1
    canvas.save()
    return pages


def chosen_refs(chosen: list[DunningProposal]) -> set[str]:
    return {item.proposal.customer.ref for item in chosen}


def run_book(book: Path, refs: set[str]) -> Path:
    """A copy of the book where only `refs` are due a reminder (the others on hold) and the
    company profile is complete."""
    copy = OUT_DIR / "run-book.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(book, copy)
    database = open_database(copy, backup=False)
    with database.session_factory.begin() as session:
        save_company(session, COMPANY)
        session.execute(
            update(Customer).where(Customer.ref.not_in(sorted(refs))).values(on_hold=True)
        )
    database.dispose()
    return copy


def full_run(book: Path, refs: set[str], as_of: date) -> tuple[float, dict[str, object]]:
    """The whole `dunning run` command on a copy of the book made for it, timed as a process:
    its wall-clock seconds and its JSON."""
    copy = run_book(book, refs)
    shutil.rmtree(OUT_DIR / "documents", ignore_errors=True)
    command = [
        sys.executable, str(ROOT / "main.py"), "--db", str(copy), "dunning", "run",
        "--as-of", as_of.isoformat(), "--letters", str(OUT_DIR / "run-letters.pdf"),
        "--email", "none", "--accept-last-rates", "--format", "json",
    ]  # fmt: skip
    env = {**os.environ, "RELANCE_DATA_DIR": str(OUT_DIR / "data"), "LANG": "C.UTF-8"}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"dunning run failed: {done.stderr}")
    return elapsed, json.loads(done.stdout)


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
        sender = sender_of(COMPANY)  # as the run's copy of the book is signed
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    placed = LetterRenderer(sender, "fr").render(letters, OUT_DIR / "letters.pdf")
    rendered = time.perf_counter() - started
    rss = peak_rss_mb()
    bare_times = []
    for _run in range(args.runs):
        started = time.perf_counter()
        bare_pages = bare_canvas(letters, OUT_DIR / "letters-bare.pdf", sender)
        bare_times.append(time.perf_counter() - started)
    bare = statistics.median(bare_times)
    refs = chosen_refs(chosen)
    runs = [full_run(path, refs, as_of) for _run in range(args.runs)]
    run_times = [seconds for seconds, _out in runs]
    ran = runs[-1][1]
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
        "dunning_run_command_s": {
            "min": round(min(run_times), 2),
            "median": round(statistics.median(run_times), 2),
            "max": round(max(run_times), 2),
        },
        "dunning_run_letters": ran["letters"],
        "dunning_run_pages": ran["pages"],
        "dunning_run_ratio_to_bare": round(statistics.median(run_times) / bare, 1),
        "target": "1,000 letters, whole dunning run < 8 s, ratio to bare canvas reported",
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
