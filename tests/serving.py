"""``multivector serve`` as a real child process for tests: a temporary workspace holding a copy
of the shipped sources, started on a free loopback port, stopped with SIGTERM (shared by the
persistent-store and the linked-data suites)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from multivector import workspace

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("ontology", "data", "shapes", "reasoning", "queries", "pyproject.toml")


def copy_workspace(target: Path) -> Path:
    """A workspace at ``target`` with the shipped sources and no ``dist/``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copyfile(source, target / name)
    return target


@dataclass
class Serve:
    process: subprocess.Popen[str]
    base: str
    stderr_path: Path

    def stderr(self) -> str:
        return self.stderr_path.read_text()


def start(*args: str, cwd: Path, logs: Path, env: dict[str, str] | None = None) -> Serve:
    """``multivector serve --port 0 ARGS`` run in ``cwd``; returns once it announced its URL."""
    environment = {k: v for k, v in os.environ.items() if k != workspace.HOME_ENV}
    environment.update(env or {})
    logs.mkdir(parents=True, exist_ok=True)
    stderr_path = logs / f"serve-{time.monotonic_ns()}.err"
    with stderr_path.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "multivector", "serve", "--port", "0", *args],
            cwd=cwd, env=environment, stdout=subprocess.PIPE, stderr=stderr, text=True,
        )
    assert process.stdout is not None
    for line in process.stdout:
        match = re.search(r"(http://127\.0\.0\.1:\d+)/query", line)
        if match:
            return Serve(process, match.group(1), stderr_path)
    process.wait(30)
    raise AssertionError(f"serve did not start: {stderr_path.read_text()}")


def stop(serve: Serve) -> int:
    """SIGTERM, then the exit code (serve stops its engine and removes what it made)."""
    if serve.process.poll() is None:
        serve.process.send_signal(signal.SIGTERM)
    code = serve.process.wait(60)
    if serve.process.stdout is not None:
        serve.process.stdout.close()
    return code


def engine_command(serve: Serve, within: float = 10.0) -> list[str]:
    """The command line of ``serve``'s Oxigraph child."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        for task in Path(f"/proc/{serve.process.pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                try:
                    command = Path(f"/proc/{child}/cmdline").read_bytes().decode().split("\0")
                except FileNotFoundError:
                    continue
                if command and command[0].endswith("oxigraph"):
                    return [part for part in command if part]
        time.sleep(0.05)
    raise AssertionError("serve has no oxigraph child")
