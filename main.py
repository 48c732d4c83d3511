"""Relance: with no arguments, open the application; with a sub-command, run the command line."""

from app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
