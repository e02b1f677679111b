"""Reliability suite: the hostile corpus (bench/hostile.py) through `copydesk analyze` and
`copydesk ingest`, each case in its own process, with a table of crashes, good articles kept,
time and peak memory.

usage: .venv/bin/python bench/reliability.py [--only NAME] [--skip-slow] [--timeout S] [--scenarios]

A crash is an exit status other than 0 or 1 (1: no article readable), a Python traceback
on stderr, or a run past the timeout. "kept" counts the good articles each case planted
that came out (every one must). Peak memory is the child's maximum RSS (``wait4``).
With ``--scenarios``, the store scenarios too (150 ECB+ articles): kill -9 during ingest three
times then one full run, two and three overlapping concurrent ingests, and `copydesk serve`
answering while an ingest writes; each checks integrity, one story per article, and that the
stories equal a clean `copydesk analyze`.
Writes bench/results/reliability.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile import CASES, Case, marker  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULT = ROOT / "bench" / "results" / "reliability.json"
COPYDESK = [sys.executable, "-m", "copydesk.cli"]


@dataclass
class Run:
    """One command on one case: how it ended and what it cost."""

    status: int | None  # exit status; None when killed at the timeout
    seconds: float
    peak_mb: float
    stderr: str

    @property
    def crashed(self) -> bool:
        return self.status not in (0, 1) or "Traceback (most recent call last)" in self.stderr


@dataclass
class Row:
    case: str
    mode: str  # analyze | ingest | a scenario's name
    crashed: bool
    kept: int
    good: int
    skipped: int  # inputs reported as skipped, with a reason
    seconds: float
    peak_mb: float
    note: str = ""
    detail: dict = field(default_factory=dict)


def run(cmd: list[str], timeout: float, cwd: Path) -> Run:
    """Run ``cmd``; kill it at ``timeout``; peak RSS from the kernel's accounting of that child."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        status, usage = _wait(proc.pid, timeout)
        seconds = time.perf_counter() - started
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(status, seconds, usage.ru_maxrss / 1024 if usage else 0.0, stderr)


def _wait(pid: int, timeout: float):  # noqa: ANN202 - (status or None, rusage)
    deadline = time.monotonic() + timeout
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status), usage
        if time.monotonic() > deadline:
            os.killpg(pid, signal.SIGKILL)  # its own session: the run and any pool workers
            _, _, usage = os.wait4(pid, 0)
            return None, usage
        time.sleep(0.05)


def kept_in_json(path: Path, good: list[str]) -> int:
    try:
        texts = [a["text"] for a in json.loads(path.read_text(encoding="utf-8"))["articles"]]
    except (OSError, ValueError, KeyError):  # missing or half-written: nothing kept
        return 0
    return sum(any(marker(g) in t for t in texts) for g in good)


def kept_in_store(db: Path, good: list[str]) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        texts = [t for (t,) in conn.execute("SELECT text FROM articles")]
    return sum(any(marker(g) in t for t in texts) for g in good)


def skipped_lines(stderr: str) -> int:
    return sum(line.startswith("skipped ") for line in stderr.splitlines())


def hostile_case(case: Case, work: Path, timeout: float) -> list[Row]:
    """Write the case, then run analyze and ingest on it, each in a fresh process."""
    inputs = work / "in"
    inputs.mkdir()
    good = case.write(inputs)
    rows = []
    out = work / "analysis.json"
    r = run([*COPYDESK, "analyze", str(inputs), "--json", str(out), "-q"], timeout, work)
    rows.append(_row(case.name, "analyze", r, kept_in_json(out, good), good))
    db = work / "store.db"
    r = run([*COPYDESK, "ingest", str(inputs), "--db", str(db), "-q"], timeout, work)
    rows.append(_row(case.name, "ingest", r, kept_in_store(db, good), good))
    for row in rows:
        if row.kept < row.good and not row.note:
            row.note = f"lost {row.good - row.kept}" + (f" (pending {case.pending})" if case.pending else "")
    return rows


def _row(case: str, mode: str, r: Run, kept: int, good: list[str]) -> Row:
    note = "timeout" if r.status is None else ("" if not r.crashed else _last_line(r.stderr))
    return Row(case, mode, r.crashed, kept, len(good), skipped_lines(r.stderr), round(r.seconds, 1),
               round(r.peak_mb), note, {"status": r.status, "stderr_tail": r.stderr[-2000:]})


def _last_line(text: str) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1][:120] if lines else ""


# --- store scenarios (issue 15 items 1, 7, 8) ---------------------------------------------------
# Real ECB+ articles (../shared/data/ecbplus-dev) written as JSONL parts; each scenario checks the
# store afterwards: integrity_check, every article in exactly one story (in the grouping and in the
# analysed stories alike), and the same stories a clean `copydesk analyze` of the same articles gives.

Scenario = Callable[[Path, float], list[Row]]
CORPUS = ROOT.parent / "shared" / "data" / "ecbplus-dev" / "articles.jsonl"
N_ARTICLES = 150


def _corpus(work: Path, parts: list[tuple[int, int]]) -> tuple[list[Path], list[str]]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()[:N_ARTICLES]
    paths = []
    for k, (a, b) in enumerate(parts):
        paths.append(work / f"part{k}.jsonl")
        paths[-1].write_text("\n".join(lines[a:b]) + "\n", encoding="utf-8")
    return paths, [json.loads(line)["id"] for line in lines]


def _clean_groups(work: Path, ids: list[str], timeout: float) -> set[frozenset[str]]:
    """The stories a clean in-memory analyze gives, as sets of article ids."""
    (work / "all.jsonl").write_text("\n".join(CORPUS.read_text(encoding="utf-8").splitlines()[:len(ids)]) + "\n")
    out = work / "clean.json"
    run([*COPYDESK, "analyze", str(work / "all.jsonl"), "--json", str(out), "-q"], timeout, work)
    return {frozenset(s["articles"]) for s in json.loads(out.read_text())["stories"]}


def check_store(db: Path) -> dict:
    """Integrity and the one-story-per-article invariants; the stories as sets of article ids."""
    with sqlite3.connect(db) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        articles = sorted(r[0] for r in conn.execute("SELECT id FROM articles"))
        placed = sorted(r[0] for r in conn.execute("SELECT article_id FROM story_vectors"))
        analysed = sorted(r[0] for r in conn.execute("SELECT article_id FROM story_articles"))
        groups: dict[str, set[str]] = {}
        for aid, sid in conn.execute("SELECT article_id, story_id FROM story_vectors"):
            groups.setdefault(sid, set()).add(aid)
        stored: dict[str, set[str]] = {}
        for sid, aid in conn.execute("SELECT story_id, article_id FROM story_articles"):
            stored.setdefault(sid, set()).add(aid)
    return {
        "integrity": integrity,
        "articles": len(articles),
        "one_story_each": placed == articles == analysed,
        "analysed_equals_grouping": groups == stored,
        "stories": {frozenset(g) for g in groups.values()},
    }


def _scenario_row(name: str, mode: str, db: Path, ids: list[str], clean, seconds: float, crashed: bool) -> Row:
    c = check_store(db)
    ok = c["integrity"] == "ok" and c["one_story_each"] and c["analysed_equals_grouping"]
    same = c["stories"] == clean
    note = "" if ok and same else ("inconsistent store" if not ok else "stories differ from analyze")
    return Row(name, mode, crashed or not ok, c["articles"], len(ids), 0, round(seconds, 1), 0.0, note,
               {k: v for k, v in c.items() if k != "stories"} | {"same_stories_as_analyze": same})


def _start(cmd: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True, text=True)  # fmt: skip


def kill9_during_ingest(work: Path, timeout: float) -> list[Row]:
    """kill -9 an ingest at random points three times, then let one finish; check the store."""
    import random

    (path,), ids = _corpus(work, [(0, N_ARTICLES)])
    clean = _clean_groups(work, ids, timeout)
    db, rng, started = work / "k.db", random.Random(15), time.perf_counter()
    for _ in range(3):
        child = _start([*COPYDESK, "ingest", str(path), "--db", str(db), "-q"], work)
        time.sleep(rng.uniform(8, 40))
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    final = run([*COPYDESK, "ingest", str(path), "--db", str(db), "-q"], timeout, work)
    return [_scenario_row("kill -9 x3, then one run", "ingest", db, ids, clean,
                          time.perf_counter() - started, final.crashed)]  # fmt: skip


def concurrent_ingests(work: Path, timeout: float) -> list[Row]:
    """Two, then three overlapping ingests into one store at once; check the store after each."""
    rows = []
    for parts in ([(0, 100), (50, N_ARTICLES)], [(0, 80), (40, 120), (70, N_ARTICLES)]):
        sub = work / f"c{len(parts)}"
        sub.mkdir()
        paths, ids = _corpus(sub, parts)
        clean = _clean_groups(sub, ids, timeout)
        db, started = sub / "c.db", time.perf_counter()
        children = [_start([*COPYDESK, "ingest", str(p), "--db", str(db), "-q"], sub)
                    for p in paths]  # fmt: skip
        errors = [c.communicate(timeout=timeout)[1] for c in children]
        crashed = any(c.returncode != 0 or "Traceback" in e for c, e in zip(children, errors, strict=True))
        rows.append(_scenario_row(f"{len(parts)} overlapping ingests", "ingest", db, ids, clean,
                                  time.perf_counter() - started, crashed))  # fmt: skip
    return rows


def serve_while_ingesting(work: Path, timeout: float) -> list[Row]:
    """`copydesk serve` answering pages, the API and search while an ingest writes: no 5xx."""
    import socket
    import urllib.error
    import urllib.request

    (first, rest), ids = _corpus(work, [(0, 10), (10, N_ARTICLES)])
    clean = _clean_groups(work, ids, timeout)
    db = work / "s.db"
    run([*COPYDESK, "ingest", str(first), "--db", str(db), "-q"], timeout, work)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = _start([*COPYDESK, "serve", "--db", str(db), "--port", str(port)], work)
    started, answers, failures = time.perf_counter(), 0, []
    try:
        for _ in range(100):  # wait for the server
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        writer = _start([*COPYDESK, "ingest", str(rest), "--db", str(db), "-q"], work)
        paths = ["/", "/api/stories", "/api/search?q=earthquake", "/search?q=%22police%22"]
        while writer.poll() is None and time.perf_counter() - started < timeout:
            for path in paths:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30).read()
                    answers += 1
                except urllib.error.HTTPError as e:
                    failures.append(f"{path}: {e.code}")
                except OSError as e:
                    failures.append(f"{path}: {e}")
        crashed = writer.wait() != 0 or bool(failures)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    row = _scenario_row("serve while ingesting", "serve", db, ids, clean, time.perf_counter() - started, crashed)
    row.note = row.note or f"{answers} answers, {len(failures)} failures"
    row.detail["failures"] = failures[:20]
    return [row]


SCENARIOS: dict[str, Scenario] = {
    "kill -9 during ingest": kill9_during_ingest,
    "concurrent ingests": concurrent_ingests,
    "serve while ingesting": serve_while_ingesting,
}


# --- the table ---------------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    head = f"{'case':34} {'mode':8} {'crash':>5} {'kept':>7} {'skipped':>7} {'seconds':>8} {'peak MB':>8}  note"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r.case:34.34} {r.mode:8} {int(r.crashed):5d} {f'{r.kept}/{r.good}':>7} {r.skipped:7d} "
                     f"{r.seconds:8.1f} {r.peak_mb:8.0f}  {r.note}")
    crashes = sum(r.crashed for r in rows)
    kept, good = sum(r.kept for r in rows), sum(r.good for r in rows)
    lines.append("-" * len(head))
    lines.append(f"{len({r.case for r in rows})} cases, {len(rows)} runs: {crashes} crashes, "
                 f"good articles kept {kept}/{good}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", help="run the cases whose name contains this")
    ap.add_argument("--skip-slow", action="store_true", help="leave out the 50 MB page and the 5 MB line")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per run before it counts as a crash")
    ap.add_argument("--scenarios", action="store_true", help="also run the store scenarios that are implemented")
    args = ap.parse_args()
    cases = [c for c in CASES if (not args.only or args.only.lower() in c.name.lower())
             and not (args.skip_slow and c.slow)]
    rows: list[Row] = []
    for case in cases:
        work = Path(tempfile.mkdtemp(prefix="copydesk-rel-"))
        try:
            rows += hostile_case(case, work, args.timeout)
        finally:
            _remove(work)
        print(table(rows[-2:]).splitlines()[2], flush=True)
        print(table(rows[-1:]).splitlines()[2], flush=True)
    for name, scenario in SCENARIOS.items() if args.scenarios else ():
        work = Path(tempfile.mkdtemp(prefix="copydesk-rel-"))
        try:
            rows += scenario(work, args.timeout)
        except NotImplementedError as e:
            print(f"{name}: not implemented yet ({e})")
        finally:
            _remove(work)
    print()
    print(table(rows))
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps({
        "machine": f"{platform.node()} {os.cpu_count()} cores {platform.machine()}, Python {platform.python_version()}",
        "command": " ".join(["python", "bench/reliability.py", *sys.argv[1:]]),
        "crashes": sum(r.crashed for r in rows),
        "kept": sum(r.kept for r in rows), "good": sum(r.good for r in rows),
        "rows": [asdict(r) for r in rows],
    }, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULT}")


def _remove(work: Path) -> None:
    for p in work.rglob("*"):  # make the chmod 000 file removable again (when not root)
        try:
            if not p.is_symlink():
                p.chmod(0o755)
        except OSError:
            pass
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
