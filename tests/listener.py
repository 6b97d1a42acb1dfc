"""A TCP listener on 127.0.0.1 that counts connections: proof that a refused SERVICE, LOAD or
forwarded query never reached the network (shared by the CLI/API and the server hostile suites)."""

from __future__ import annotations

import socket
import threading


class Listener:
    """Counts the TCP connections made to a port on 127.0.0.1."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.sock.accept()
            except OSError:  # includes the accept timeout
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()
