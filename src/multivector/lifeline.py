"""Child processes that die with their parent: the Oxigraph engine of ``serve``, query workers.

A child that outlives ``multivector`` keeps a port bound or a CPU busy with a query nobody waits
for. Stopping children in ``finally`` blocks or signal handlers covers every ending except
``kill -9`` (and a crash of the interpreter), which runs no code in the parent at all. Linux has
the one mechanism that does not depend on the parent running anything: ``prctl(PR_SET_PDEATHSIG,
SIGKILL)`` asks the kernel to kill the child when its parent dies. Two caveats, both handled:

* the signal fires when the *thread* that created the child ends, not the process — so children
  are started from a thread that lives as long as the process (``serve`` starts and restarts the
  engine on its main thread, the event loop's), and a query worker lives only while the calling
  thread waits for it;
* the parent may die between ``fork`` and ``prctl``: the child then checks that its parent is
  still the one that forked it, and exits if not.

Elsewhere than Linux the request is a no-op; ``serve`` also puts the engine in its own process
group, stopped as a whole with ``killpg``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _load_prctl():  # resolved once in the parent: the child only calls it (safe after fork)
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl
    except (OSError, AttributeError):  # pragma: no cover - every Linux libc has prctl
        return None


_PRCTL = _load_prctl()


def die_with_parent(parent_pid: int, sig: int = signal.SIGKILL) -> None:
    """In a freshly forked child: be killed with ``sig`` when the parent dies (see module doc)."""
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)


def preexec(parent_pid: int | None = None):
    """A ``preexec_fn`` for :class:`subprocess.Popen` that calls :func:`die_with_parent`.

    The function runs in the child between fork and exec, so it only calls a pre-resolved C
    function and ``os`` primitives (no imports, no allocation-heavy Python).
    """
    parent = os.getpid() if parent_pid is None else parent_pid

    def setup() -> None:
        die_with_parent(parent)

    return setup


__all__ = ["die_with_parent", "preexec"]
