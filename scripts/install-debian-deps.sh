#!/usr/bin/env bash
# Install the Debian packages that `multivector site`, `multivector draw` and the browser test need:
#   graphviz              -> `dot`/`neato` for the membership network pictures
#   chromium, chromium-driver -> the headless browser test of the generated site
#   fonts-dejavu-core     -> stable glyphs for graphviz/matplotlib/chromium
#   libapache-jena-java   -> Apache Jena (TDB2 loader and query tool): the independent engine the
#                            conformance test runs every named query on (scripts/jena.sh,
#                            multivector.jena; needs the Java runtime, already a dependency)
# Idempotent and quick when everything is present (only `dpkg-query`, no network).
# As root it runs apt-get directly; otherwise through sudo if available, else it prints what to
# install and exits 1.  Set MULTIVECTOR_SKIP_DEBIAN_DEPS=1 to skip (e.g. on non-Debian hosts).
set -euo pipefail

PACKAGES=(graphviz chromium chromium-driver fonts-dejavu-core libapache-jena-java)

if [ "${MULTIVECTOR_SKIP_DEBIAN_DEPS:-0}" = "1" ]; then
    exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    if [ "$status" != "install ok installed" ]; then
        missing+=("$pkg")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-debian-deps: apt-get not found; please install: ${missing[*]}" >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    echo "install-debian-deps: not root and no sudo; please install: ${missing[*]}" >&2
    echo "  apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

echo "install-debian-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
