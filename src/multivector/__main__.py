"""``python -m multivector`` runs the command line (same as the ``multivector`` script)."""

from multivector.cli import main

main()
