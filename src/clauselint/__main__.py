"""The `clauselint` command and `python -m clauselint`.

`--version` is answered before typer (and everything it imports) loads: start-up time is
what a pre-commit hook or an editor integration pays on every call.
"""

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        print(f"clauselint {__version__}")
        return
    from .cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
