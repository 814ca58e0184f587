"""`python -m charterpress` runs the command line."""

from charterpress.cli import main

main()
