"""`python -m seed.load_bench --url POSTGRES_URL [--scale N] [--users K] [--seconds S]`: refreshes per second.

Does one PostgreSQL database serve more users when a second Streamlit process is added? This script
prepares the database given (its schema is dropped: migrate, the demo data at `--scale`, K accounts,
ANALYZE), then starts one `streamlit run app.py`, later two (headless, each on a free port, outside demo
mode with a random cookie key), and drives K concurrent logged-in sessions spread evenly over them, as
sticky sessions behind a proxy would. It prints refreshes per second and the median and 95th percentile
latency for 1 and 2 processes, and their ratio. Figures for people, never assertions.

Beside them, the cores busy during the measuring window (from /proc): the app processes', the load
generator's, every PostgreSQL process's (other databases' too) and the whole machine's, and refreshes per
CPU second of the apps. On a machine shared with other work, a second process only doubles the refreshes
when a core is free for it; the per-CPU-second figure staying flat says the second process costs nothing
more per refresh, whatever cores it got.

How a session logs in, and why it is a real one. Each client is a browser tab reduced to its protocol:
one WebSocket on `/_stcore/stream` speaking Streamlit's protobufs (BackMsg `rerun_script` out, ForwardMsg
deltas and `script_finished` in), with the browser's message cache (it reports the large elements it
already holds, and the server sends references to them instead). It logs in through the login form
itself: it opens the page, reads the ids of the username and password inputs and of the form's submit
button from the elements the server sent, and submits the form with its own username and password,
exactly the widget states a browser sends on a click. The server runs the same code as for a person (the
login use case: bcrypt check, throttling, an audit entry) and answers with the signed login cookie in the
frame that writes it. The client keeps that cookie, closes the tab and opens the dashboard in a new one
with the cookie in the WebSocket handshake, as a browser does on every later visit: the app validates it
(signature, expiry, the user row) and serves the dashboard. Every refresh is then a `rerun_script` of
that page (what pressing R or a widget change makes), timed until `script_finished`; each run checks the
user row again. The accounts are created through the users use cases (an admin's `create_user`, then the
user's own `change_own_password`, so no first-login password change is pending).

The load generator is one asyncio loop with the `websockets` client (Streamlit 1.67 serves with Starlette
and uvicorn, which bring it; tornado is gone): no browser, no rendering; it used 1–5 % of a core
while the apps used the rest.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

from db.settings import Settings
from seed import app_process
from seed.app_process import AppProcess, stop_app

ROOT = Path(__file__).resolve().parent.parent
COOKIE_NAME = Settings.cookie_name
# The sidebar's logout button, in every language: only a logged-in run shows it.
LOGOUT_LABELS = tuple(json.loads(catalog.read_text())["app.logout"]
                      for catalog in sorted((ROOT / "components" / "locales").glob("*/core.json")))
ROLES = ("coordinator", "viewer", "admin")
RUN_TIMEOUT = 120.0


class LoadError(RuntimeError):
    """The server did not answer as a logged-in dashboard would."""


@dataclass
class Run:
    """What one script run sent back to the tab."""

    elements: list[Element] = field(default_factory=list)
    page_script_hash: str = ""
    seconds: float = 0.0

    def of_type(self, kind: str) -> Iterable[Element]:
        return (e for e in self.elements if e.WhichOneof("type") == kind)

    @property
    def logged_in(self) -> bool:
        return any(b.button.label in LOGOUT_LABELS for b in self.of_type("button"))

    @property
    def exceptions(self) -> list[str]:
        return [e.exception.message for e in self.of_type("exception")]

    def cookie_written(self) -> str | None:
        """The login cookie the app asked the browser to store (its zero-height frame sets document.cookie)."""
        for frame in self.of_type("iframe"):
            found = re.search(rf"{COOKIE_NAME}=([A-Za-z0-9_.\-]+);", frame.iframe.srcdoc)
            if found:
                return found.group(1)
        return None


class Tab:
    """One browser tab on one app process, reduced to its WebSocket protocol."""

    def __init__(self, base_url: str, page: str, cookie: str | None = None):
        self.base_url, self.page, self.cookie = base_url.rstrip("/"), page, cookie
        self.page_script_hash = ""
        self._socket: ClientConnection | None = None
        # The browser's message cache: large elements it holds, by hash, and their age in finished runs. It
        # tells the server which it holds, and the server sends a reference instead of the element again.
        self._cached: dict[str, ForwardMsg] = {}
        self._age: dict[str, int] = {}
        self._max_age = 2  # global.maxCachedMessageAge; the server's new_session says which

    async def open(self) -> None:
        ws_url = self.base_url.replace("http", "ws", 1) + "/_stcore/stream"
        headers = {"Cookie": f"{COOKIE_NAME}={self.cookie}"} if self.cookie else None
        self._socket = await connect(ws_url, origin=self.base_url, subprotocols=["streamlit"],
                                     additional_headers=headers, max_size=None, open_timeout=30)

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
            self._socket = None

    async def run(self, widget_states: Sequence[dict] = ()) -> Run:
        """Ask for a run of the page (with these widget states) and read until the script has finished."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string = ""
        state.page_name = self.page
        state.page_script_hash = self.page_script_hash
        for values in widget_states:
            state.widget_states.widgets.add(**values)
        state.cached_message_hashes.extend(self._cached)
        started = time.perf_counter()
        await self._socket.send(message.SerializeToString())
        run = Run()
        async with asyncio.timeout(RUN_TIMEOUT):
            while True:
                incoming = ForwardMsg()
                incoming.ParseFromString(await self._socket.recv())
                incoming = self._remember(incoming)
                kind = incoming.WhichOneof("type")
                if kind == "delta" and incoming.delta.WhichOneof("type") == "new_element":
                    run.elements.append(incoming.delta.new_element)
                elif kind == "navigation":
                    self.page_script_hash = incoming.navigation.page_script_hash
                elif kind == "new_session" and incoming.new_session.config.max_cached_message_age:
                    self._max_age = incoming.new_session.config.max_cached_message_age
                elif kind == "script_finished":
                    if incoming.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        run.elements.clear()  # st.rerun: the server starts the script again by itself
                        continue
                    break
        run.seconds = time.perf_counter() - started
        run.page_script_hash = self.page_script_hash
        self._age_cache()
        return run

    def _remember(self, message: ForwardMsg) -> ForwardMsg:
        """Keep a cacheable element, or resolve a reference to one kept; either is fresh for this run."""
        if message.WhichOneof("type") == "ref_hash":
            if message.ref_hash not in self._cached:
                raise LoadError(f"the server referred to a message this tab never held ({message.ref_hash})")
            self._age[message.ref_hash] = 0
            return self._cached[message.ref_hash]
        if message.metadata.cacheable and message.hash:
            self._cached[message.hash], self._age[message.hash] = message, 0
        return message

    def _age_cache(self) -> None:
        """A finished run ages every kept element; those unused for more than max age runs are dropped."""
        for key in list(self._age):
            self._age[key] += 1
            if self._age[key] > self._max_age:
                del self._age[key], self._cached[key]

    async def log_in(self, username: str, password: str) -> str:
        """Submit the login form as a browser does; returns the login cookie the app sent back."""
        form = await self.run()
        if form.logged_in:
            raise LoadError("the tab was already logged in")
        ids = {}
        for element in form.elements:
            kind = element.WhichOneof("type")
            if kind == "text_input" and element.text_input.id.endswith("-login_username"):
                ids["username"] = element.text_input.id
            elif kind == "text_input" and element.text_input.id.endswith("-login_password"):
                ids["password"] = element.text_input.id
            elif kind == "button" and element.button.is_form_submitter and element.button.form_id == "login":
                ids["submit"] = element.button.id
        if len(ids) != 3:
            raise LoadError(f"no login form on /{self.page} (found {sorted(ids)}): {form.exceptions}")
        answer = await self.run([{"id": ids["username"], "string_value": username},
                                 {"id": ids["password"], "string_value": password},
                                 {"id": ids["submit"], "trigger_value": True}])
        cookie = answer.cookie_written()
        if not answer.logged_in or cookie is None:
            raise LoadError(f"login of {username!r} refused or incomplete: {answer.exceptions}")
        return cookie


async def logged_in_tab(base_url: str, page: str, username: str, password: str) -> Tab:
    """Log in through the form in a first tab, then open the page in a new tab that holds the cookie."""
    door = Tab(base_url, page)
    await door.open()
    try:
        cookie = await door.log_in(username, password)
    finally:
        await door.close()
    tab = Tab(base_url, page, cookie)
    await tab.open()
    first = await tab.run()
    if not first.logged_in or first.exceptions:
        await tab.close()
        raise LoadError(f"the cookie of {username!r} did not open /{page}: {first.exceptions}")
    return tab


# --- the load -----------------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    processes: int
    users: int
    seconds: float
    latencies: list[float]
    cpu: dict[str, float] = field(default_factory=dict)  # cores busy in the window: apps, client, postgres, machine

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds

    @property
    def per_app_cpu_second(self) -> float:
        """Refreshes per CPU second the app processes got: flat when adding a process costs nothing extra."""
        cores = (self.cpu or {}).get("apps", 0)
        return self.per_second / cores if cores else float("nan")

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def _process_cpu(pid: int) -> float:
    """CPU seconds a process has used (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_cpu() -> float:
    """CPU seconds the whole machine has spent busy (every process, every engineer's)."""
    try:
        ticks = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except OSError:
        return 0.0
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait


def _postgres_pids() -> list[int]:
    """Every PostgreSQL server process on this machine (other databases' too: read it as an upper bound)."""
    pids = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if (entry / "comm").read_text().strip() == "postgres":
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def cpu_counters(app_pids: Sequence[int]) -> dict[str, float]:
    return {"apps": sum(_process_cpu(pid) for pid in app_pids), "client": time.process_time(),
            "postgres": sum(_process_cpu(pid) for pid in _postgres_pids()), "machine": _machine_cpu()}


async def drive(base_urls: Sequence[str], accounts: Sequence[tuple[str, str]], *, page: str,
                seconds: float, warm_up: int = 2, app_pids: Sequence[int] = ()) -> LoadResult:
    """Log every account in (account i on process i mod n), warm up, then refresh for `seconds` and count."""
    tabs = await asyncio.gather(*(logged_in_tab(base_urls[i % len(base_urls)], page, user, password)
                                  for i, (user, password) in enumerate(accounts)))
    try:
        for _ in range(warm_up):  # caches refilled after the logins' audit entries changed the data version
            await asyncio.gather(*(tab.run() for tab in tabs))
        latencies: list[float] = []
        before = cpu_counters(app_pids)
        started = time.perf_counter()
        deadline = started + seconds

        async def refresh(tab: Tab) -> None:
            while time.perf_counter() < deadline:
                run = await tab.run()
                if not run.logged_in or run.exceptions:
                    raise LoadError(f"a refresh of /{page} came back logged out or failed: {run.exceptions}")
                if time.perf_counter() <= deadline:
                    latencies.append(run.seconds)

        await asyncio.gather(*(refresh(tab) for tab in tabs))
        elapsed = time.perf_counter() - started
        after = cpu_counters(app_pids)
        cores = {name: (after[name] - before[name]) / elapsed for name in after}
        return LoadResult(len(base_urls), len(accounts), seconds, latencies, cores)
    finally:
        await asyncio.gather(*(tab.close() for tab in tabs), return_exceptions=True)


# --- servers and the database -------------------------------------------------------------------------------


def start_app(database_url: str, cookie_key: str, log: Path) -> AppProcess:
    """The app outside demo mode on a free port (seed/app_process.py)."""
    return app_process.start_app({"DATABASE_URL": database_url, "AUTH_COOKIE_KEY": cookie_key, "DEMO_MODE": None},
                                 log)


def prepare_database(url: str, scale: int, users: int) -> list[tuple[str, str]]:
    """Drop and rebuild the schema, load the demo at `scale` (without the demo accounts, whose passwords are
    public), add `users` accounts with their own passwords, ANALYZE. Returns (username, password) pairs."""
    from db.actor import ADMIN, SYSTEM, Actor
    from db.engine import make_engine, session_factory
    from db.migrate import upgrade
    from db.services.users import change_own_password, create_user
    from domain.inputs import parse
    from domain.user_inputs import OwnPasswordChange, UserInput
    from seed.bench import _analyze, _fresh_postgres
    from seed.demo import load_demo

    if url.startswith("postgresql"):
        _fresh_postgres(url)
    upgrade(url)
    engine = make_engine(url)
    accounts = []
    try:
        with session_factory(engine)() as s, s.begin():
            load_demo(s, scale=scale, demo_accounts=False)
            system = Actor(username=SYSTEM, role=ADMIN)
            for i in range(users):
                username, first, own = f"load-{i + 1:02d}", secrets.token_urlsafe(12), secrets.token_urlsafe(12)
                create_user(s, actor=system, given=parse(UserInput, username=username, name=f"Load {i + 1}",
                                                         password=first, role=ROLES[i % len(ROLES)]))
                change_own_password(s, username=username, given=parse(
                    OwnPasswordChange, current_password=first, new_password=own))
                accounts.append((username, own))
        _analyze(engine)
    finally:
        engine.dispose()
    return accounts


def measure(url: str, accounts: Sequence[tuple[str, str]], processes: int, *, page: str, seconds: float,
            logs: Path) -> LoadResult:
    cookie_key = secrets.token_urlsafe(48)
    apps = []
    try:
        for n in range(processes):
            apps.append(start_app(url, cookie_key, logs / f"app-{processes}-{n}.log"))
        return asyncio.run(drive([a.url for a in apps], accounts, page=page, seconds=seconds,
                                 app_pids=[a.process.pid for a in apps]))
    finally:
        for app in apps:
            stop_app(app)


def render(results: Sequence[LoadResult]) -> str:
    lines = [(f"{'processes':>9}{'users':>7}{'refreshes':>11}{'per s':>8}{'median ms':>11}{'p95 ms':>9}"
              f"   cores busy: {'apps':>5}{'client':>7}{'postgres':>9}{'machine':>8}{'per app CPU s':>15}")]
    for r in results:
        cpu = r.cpu or {}
        lines.append(f"{r.processes:>9}{r.users:>7}{len(r.latencies):>11}{r.per_second:>8.1f}"
                     f"{statistics.median(r.latencies) * 1000:>11.0f}{r.percentile(0.95) * 1000:>9.0f}"
                     f"{'':>15}{cpu.get('apps', 0):>5.2f}{cpu.get('client', 0):>7.2f}"
                     f"{cpu.get('postgres', 0):>9.2f}{cpu.get('machine', 0):>8.2f}"
                     f"{r.per_app_cpu_second:>15.1f}")
    rates: dict[int, list[tuple[float, float]]] = {}
    for r in results:  # several rounds (--processes 1,2,2,1) average out a machine whose load drifts
        rates.setdefault(r.processes, []).append((r.per_second, r.per_app_cpu_second))
    one = [statistics.mean(column) for column in zip(*rates.get(1, [(0.0, 0.0)]))]
    for processes, figures in rates.items():
        if processes != 1 and one[0]:
            rate, per_cpu = (statistics.mean(column) for column in zip(*figures))
            lines.append(f"{processes} processes / 1: {rate / one[0]:.2f}x the refreshes per second, "
                         f"{per_cpu / one[1]:.2f}x per app CPU second (1.00x: a process adds its cores' worth)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seed.load_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True,
                        help="a throw-away PostgreSQL database (its schema is dropped)")
    parser.add_argument("--scale", type=int, default=1, help="demo multiplier of the data loaded (default 1)")
    parser.add_argument("--users", type=int, default=8, help="concurrent logged-in sessions (default 8)")
    parser.add_argument("--seconds", type=float, default=20,
                        help="measuring time per configuration (default 20)")
    parser.add_argument("--processes", default="1,2",
                        help="app process counts to compare, in this order (default 1,2; 1,2,2,1 averages "
                             "out a machine whose load drifts)")
    parser.add_argument("--page", default="overview", help="the page refreshed (its address; default overview)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    counts = [int(n) for n in args.processes.split(",") if n.strip()]
    if args.scale < 1 or args.users < 1 or args.seconds <= 0 or not counts or min(counts) < 1:
        parser.error("--scale, --users, --seconds and --processes take positive numbers")
    started = time.perf_counter()
    accounts = prepare_database(args.url, args.scale, args.users)
    print(f"Database ready (scale {args.scale}, {args.users} accounts) in {time.perf_counter() - started:.0f} "
          f"s; refreshing /{args.page} for {args.seconds:g} s per configuration.", flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="fm0390-load-") as folder:
        for processes in counts:
            results.append(measure(args.url, accounts, processes, page=args.page, seconds=args.seconds,
                                   logs=Path(folder)))
            print(render(results[-1:]), flush=True)
    print()
    print(render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
