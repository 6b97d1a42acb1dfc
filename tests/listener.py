"""Raw TCP servers on 127.0.0.1: :class:`Listener` counts connections — proof that a refused
SERVICE, LOAD or forwarded query never reached the network (shared by the CLI/API and the server
hostile suites); :class:`RawServer` answers with bytes chosen by the test (an answer cut off,
a reset, an HTML page) for the remote-store suite."""

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


class RawServer:
    """Answers every connection on 127.0.0.1 with the bytes given, then closes it — a server
    that cuts its answer off, resets the connection (``reset=True``: RST instead of FIN) or
    sends what is not SPARQL. Reads the request first, as a real server does."""

    def __init__(self, answer: bytes, *, reset: bool = False) -> None:
        self.answer = answer
        self.reset = reset
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/query"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        import struct

        while not self._stop.is_set():
            try:
                connection, _ = self.sock.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(2)
                request = b""
                try:
                    while b"\r\n\r\n" not in request:
                        chunk = connection.recv(65536)
                        if not chunk:
                            break
                        request += chunk
                    connection.sendall(self.answer)
                except OSError:
                    continue
                if self.reset:  # SO_LINGER 0: close sends RST
                    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                          struct.pack("ii", 1, 0))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()
