"""`python -m qualframe` runs the command line."""

from qualframe.cli import main

main()
