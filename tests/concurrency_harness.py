"""Several writers at once against a real database: 8 threads released together by a barrier, round after
round, each running one use case through the app's own transaction runner (retries included)."""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.engine import write_session_factory
from db.transactions import run_in_transaction

THREADS, ROUNDS = 8, 50


@dataclass
class Outcome:
    """What the writers got back: results, refusals the user would see as plain words, and anything else."""

    written: list[object] = field(default_factory=list)
    refused: list[Exception] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)


def hammer(engine: Engine, write: Callable[[Session, int, int], object], *, refusals: tuple[type[Exception], ...] = (),
           threads: int = THREADS, rounds: int = ROUNDS) -> Outcome:
    """Run `write(session, round, thread)` from `threads` threads at once, `rounds` times.

    Each call is one use case in one transaction; `refusals` are the exceptions a user is shown in plain words
    (a validation refusal); anything else (a database error reaching the user) lands in `errors`."""
    factory = write_session_factory(engine)
    outcome, lock = Outcome(), threading.Lock()

    def worker(thread: int, barrier: threading.Barrier) -> None:
        for round_ in range(rounds):
            barrier.wait()
            try:
                result = run_in_transaction(factory, lambda s: write(s, round_, thread))
            except refusals as refusal:
                with lock:
                    outcome.refused.append(refusal)
            except BaseException as error:  # noqa: BLE001 - the test reports every unexpected error
                with lock:
                    outcome.errors.append(error)
            else:
                with lock:
                    outcome.written.append(result)

    barrier = threading.Barrier(threads)
    workers = [threading.Thread(target=worker, args=(n, barrier)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return outcome
