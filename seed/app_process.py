"""`streamlit run app.py` as a child process on a free port, for the load bench and the browser tests."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEALTHY_WITHIN_S = 60


@dataclass
class AppProcess:
    url: str
    process: subprocess.Popen
    log: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(env: dict[str, str | None], log: Path) -> AppProcess:
    """The app, headless on a free port, with this process's environment changed by `env` (None removes a
    variable); returns once /_stcore/health answers, its output going to `log`."""
    port = free_port()
    changed = {k: v for k, v in (os.environ | env).items() if v is not None}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless",
         "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=changed, stdout=log.open("w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + HEALTHY_WITHIN_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return AppProcess(base, process, log)
        except OSError:
            time.sleep(0.3)  # polling the health endpoint while the server starts, not waiting for a result
    process.kill()
    raise RuntimeError(f"streamlit did not become healthy within {HEALTHY_WITHIN_S} s; see {log}")


def stop_app(app: AppProcess) -> None:
    app.process.terminate()
    try:
        app.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        app.process.kill()
