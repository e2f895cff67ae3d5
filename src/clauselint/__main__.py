"""The `clauselint` command and `python -m clauselint`.

`--version` and `--help` are answered before typer (and everything it imports) loads:
start-up time is what a pre-commit hook or an editor integration pays on every call.
"""

import sys

# `clauselint --help` as typer prints it on an 80-column terminal (tests/test_cli.py keeps the
# two equal): loading typer and click alone takes several times Python's own start-up.
HELP = """\
Usage: clauselint [OPTIONS] COMMAND [ARGS]...

  Lint contracts for missing and risky clauses.

Options:
  --version   Show the version and exit.
  -h, --help  Show this message and exit.

Commands:
  check       Check contracts and report missing or risky clauses.
  init        Write a commented starter clauselint.toml in the current...
  rules       List the checks: id, severity, category, kind and title.
  explain     Explain a check: why it matters, what it looks for, the...
  test-rules  Run every example in the rule packs; exit 1 listing any that...
"""


def main() -> None:
    args = sys.argv[1:]
    if args == ["--version"]:
        from . import __version__

        print(f"clauselint {__version__}")
        return
    if args in (["--help"], ["-h"]):
        sys.stdout.write(HELP)
        return
    from .cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
