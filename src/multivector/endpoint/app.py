"""The Starlette application of ``serve``'s front, assembled from route modules.

Each route module has a ``routes()`` list: the SPARQL routes first, then the linked-data routes
(``/id/…``, ``/vocab/…``, ``/ontology``, and the static site at ``/``, mounted last). The
application holds the settings and the proxy in ``app.state``; its lifespan starts the engine
watch and closes the proxy.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette

from multivector.endpoint import ld_routes, sparql_routes
from multivector.endpoint.engine import Supervisor
from multivector.endpoint.proxy import Proxy
from multivector.endpoint.settings import EndpointSettings

ROUTE_MODULES = (sparql_routes, ld_routes)


def create_app(settings: EndpointSettings, supervisor: Supervisor) -> Starlette:
    """The front for ``supervisor``'s engine (already started)."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.proxy = Proxy(supervisor, settings)
        watch = asyncio.create_task(supervisor.watch())
        try:
            yield
        finally:
            watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watch
            await app.state.proxy.close()

    routes = [*sparql_routes.routes(), *ld_routes.routes(settings)]
    return Starlette(routes=routes, lifespan=lifespan)


__all__ = ["ROUTE_MODULES", "create_app"]
