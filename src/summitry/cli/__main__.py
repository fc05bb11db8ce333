"""``python -m summitry.cli``: the ``summitry`` command."""

from summitry.cli import main

main()
