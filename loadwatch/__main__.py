"""`python -m loadwatch`: the same as the `loadwatch` command."""

from loadwatch.cli import main

if __name__ == "__main__":
    main(prog_name="loadwatch")
