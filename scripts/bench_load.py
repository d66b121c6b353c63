"""Load benchmark: a class of candidates at once against ``policykb serve --production``.

For each database asked for (SQLite in a temporary folder; PostgreSQL on a throw-away server
started like scripts/test.sh does, or in a fresh database of ``--pg-url``), the script starts the
production command with N gunicorn workers on 127.0.0.1 at a free port (it builds the corpus and
the index once, before the workers fork), then lets every simulated candidate, all at once in
threads, each on its own keep-alive connection:

1. open /register, register, log out, open /login and log in once (accounts are on: REQUIRE_LOGIN=1);
2. open /practice, start a random drill of ``--questions`` questions through the JSON API and answer
   each (GET next, POST answer with a ``request_id``), with two searches (/search.json) on the way;
3. start a mock exam, save an answer to every item (PUT), read the sitting back, hand in.

Then, with every candidate's connection, it measures throughput for ``--seconds`` each, interleaved:
a static file, the next-question endpoint of a fresh drill, and /search.json, and gives the last
two as a ratio to the static file (same server, same run). It prints one table per database:
per endpoint the count, p50 / p95 / max in ms, the errors and the target. Everything is bounded
(``--timeout`` for the whole run, 60 s per request); the servers are stopped at the end.

    .venv/bin/python scripts/bench_load.py [--candidates 100] [--questions 20] [--workers N]
        [--db sqlite,postgresql] [--exam-items 80] [--seconds 5] [--pg-url URL] [--out FILE]

Exit status 1 when a request failed (an error, a 5xx, a refused answer); ``--check`` also fails
on a missed target.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
READY = "政策题库已启动"
PASSWORD = "bench-password-1"
SEARCHES = ["社区工作者 培训", '"每3年轮训1次"', "社区书记多久培训一次", "借调", "薪酬待遇", "岗位等级"]
STATIC = "/static/style.css"
CSRF = re.compile(r'name="csrf(?:-token|_token)" (?:content|value)="([^"]+)"')

# What a candidate waits for: p95 targets (seconds) by endpoint; throughput ratios to a static file.
TARGETS = {"POST /register": 2.0, "POST /login": 2.0}
DRILL_TARGET = 1.0
RATIO_TARGET = 0.5


def free_port() -> int:
    """A port nobody listens on now (chosen at run time, never a fixed one)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---- servers -------------------------------------------------------------------------------------


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in p.parent.name.split(".")])
    if not found:
        raise SystemExit("没有 PostgreSQL（/usr/lib/postgresql/*/bin）：用 --db sqlite，或 --pg-url 指向一个服务器")
    return found[-1]


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A PostgreSQL server on loopback at a free port in a temporary folder, stopped and removed afterwards."""
    pg_bin, data, port = _pg_bin(), Path(tempfile.mkdtemp(prefix="policykb-bench-pg-")), free_port()
    as_root = os.geteuid() == 0

    def run(*cmd: str) -> None:
        line = " ".join(cmd)
        full = ["su", "postgres", "-s", "/bin/sh", "-c", line] if as_root else ["sh", "-c", line]
        subprocess.run(full, check=True, capture_output=True, timeout=120)

    if as_root:
        shutil.chown(data, "postgres")
    run(f"{pg_bin}/initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8")
    opts = f"'-p {port} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=300'"
    run(f"{pg_bin}/pg_ctl", "-D", str(data), "-l", str(data / "server.log"), "-w", "-o", opts, "start")
    try:
        run(f"{pg_bin}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "policykb_bench")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/policykb_bench"
    finally:
        run(f"{pg_bin}/pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(data, ignore_errors=True)


@contextlib.contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database on an existing PostgreSQL server (dropped afterwards)."""
    from sqlalchemy import create_engine, text

    name = f"policykb_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class Server:
    """A running ``policykb serve`` child process and what it printed."""

    proc: subprocess.Popen[str]
    url: str
    output: list[str] = field(default_factory=list)


@contextlib.contextmanager
def policykb_serve(env: dict[str, str], args: list[str], *, timeout: float = 300, cwd: Path = ROOT) -> Iterator[Server]:
    """Start ``policykb serve ARGS`` on 127.0.0.1 at a free port; yield once it listens; stop it afterwards."""
    port = free_port()
    cmd = [sys.executable, "-c", "from web.cli import main; main()", "serve", "--host", "127.0.0.1", "--port", str(port), *args]
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    server = Server(proc, f"http://127.0.0.1:{port}")
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            server.output.append(line.rstrip("\n"))
            if READY in line:
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + timeout
        while not ready.wait(0.2):
            if proc.poll() is not None or time.monotonic() > deadline:
                reader.join(2)
                raise RuntimeError("服务没有启动：\n" + "\n".join(server.output[-30:]))
        _wait_listening(port, deadline)
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # gunicorn: graceful stop of the master and its workers
            try:
                proc.wait(40)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the group of the child this function started
                proc.wait(10)
        reader.join(5)
        if proc.stdout is not None:
            proc.stdout.close()


def _wait_listening(port: int, deadline: float) -> None:
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"端口 {port} 没有在监听")
        time.sleep(0.1)


# ---- measuring -----------------------------------------------------------------------------------


def closed_unanswered(exc: httpx.HTTPError) -> bool:
    """Whether the server closed the connection before any response (a keep-alive connection closed as it was used).

    Such a request is sent again once, as a browser does: nothing was answered, and every answer and save
    carries a ``request_id``, so a request that did reach the app is not stored twice. The close comes as an end
    of stream (``RemoteProtocolError``) or, when the request's bytes reached the closed socket unread, as a reset
    (``ReadError``, ECONNRESET) — which of the two is a matter of timing.
    """
    if isinstance(exc, httpx.RemoteProtocolError):
        return "without sending a response" in str(exc)
    return isinstance(exc, httpx.ReadError) and "reset by peer" in str(exc).lower()


class Recorder:
    """Latencies, retries and failures per endpoint, from many threads."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {}
        self.errors: dict[str, list[str]] = {}
        self.retries: dict[str, int] = {}
        self._lock = threading.Lock()

    def call(self, client: httpx.Client, label: str, method: str, url: str, expect: tuple[int, ...], **kw: Any) -> httpx.Response:
        """Send one request (again once if the connection closed unanswered), time it, note an unexpected status."""
        t0 = time.perf_counter()
        try:
            try:
                response = client.request(method, url, **kw)
            except httpx.HTTPError as exc:
                if not closed_unanswered(exc):
                    raise
                with self._lock:
                    self.retries[label] = self.retries.get(label, 0) + 1
                response = client.request(method, url, **kw)
        except httpx.HTTPError as exc:
            self._note(label, time.perf_counter() - t0, f"{type(exc).__name__}: {exc}")
            raise
        self._note(label, time.perf_counter() - t0, None if response.status_code in expect else _describe(response))
        if response.status_code not in expect:
            raise Refused(label, response)
        return response

    def _note(self, label: str, seconds: float, error: str | None) -> None:
        with self._lock:
            self.times.setdefault(label, []).append(seconds)
            if error:
                self.errors.setdefault(label, []).append(error)


def _describe(response: httpx.Response) -> str:
    return f"{response.status_code} {response.text[:200]!r}"


class Refused(Exception):
    """A request answered with a status the candidate did not expect."""

    def __init__(self, label: str, response: httpx.Response) -> None:
        super().__init__(f"{label}: {_describe(response)}")


def _csrf(response: httpx.Response) -> str:
    found = CSRF.search(response.text)
    if not found:
        raise RuntimeError(f"页面里没有 CSRF 令牌：{response.request.url}")
    return found.group(1)


def _answer(question: dict[str, Any], rng: random.Random) -> str | list[str]:
    options = "ABCDE"[: max(1, len(question.get("options") or []))]
    if question["type"] == "single":
        return rng.choice(options)
    if question["type"] == "multi":
        return sorted(rng.sample(options, 2))
    if question["type"] == "judge":
        return rng.choice(["对", "错"])
    return "社区工作者"


def candidate(n: int, base: str, rec: Recorder, *, questions: int, exam_items: int, run: str, think: float = 0.0) -> httpx.Client:
    """One candidate's morning: register, log in, drill, sit a mock exam. Returns the logged-in client.

    ``think`` is the mean pause (seconds, drawn uniformly from 0 to twice it) before each answer.
    """
    rng = random.Random(n)

    def pause() -> None:
        if think:
            time.sleep(rng.uniform(0, 2 * think))

    client = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
    user = f"b{run}{n:03d}"
    page = rec.call(client, "GET /register", "GET", "/register", (200,))
    form = {"username": user, "password": PASSWORD, "password2": PASSWORD, "csrf_token": _csrf(page)}
    rec.call(client, "POST /register", "POST", "/register", (302, 303), data=form)
    page = rec.call(client, "GET /practice", "GET", "/practice", (200,))
    rec.call(client, "POST /logout", "POST", "/logout", (302, 303), data={"csrf_token": _csrf(page)})
    page = rec.call(client, "GET /login", "GET", "/login", (200,))
    form = {"username": user, "password": PASSWORD, "csrf_token": _csrf(page)}
    rec.call(client, "POST /login", "POST", "/login", (302, 303), data=form)
    page = rec.call(client, "GET /practice", "GET", "/practice", (200,))
    client.headers["X-CSRF-Token"] = _csrf(page)

    state = rec.call(client, "POST /api/practice", "POST", "/api/practice", (201,), json={"mode": "random", "count": questions})
    sid = state.json()["id"]
    for k in range(questions):
        data = rec.call(client, "GET /api/practice/<id>/next", "GET", f"/api/practice/{sid}/next", (200,)).json()
        question = data["question"]
        if question is None:
            break
        pause()
        body = {
            "question_id": question["id"],
            "answer": _answer(question, rng),
            "elapsed_ms": 5000,
            "request_id": uuid.uuid4().hex,
        }
        rec.call(client, "POST /api/practice/<id>/answer", "POST", f"/api/practice/{sid}/answer", (200,), json=body)
        if k % max(1, questions // 2) == 0:
            rec.call(client, "GET /search.json", "GET", "/search.json", (200,), params={"q": SEARCHES[(n + k) % len(SEARCHES)]})

    exam = rec.call(client, "POST /api/exams", "POST", "/api/exams", (201,), json={}).json()
    eid = exam["id"]
    for item in exam["items"][:exam_items]:
        pause()
        body = {"answer": _answer(item, rng), "request_id": uuid.uuid4().hex}
        url = f"/api/exams/{eid}/answers/{item['number']}"
        rec.call(client, "PUT /api/exams/<id>/answers/<n>", "PUT", url, (200,), json=body)
    rec.call(client, "GET /api/exams/<id>", "GET", f"/api/exams/{eid}", (200,))
    result = rec.call(client, "POST /api/exams/<id>/submit", "POST", f"/api/exams/{eid}/submit", (200,)).json()
    if "total" not in result:
        raise RuntimeError(f"交卷结果里没有分数：{sorted(result)[:10]}")
    return client


Send = Callable[[httpx.Client, int], httpx.Response]


def throughput(kinds: dict[str, tuple[list[httpx.Client], Send]], seconds: float, rounds: int = 2) -> dict[str, float]:
    """Requests per second each kind sustains with all its clients sending at once, closed loop, kinds interleaved.

    Each kind runs ``rounds`` times for its share of ``seconds``, in turn with the others, so a change in the
    machine's load between the start and the end falls on every kind alike.
    """
    done: dict[str, int] = dict.fromkeys(kinds, 0)
    failed: dict[str, int] = dict.fromkeys(kinds, 0)
    spent: dict[str, float] = dict.fromkeys(kinds, 0.0)
    lock = threading.Lock()
    for _round in range(rounds):
        for kind, (clients, send) in kinds.items():
            stop = time.monotonic() + seconds / rounds

            def loop(client: httpx.Client, i: int, send: Send = send, kind: str = kind, stop: float = stop) -> None:
                ok = bad = 0
                while time.monotonic() < stop:
                    try:
                        ok, bad = (ok + 1, bad) if send(client, i).status_code == 200 else (ok, bad + 1)
                    except httpx.HTTPError:
                        bad += 1
                with lock:
                    done[kind] += ok
                    failed[kind] += bad

            t0 = time.monotonic()
            threads = [threading.Thread(target=loop, args=(c, i)) for i, c in enumerate(clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            spent[kind] += time.monotonic() - t0
    out = {kind: done[kind] / spent[kind] for kind in kinds}
    out |= {f"{kind} errors": float(failed[kind]) for kind in kinds}
    return out


def measured_kinds(clients: list[httpx.Client], prefix: str = "") -> dict[str, tuple[list[httpx.Client], Send]]:
    """The three requests of the throughput phase for these logged-in clients (each starts a fresh drill first)."""
    sids = [c.post("/api/practice", json={"mode": "random", "count": 20, "restart": True}).json()["id"] for c in clients]
    return {
        prefix + "static": (clients, lambda c, i: c.get(STATIC)),
        prefix + "next": (clients, lambda c, i: c.get(f"/api/practice/{sids[i]}/next")),
        prefix + "search": (clients, lambda c, i: c.get("/search.json", params={"q": SEARCHES[i % len(SEARCHES)]})),
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


@dataclass
class Outcome:
    """One database's run: the latency table, the throughput ratios, whether targets and errors hold."""

    lines: list[str]
    errors: int
    missed: list[str]


def target_of(label: str) -> float | None:
    if label in TARGETS:
        return TARGETS[label]
    if "/api/practice" in label or "/api/exams" in label:
        return DRILL_TARGET
    return None


def server_env(url: str, index_dir: Path, tree: Path, args: argparse.Namespace) -> dict[str, str]:
    """The environment of a server on this database, with accounts on, running the code in ``tree``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKB_")}
    env |= {
        "POLICYKB_DATABASE_URL": url,
        "POLICYKB_INDEX_DIR": str(index_dir),
        "POLICYKB_SECRET_KEY": uuid.uuid4().hex * 2,
        "POLICYKB_REQUIRE_LOGIN": "1",
        "POLICYKB_ALLOW_REGISTRATION": "1",
        "PYTHONPATH": str(tree),
    }
    return env | dict(item.split("=", 1) for item in args.server_env)


def run_database(kind: str, url: str, args: argparse.Namespace, tmp: Path) -> Outcome:
    """Serve on this database, run the class through it, measure throughput, and tabulate."""
    env = server_env(url, tmp / f"index-{kind}", ROOT, args)
    rec = Recorder()
    run = uuid.uuid4().hex[:4]
    workers = ["--workers", str(args.workers)] if args.workers else []
    print(f"[{kind}] 启动 policykb serve --production {' '.join(workers)}（首次启动会导入语料）……", file=sys.stderr)
    with policykb_serve(env, ["--production", *workers], timeout=args.timeout) as server:
        started = next((line for line in server.output if line.startswith("生产模式")), "")
        print(f"[{kind}] {started}；{args.candidates} 名考生同时开始……", file=sys.stderr)
        clients: list[httpx.Client | None] = [None] * args.candidates
        failures: list[str] = []

        def one(n: int) -> None:
            time.sleep(args.ramp * n / args.candidates)  # arrivals spread over --ramp seconds (0: all at once)
            try:
                clients[n] = candidate(
                    n, server.url, rec, questions=args.questions, exam_items=args.exam_items, run=run, think=args.think
                )
            except (Refused, httpx.HTTPError, RuntimeError, KeyError) as exc:
                failures.append(f"考生 {n}：{exc}")

        t0 = time.monotonic()
        threads = [threading.Thread(target=one, args=(n,), daemon=True) for n in range(args.candidates)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(max(1.0, args.timeout - (time.monotonic() - t0)))
        wall = time.monotonic() - t0
        if any(t.is_alive() for t in threads):
            failures.append(f"超时：{sum(t.is_alive() for t in threads)} 名考生在 {args.timeout:.0f} 秒内没有做完")
        ready = [c for c in clients if c is not None]
        rates: dict[str, float] = {}
        if ready:
            print(f"[{kind}] 全班用时 {wall:.1f} 秒；吞吐量测量 {args.seconds:.0f} 秒 × 3 ……", file=sys.stderr)
            rates = throughput(measured_kinds(ready), args.seconds)
        for c in ready:
            c.close()
    problems = [line for line in server.output if "Error" in line or "Traceback" in line]
    if problems:
        print(f"[{kind}] 服务端日志中的错误（最后 10 行）：", *problems[-10:], sep="\n  ", file=sys.stderr)
    shape = re.search(r"gunicorn (\d+) 个工作进程 × (\d+) 线程", started)
    workers_label = f"gunicorn {shape[1]} workers × {shape[2]} threads" if shape else "gunicorn"
    return tabulate(kind, rec, rates, failures, wall, args, workers_label)


def tabulate(
    kind: str, rec: Recorder, rates: dict[str, float], failures: list[str], wall: float, args: argparse.Namespace, workers: str
) -> Outcome:
    """The table of one database's run, and what failed or missed its target."""
    lines = [
        f"**{kind}** — {args.candidates} candidates "
        + (f"arriving over {args.ramp:.0f} s" if args.ramp else "at once")
        + (f", {args.think:g} s mean pause before each answer" if args.think else ", no pause between requests")
        + f", {args.questions} drill questions + {args.exam_items} exam items each; {workers}; whole class {wall:.1f} s",
        "",
        "| endpoint | requests | p50 (ms) | p95 (ms) | max (ms) | retries | errors | target p95 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    missed: list[str] = []
    errors = sum(len(v) for v in rec.errors.values()) + len(failures)
    for label, times in rec.times.items():
        p95 = percentile(times, 95)
        target = target_of(label)
        mark = ""
        if target is not None:
            ok = p95 <= target
            mark = f"≤ {target * 1000:.0f} ms {'✓' if ok else '✗'}"
            if not ok:
                missed.append(f"{kind} {label} p95 {p95 * 1000:.0f} ms")
        lines.append(
            f"| `{label}` | {len(times)} | {percentile(times, 50) * 1000:.0f} | {p95 * 1000:.0f} | {max(times) * 1000:.0f} "
            f"| {rec.retries.get(label, 0)} | {len(rec.errors.get(label, []))} | {mark} |"
        )
    if rates:
        static = rates["static"]
        lines += [
            "",
            "| throughput (req/s, all clients at once) | req/s | ratio to static | errors | target |",
            "| --- | ---: | ---: | ---: | --- |",
        ]
        lines.append(f"| static file `{STATIC}` | {static:.0f} | 1.00 | {rates['static errors']:.0f} | |")
        for name, label in (("next", "`GET /api/practice/<id>/next`"), ("search", "`GET /search.json`")):
            ratio = rates[name] / static if static else 0.0
            ok = ratio >= RATIO_TARGET
            errors += int(rates[f"{name} errors"])
            if not ok:
                missed.append(f"{kind} {name} throughput {ratio:.2f}× static")
            verdict = f"≥ {RATIO_TARGET}× {'✓' if ok else '✗'}"
            lines.append(f"| {label} | {rates[name]:.0f} | {ratio:.2f} | {rates[f'{name} errors']:.0f} | {verdict} |")
    for label, errs in rec.errors.items():
        lines.append(f"\n{label} 失败 {len(errs)} 次，例如：{errs[0]}")
    lines += [f"\n{f}" for f in failures[:5]]
    return Outcome(lines, errors, missed)


# ---- revisions side by side ----------------------------------------------------------------------


def checkout(rev: str, into: Path) -> Path:
    """The files of a git revision in a folder of their own; ``.`` is this working tree as it is."""
    if rev == ".":
        return ROOT
    folder = into / f"rev-{re.sub(r'[^0-9A-Za-z._-]', '_', rev)}"
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev], capture_output=True, check=True, timeout=120
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def describe(rev: str) -> str:
    """A revision as the table names it: its short hash and subject (``.``: the working tree)."""
    if rev == ".":
        return "working tree"
    shown = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%h %s", rev], capture_output=True, text=True, check=True
    )
    return shown.stdout.strip()


def logged_in_class(base: str, count: int, run: str) -> list[httpx.Client]:
    """``count`` clients, each registered (so logged in) on its own keep-alive connection, all at once."""
    clients: list[httpx.Client | None] = [None] * count
    failures: list[str] = []

    def one(n: int) -> None:
        client = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
        try:
            page = client.get("/register")
            user = f"c{run}{n:03d}"
            form = {"username": user, "password": PASSWORD, "password2": PASSWORD, "csrf_token": _csrf(page)}
            if client.post("/register", data=form).status_code not in (302, 303):
                raise RuntimeError(f"{user} 没有注册成功")
            client.headers["X-CSRF-Token"] = _csrf(client.get("/practice"))
            clients[n] = client
        except (httpx.HTTPError, RuntimeError) as exc:
            client.close()
            failures.append(f"{n}：{exc}")

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise RuntimeError("登录失败：" + "；".join(failures[:3]))
    return [c for c in clients if c is not None]


def compare_database(
    kind: str, url_of: Callable[[int], contextlib.AbstractContextManager[str]], args: argparse.Namespace, tmp: Path
) -> Outcome:
    """The throughput phase only, for each revision of ``--compare`` served at once, measured in turn."""
    revs = [r.strip() for r in args.compare.split(",") if r.strip()]
    workers = ["--workers", str(args.workers)] if args.workers else []
    with contextlib.ExitStack() as stack:
        kinds: dict[str, tuple[list[httpx.Client], Send]] = {}
        for i, rev in enumerate(revs):
            tree = checkout(rev, tmp)
            url = stack.enter_context(url_of(i))
            print(f"[{kind}] 启动 {describe(rev)} ……", file=sys.stderr)
            env = server_env(url, tmp / f"index-{kind}-{i}", tree, args)
            server = stack.enter_context(policykb_serve(env, ["--production", *workers], timeout=args.timeout, cwd=tree))
            clients = logged_in_class(server.url, args.candidates, uuid.uuid4().hex[:4])
            for c in clients:
                stack.callback(c.close)
            kinds |= measured_kinds(clients, prefix=f"{i} ")
        print(f"[{kind}] 吞吐量测量：{len(revs)} 个版本轮流，每项 {args.seconds:.0f} 秒 ……", file=sys.stderr)
        rates = throughput(kinds, args.seconds, rounds=6)  # finer turns: other sessions' load changes by the second
    lines = [
        f"**{kind}** — throughput side by side, {args.candidates} logged-in clients per server, all sending at once; "
        f"each kind {args.seconds:g} s in 6 turns, revisions and kinds interleaved",
        "",
        "| revision | static req/s | next req/s | next / static | search req/s | search / static | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    errors = 0
    for i, rev in enumerate(revs):
        static, nxt, search = (rates[f"{i} {k}"] for k in ("static", "next", "search"))
        failed = int(sum(rates[f"{i} {k} errors"] for k in ("static", "next", "search")))
        errors += failed
        lines.append(
            f"| {describe(rev)} | {static:.0f} | {nxt:.0f} | {nxt / static if static else 0:.2f} "
            f"| {search:.0f} | {search / static if static else 0:.2f} | {failed} |"
        )
    return Outcome(lines, errors, [])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--candidates", type=int, default=100, help="simulated candidates at once (default 100)")
    ap.add_argument("--questions", type=int, default=20, help="drill questions each (default 20)")
    ap.add_argument("--exam-items", type=int, default=80, help="exam items each answers before handing in (default all 80)")
    ap.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: the SERVE_WORKERS setting)")
    ap.add_argument("--db", default="sqlite,postgresql", help="databases, comma-separated: sqlite, postgresql")
    ap.add_argument("--pg-url", help="an existing PostgreSQL server to make a fresh database in (default: start one)")
    ap.add_argument("--ramp", type=float, default=0, help="seconds over which the candidates arrive (default 0: all at once)")
    ap.add_argument("--think", type=float, default=0, help="mean pause in seconds before each answer (default 0)")
    ap.add_argument("--seconds", type=float, default=6, help="seconds of each throughput measurement (default 6)")
    ap.add_argument("--timeout", type=float, default=900, help="seconds allowed to each database's run (default 900)")
    ap.add_argument("--server-env", action="append", default=[], metavar="NAME=VALUE", help="another setting for the server")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed, not only on errors")
    ap.add_argument(
        "--compare",
        metavar="REV,REV…",
        help="only the throughput phase, for these git revisions side by side (. is the working tree), each on its own server",
    )
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    kinds = [k.strip() for k in args.db.split(",") if k.strip()]
    unknown = set(kinds) - {"sqlite", "postgresql"}
    if unknown:
        raise SystemExit(f"--db 只能是 sqlite 或 postgresql：{', '.join(sorted(unknown))}")
    tmp = Path(tempfile.mkdtemp(prefix="policykb-bench-load-"))
    outcomes: list[Outcome] = []
    try:
        for kind in kinds:
            if kind == "sqlite":
                if args.compare:
                    outcomes.append(
                        compare_database(
                            kind, lambda i: contextlib.nullcontext(f"sqlite:///{tmp / f'bench-{i}.sqlite3'}"), args, tmp
                        )
                    )
                else:
                    outcomes.append(run_database(kind, f"sqlite:///{tmp / 'bench.sqlite3'}", args, tmp))
                continue
            pg = fresh_database(args.pg_url) if args.pg_url else throwaway_postgres()
            with pg as url:
                if args.compare:
                    outcomes.append(compare_database(kind, lambda _i, url=url: fresh_database(url), args, tmp))
                else:
                    outcomes.append(run_database(kind, url, args, tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    machine = f"{platform.machine()}, nproc {os.cpu_count()}, load average {load} at the end, Python {platform.python_version()}"
    lines = [f"Load benchmark — {dt.date.today().isoformat()}, {machine}; policykb serve --production on 127.0.0.1.", ""]
    for o in outcomes:
        lines += [*o.lines, ""]
    report = "\n".join(lines).rstrip()
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")
    errors = sum(o.errors for o in outcomes)
    missed = [m for o in outcomes for m in o.missed]
    if missed:
        print("未达标：" + "；".join(missed), file=sys.stderr)
    if errors or (args.check and missed):
        sys.exit(1)


if __name__ == "__main__":
    main()
