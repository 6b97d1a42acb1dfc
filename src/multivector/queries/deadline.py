"""Running a function with a time limit that really stops it: a forked worker process.

A thread cannot be stopped, a process can: a runaway query really ends when its worker is killed
at the deadline. The worker's result (or its error, as one line) comes back through a pipe. The
worker never outlives its parent: it asks the kernel to kill it when the parent dies
(``multivector.lifeline``), so even ``kill -9`` of ``multivector query`` stops it.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from multivector import lifeline
from multivector.errors import InputError, MultivectorError, one_line

T = TypeVar("T")


class QueryTimeout(InputError):
    """A query ran past its time limit and was stopped."""


def call_with_deadline(func: Callable[[], T], timeout: float | None, *, what: str) -> T:
    """``func()``, in a forked worker process killed when ``timeout`` seconds have passed.

    Without a timeout (or where fork is unavailable) ``func`` runs in this process.
    """
    if timeout is None or "fork" not in mp.get_all_start_methods():
        return func()
    context = mp.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_worker, args=(func, sender, os.getpid()), daemon=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork in a threaded process
        process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryTimeout(f"{what} did not finish within {timeout:g} s (stopped)")
        try:
            ok, payload = receiver.recv()
        except EOFError:
            raise InputError(f"{what}: the worker process died") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
    if ok:
        return payload
    raise payload


def _worker(func: Callable[[], Any], sender: Any, parent: int) -> None:
    lifeline.die_with_parent(parent)
    try:
        result: tuple[bool, Any] = (True, func())
    except MultivectorError as exc:
        result = (False, exc)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as one line
        result = (False, InputError(f"query failed: {one_line(exc)}"))
    try:
        sender.send(result)
    finally:
        sender.close()


__all__ = ["QueryTimeout", "call_with_deadline"]
