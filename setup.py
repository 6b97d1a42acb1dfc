"""Build hook: a wheel must carry the packaged release (``multivector/release/``).

The release — the built graph with inferences and the ontology, shapes, queries and rules — is
written by ``multivector release`` (``make wheel`` runs it first: building the graph needs the
package's own dependencies, which an isolated build environment does not have). This hook stops
a wheel build that would silently ship without it. Editable installs (``pip install -e``) read
the workspace instead and are not checked.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

MANIFEST = Path(__file__).resolve().parent / "src" / "multivector" / "release" / "release.json"


class BuildPyWithRelease(build_py):
    def run(self) -> None:
        if not getattr(self, "editable_mode", False) and not MANIFEST.is_file():
            raise SystemExit(
                f"error: {MANIFEST.parent} is missing: run `make wheel` (or `multivector release`"
                " then build) so the wheel carries the packaged release"
            )
        super().run()


setup(cmdclass={"build_py": BuildPyWithRelease})
