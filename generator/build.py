"""The names tests and older callers import from `generator.build`: the clean build (generator/pipeline.py) and,
loaded only when asked for, the incremental Builder of `xinan serve` (generator/incremental/), so that importing
`build` from here does not load the incremental layer."""
from __future__ import annotations

from generator.pipeline import BuildResult, build  # noqa: F401
from generator.rendering import RenderError, render, renderer_config, rendered_path, sync_docs  # noqa: F401

_INCREMENTAL = {"Builder": "builder", "Inputs": "fingerprints", "Wanted": "fingerprints",
                "fingerprint": "fingerprints", "shell_digest": "fingerprints", "tree_digest": "fingerprints"}


def __getattr__(name: str):
    if name in _INCREMENTAL:
        import importlib
        return getattr(importlib.import_module(f"generator.incremental.{_INCREMENTAL[name]}"), name)
    raise AttributeError(f"module 'generator.build' has no attribute {name!r}")
