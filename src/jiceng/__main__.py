"""Run the command line as ``python -m jiceng``."""

import sys

from jiceng.cli import main

if __name__ == "__main__":
    sys.exit(main())
