"""clauselint: a linter for contracts.

The public API (stable from 0.1): ``check_file``, ``check_bytes``, ``check_text`` return a
``DocumentResult`` whose ``to_dict()`` is one document record of the JSON output.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "check_file", "check_bytes", "check_text", "load_rules"]


def __getattr__(name):
    # Lazy: `clauselint --version` must not pay for spaCy or the PDF libraries.
    if name in ("check_file", "check_bytes", "check_text"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "load_rules":
        from .packs import load_rules

        return load_rules
    raise AttributeError(name)
