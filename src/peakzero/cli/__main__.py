"""``python -m peakzero.cli``: the same command line as the ``peakzero`` script."""

from peakzero.cli import main

main()
