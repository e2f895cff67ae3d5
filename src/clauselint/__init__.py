"""clauselint: a linter for contracts.

The public API (stable from 0.1; see "Python API" in the README):

- ``check_file(path, config=None)`` (a local path or an fsspec URL), ``check_bytes(data, name,
  config=None)``, ``check_text(text, config=None)`` return a ``DocumentResult``: a frozen,
  picklable dataclass whose ``to_dict()`` is one document record of the JSON output.
- ``run_batch(paths, config=None, *, jobs=1, cache=None, dask=None)`` checks many, in order;
  ``expand_paths`` walks folders the way the CLI does.
- ``load_rules(paths=(), *, builtin=True)`` loads rule packs; ``Config`` is the configuration
  (``config=None`` means the defaults); ``load_config`` reads it the way the CLI does.
- ``record(results)`` builds the JSON report; ``render(record, format)`` renders it.
"""

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "Config",
    "DocumentResult",
    "check_bytes",
    "check_file",
    "check_text",
    "expand_paths",
    "load_config",
    "load_rules",
    "record",
    "render",
    "run_batch",
]

# name -> (module, attribute); imported on first use so `clauselint --version` stays light
_LAZY = {
    "check_file": ("pipeline", "check_file"),
    "check_bytes": ("pipeline", "check_bytes"),
    "check_text": ("pipeline", "check_text"),
    "run_batch": ("batch", "run_batch"),
    "expand_paths": ("pipeline", "expand_paths"),
    "DocumentResult": ("pipeline", "DocumentResult"),
    "load_rules": ("packs", "load_rules"),
    "Config": ("config", "Config"),
    "load_config": ("config", "load"),
    "record": ("formats", "record"),
    "render": ("formats", "render"),
}


def __getattr__(name):
    if name not in _LAZY:
        raise AttributeError(f"module 'clauselint' has no attribute {name!r}")
    from importlib import import_module

    module, attr = _LAZY[name]
    return getattr(import_module(f".{module}", __name__), attr)


def __dir__():
    return sorted(set(globals()) | set(__all__))
