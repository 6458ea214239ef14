"""`python -m loadwatch`: the same as the `loadwatch` command."""

from loadwatch.cli import main

main(prog_name="loadwatch")
