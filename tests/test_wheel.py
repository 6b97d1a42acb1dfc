"""The wheel, as a new user gets it: built from a clean copy of the repository (``multivector
release``, then an ordinary ``pip wheel``), installed with its dependencies into a fresh virtual
environment in a temporary folder outside any checkout, and used there with no environment
variable: the CLI answers, exports and the README's library examples run on the packaged
release."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "dist", "build", "*.egg-info", "__pycache__", ".pytest_cache",
    ".ruff_cache", ".hypothesis", "release", "work", "results",
)


def run(command: list[str], cwd: Path, **options) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("MULTIVECTOR_HOME", "PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False,
                          timeout=1200, **options)
    assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the venv's bin folder, an empty folder outside any workspace)."""
    root = tmp_path_factory.mktemp("wheel")
    clone = root / "clone"
    shutil.copytree(REPO, clone, ignore=IGNORED, symlinks=True)
    assert not (clone / "src" / "multivector" / "release").exists()
    run([sys.executable, "-m", "multivector", "release", "--home", str(clone)], cwd=clone)
    wheels = root / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir",
         str(wheels), str(clone)], cwd=root)
    (wheel,) = wheels.glob("multivector-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for member in ("multivector/release/release.json", "multivector/release/graph/store/CURRENT",
                   "multivector/release/graph/multivector.nq.gz",
                   "multivector/release/ontology/multivector.ttl",
                   "multivector/release/reasoning/rules/10-subclass.rq"):
        assert member in names, member
    assert any(n.startswith("multivector/release/queries/cq/cq01") for n in names)
    assert any(n.startswith("multivector/release/shapes/") and n.endswith(".ttl") for n in names)
    assert any(n.startswith("multivector/release/queries/internal/") for n in names)
    assert {n.rsplit("/", 1)[-1] for n in names if "/licenses/" in n} == {"LICENSE",
                                                                         "LICENSE-DATA"}
    venv = root / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=root)
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", f"{wheel}[pandas]"],
        cwd=root)
    outside = root / "outside"
    outside.mkdir()
    return venv / "bin", outside


def test_query_cq1_from_the_wheel(installed: tuple[Path, Path]) -> None:
    bin_dir, outside = installed
    done = run([str(bin_dir / "multivector"), "query", "CQ1", "-f", "csv"], cwd=outside,
               text=True)
    assert done.stdout.splitlines() == [
        "state,stateLabel",
        "https://w3id.org/multivector/id/Kazakhstan,Kazakhstan",
        "https://w3id.org/multivector/id/Kyrgyzstan,Kyrgyzstan",
    ]
    version = run([str(bin_dir / "multivector"), "--version"], cwd=outside, text=True)
    assert "graph: the packaged release" in version.stdout


def test_query_all_and_export_from_the_wheel(installed: tuple[Path, Path]) -> None:
    bin_dir, outside = installed
    every = run([str(bin_dir / "multivector"), "query", "--all"], cwd=outside, text=True)
    count = len(list((REPO / "queries" / "cq").glob("cq*.rq")))  # every named query, once
    assert every.stdout.count("== CQ") == count and every.stdout.startswith("== CQ1:")
    exported = run([str(bin_dir / "multivector"), "export", "--format", "nq", "--out", "-"],
                   cwd=outside)
    quads = list(ox.parse(exported.stdout, format=ox.RdfFormat.N_QUADS))
    graphs = {q.graph_name.value for q in quads}
    assert "https://w3id.org/multivector/id/graph/inferred" in graphs
    assert len(quads) > 10_000
    turtle = run([str(bin_dir / "multivector"), "export", "--format", "ttl", "--out", "-"],
                 cwd=outside)
    assert len(list(ox.parse(turtle.stdout, format=ox.RdfFormat.TURTLE))) > 10_000
    assert list(outside.iterdir()) == []  # nothing written into the working folder


def test_readme_library_examples_run_from_the_wheel(installed: tuple[Path, Path]) -> None:
    bin_dir, outside = installed
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 3
    for index, block in enumerate(blocks):
        done = run([str(bin_dir / "python"), "-c", block], cwd=outside, text=True)
        assert done.stdout.strip(), index
        assert "Traceback" not in done.stderr


def test_serve_draw_and_site_from_the_wheel(installed: tuple[Path, Path], tmp_path: Path) -> None:
    import urllib.parse
    import urllib.request

    bin_dir, outside = installed
    picture = tmp_path / "network.svg"
    drawn = run([str(bin_dir / "multivector"), "draw", "network", "--at", "2017-06-22",
                 "--out", str(picture)], cwd=outside, text=True)
    assert drawn.stdout.startswith(f"wrote {picture} (") and picture.read_bytes().startswith(b"<")
    site = run([str(bin_dir / "multivector"), "site", "--out", str(tmp_path / "site")],
               cwd=outside, text=True)
    assert "pages" in site.stdout and (tmp_path / "site" / "index.html").is_file()
    server = subprocess.Popen([str(bin_dir / "multivector"), "serve", "--port", "0"],
                              cwd=outside, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    try:
        url = None
        said: list[str] = []
        assert server.stdout is not None
        for line in server.stdout:
            said.append(line)
            found = re.search(r"(http://127\.0\.0\.1:\d+/query)", line)
            if found and "SPARQL endpoint" in line:
                url = found.group(1)
                break
        assert url is not None, said
        # the packaged store, opened read-only in place: nothing is loaded into a temporary one
        assert any(line.startswith("multivector serve: serving the packaged release's store ")
                   and line.rstrip().endswith("(read-only)") for line in said), said
        query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        request = urllib.request.Request(
            url + "?" + urllib.parse.urlencode({"query": query}),
            headers={"Accept": "text/csv"},
        )
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 - loopback
            lines = answer.read().decode().splitlines()
        assert lines[0] == "n" and int(lines[1]) > 10_000
        # the IRIs resolve and the query page opens, from the packaged queries and templates
        base = url.removesuffix("/query")
        turtle = urllib.request.Request(base + "/id/Kazakhstan.ttl")
        with urllib.request.urlopen(turtle, timeout=60) as answer:  # noqa: S310 - loopback
            graph = ox.parse(answer.read(), format=ox.RdfFormat.TURTLE)
            assert ox.Triple(ox.NamedNode("https://w3id.org/multivector/id/Kazakhstan"),
                             ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                             ox.Literal("Kazakhstan", language="en")) in {q.triple for q in graph}
        page = urllib.request.Request(base + "/sparql", headers={"Accept": "text/html"})
        with urllib.request.urlopen(page, timeout=60) as answer:  # noqa: S310 - loopback
            assert "CQ1 — Which states are members" in answer.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert list(outside.iterdir()) == []
