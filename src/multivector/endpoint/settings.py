"""What the operator of ``multivector serve`` chose: address, query limits, timeout, writability."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path

from multivector.querylimits import QueryLimits

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ANSWER_SIZE = 32 * 1024 * 1024
#: seconds an engine may go on with a query after its client got 504 before it is restarted
OVERRUN_GRACE = 5.0


@dataclass(frozen=True)
class EndpointSettings:
    host: str = "127.0.0.1"
    port: int = 7878
    writable: bool = False
    #: seconds: a query with no complete answer by then gets HTTP 504
    timeout: float = DEFAULT_TIMEOUT
    limits: QueryLimits = field(default_factory=QueryLimits)
    #: bytes: a larger answer is refused (503) rather than held in memory
    max_answer_size: int = DEFAULT_MAX_ANSWER_SIZE
    #: the static site served at ``/`` (``multivector site``), None when none is built
    site: Path | None = None
    #: the named queries offered as examples on the query page
    queries: Path | None = None

    @property
    def loopback_only(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


__all__ = ["DEFAULT_MAX_ANSWER_SIZE", "DEFAULT_TIMEOUT", "OVERRUN_GRACE", "EndpointSettings"]
