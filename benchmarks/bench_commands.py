"""Time daily commands as a script or a user runs them, on the goal-size book.

    python -m benchmarks.bench_commands [--customers 20000] [--invoices 300000] [--runs 5]

Each command is the whole process, `main.py --db BOOK …`, timed from its launch to its exit
(start-up, opening and checking the book, the work, the JSON written to a pipe):

- `aging --format json`, beside its bare reference: a child process of the same interpreter that
  computes the same buckets per customer and currency with the `sqlite3` module and one SQL
  query, and writes the same figures with the `json` module. Both outputs are compared, so the
  reference cannot drift from what the command says;
- `dunning propose --format json`;
- `--version`, beside a bare `python -c pass`.

The book is a copy of the cached one, made once, already opened by the application (migrated and
backed up today), as a user's book is after the day's first command. Rounds alternate the
command and its reference; the table gives min / median / max, the ratio of the medians and the
command's peak resident memory; the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "commands"
AS_OF = "2026-11-22"

# The bare aged balance: the same buckets (days past due: ≤ 0, ≤ 30, ≤ 60, ≤ 90, more) per
# customer and currency, amounts as the CLI writes them (integer cents to "1234.50").
BARE_AGING = r"""
import json, sqlite3, sys
from datetime import date, timedelta
book, as_of = sys.argv[1], date.fromisoformat(sys.argv[2])
cut = [(as_of - timedelta(days=d)).isoformat() for d in (0, 30, 60, 90)]
sql = '''SELECT c.ref, c.name, i.currency,
  SUM(CASE WHEN i.due_date >= :c0 THEN i.open_cents ELSE 0 END),
  SUM(CASE WHEN i.due_date >= :c1 AND i.due_date < :c0 THEN i.open_cents ELSE 0 END),
  SUM(CASE WHEN i.due_date >= :c2 AND i.due_date < :c1 THEN i.open_cents ELSE 0 END),
  SUM(CASE WHEN i.due_date >= :c3 AND i.due_date < :c2 THEN i.open_cents ELSE 0 END),
  SUM(CASE WHEN i.due_date < :c3 THEN i.open_cents ELSE 0 END)
FROM customers c JOIN invoices i ON i.customer_id = c.id
WHERE i.open_cents > 0 GROUP BY c.id, i.currency ORDER BY c.ref, i.currency'''
db = sqlite3.connect(f"file:{book}?mode=ro", uri=True)
rows = db.execute(sql, {f"c{n}": d for n, d in enumerate(cut)}).fetchall()
plain = lambda cents: f"{'-' if cents < 0 else ''}{abs(cents) // 100}.{abs(cents) % 100:02d}"
names = ("not_due", "1-30", "31-60", "61-90", "over_90")
out = [{"customer_ref": r[0], "name": r[1], "currency": r[2], "total": plain(sum(r[3:])),
        "buckets": dict(zip(names, map(plain, r[3:])))} for r in rows]
sys.stdout.write(json.dumps({"customers": out}, ensure_ascii=False))
"""


def timed(command: list[str], env: dict[str, str], output: Path) -> tuple[float, int]:
    """Wall-clock seconds of one child process and its own peak resident memory (KB); its output
    goes to a file. This process stays small (it never holds an output): Linux counts in a
    child's peak the memory of the process it was forked from."""
    errors = OUT / "stderr.txt"
    with errors.open("wb") as stderr, output.open("wb") as stdout:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{command[2:]} failed: {errors.read_text(errors='replace')}")
    return elapsed, usage.ru_maxrss


def cached(customers: int, invoices: int) -> Path:
    """The cached book, found (or made) by a child: this process stays without the application's
    modules, whose memory a child would otherwise count as its own from the fork."""
    sizes = ["--customers", str(customers), "--invoices", str(invoices)]
    made = subprocess.run(
        [sys.executable, "-m", "benchmarks.book", *sizes],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(made.stdout.rsplit(": ", 1)[0])


SAME_AGING = r"""
import json, sys
command = json.load(open(sys.argv[1], encoding="utf-8"))["customers"]
bare = json.load(open(sys.argv[2], encoding="utf-8"))["customers"]
keys = ("customer_ref", "name", "currency", "total", "buckets")
sys.exit(0 if [{k: c[k] for k in keys} for c in command] == bare else 1)
"""


def same_aging(command_out: Path, bare_out: Path) -> bool:
    """Whether the command and the bare script give the same figures per customer (compared in
    a child, so that this process does not grow by the size of a large book's report)."""
    compared = subprocess.run(
        [sys.executable, "-c", SAME_AGING, command_out, bare_out], check=False
    )
    return compared.returncode == 0


def summary(values: list[float]) -> str:
    return f"{min(values):6.2f} {statistics.median(values):6.2f} {max(values):6.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--invoices", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    book = OUT / "book.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{book}{suffix}").unlink(missing_ok=True)
    shutil.copy(cached(args.customers, args.invoices), book)
    env = {**os.environ, "RELANCE_DATA_DIR": str(OUT / "data"), "LANG": "C.UTF-8"}
    main_py = [sys.executable, str(ROOT / "main.py"), "--db", str(book)]
    subprocess.run([*main_py, "aging", "--as-of", AS_OF], env=env, capture_output=True, check=True)

    large = args.invoices >= 1_000_000  # the second column: 100,000 / 1.5 M
    commands = {
        "aging": (
            [*main_py, "aging", "--as-of", AS_OF, "--format", "json"],
            [sys.executable, "-c", BARE_AGING, str(book), AS_OF],
            "< 3 s, ≤ 1.5× bare" if large else "< 0.9 s, ≤ 1.5× bare",
        ),
        "propose": (
            [*main_py, "dunning", "propose", "--as-of", AS_OF, "--format", "json"],
            None,
            "< 6 s, < 800 MB" if large else "< 1.5 s, < 300 MB",
        ),
        "version": (
            [sys.executable, str(ROOT / "main.py"), "--version"],
            [sys.executable, "-c", "pass"],
            "< 0.15 s",
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    bare_times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, int] = dict.fromkeys(commands, 0)
    print(f"book: {args.customers} customers, {args.invoices} invoices, as of {AS_OF}")
    print("load average before:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    for run in range(1, args.runs + 1):
        for name, (command, bare, _target) in commands.items():
            out, bare_out = OUT / f"{name}.out", OUT / f"{name}.bare.out"
            seconds, peak = timed(command, env, out)
            times[name].append(seconds)
            peaks[name] = max(peaks[name], peak)
            line = f"  run {run} {name:<8} command {seconds:6.2f} s"
            if bare is not None:
                bare_seconds, _peak = timed(bare, env, bare_out)
                bare_times[name].append(bare_seconds)
                line += f"  bare {bare_seconds:6.2f} s"
                if name == "aging" and not same_aging(out, bare_out):
                    raise SystemExit("the bare aged balance differs from the command's")
            print(line, flush=True)
    print("load average after: ", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"{args.runs} runs, seconds as min / median / max (wall clock), as of {date.today()}")
    for name, (_command, _bare, target) in commands.items():
        median = statistics.median(times[name])
        line = f"  {name:<8} command {summary(times[name])}"
        if bare_times[name]:
            ratio = median / statistics.median(bare_times[name])
            line += f"   bare {summary(bare_times[name])}   ratio {ratio:4.1f}×"
        print(f"{line}   peak {peaks[name] / 1024:4.0f} MB   target {target}")


if __name__ == "__main__":
    main()
