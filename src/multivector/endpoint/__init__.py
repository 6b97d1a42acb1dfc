"""``multivector serve``'s HTTP front: a guarded SPARQL endpoint before the Oxigraph engine.

The Oxigraph server (``multivector.server``) does the SPARQL work on a private loopback port; in
front of it, on the public port, a Starlette application run by uvicorn checks every request
before the engine sees it and forwards it with httpx — no HTTP parsing of our own:

* ``settings`` — what the operator chose (address, limits, timeout, writable);
* ``engine`` — the engine child: started, watched, restarted when it dies or overruns, stopped;
* ``proxy`` — forwarding one request to the engine under the deadline, with one retry for reads;
* ``sparql_routes`` — the SPARQL 1.1 Protocol, Graph Store Protocol and web UI routes;
* ``ld_routes`` — the project's IRIs (``/id/…``, ``/vocab/…``, ``/ontology``) with content
  negotiation and 303s, and the static site at ``/`` (``docs/publishing.md``);
* ``describe`` — a resource's description, asked of the engine, written by pyoxigraph;
* ``negotiation`` — which representation an ``Accept`` header asks for;
* ``pages`` — the query page (YASGUI with the project's prefixes and queries) and the pages the
  server draws when no site is built;
* ``served`` — which store the engine serves (the persistent store read-only, or a temporary one);
* ``app`` — the Starlette application assembled from the route modules;
* ``run`` — binding the public socket and running uvicorn until a signal or an engine failure.
"""
