"""What a build may reuse instead of computing it again: one object, owned by whoever runs the builds.

A clean build (`xinan build`, `build()`, `load_site()` called alone) gets a fresh `Caches()` every time, so it
never sees anything an earlier build in the same process computed. The Builder of `xinan serve` owns one
`Caches(keep=True)` for its whole life and passes it down to the steps (validate, articles, context, ical); what
is kept there lives exactly as long as that Builder. Nothing in the package keeps state at module level.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Caches:
    # Kept between builds (False: this object serves one build only, and the steps do not stamp rows).
    keep: bool = False
    # validate: frictionless results by the bytes they were computed from.
    checked: dict[bytes, list] = field(default_factory=dict)
    # validate: converted rows by resource, with each row's digest (only when `keep`).
    rows: dict[tuple, tuple[bytes, list[dict], list[bytes]]] = field(default_factory=dict)
    # validate: (key, procs.Child) of the frictionless checks still running beside a rebuild that `speculate`s.
    speculate: bool = False
    pending: list = field(default_factory=list)
    # articles: read articles by file (only when `keep`).
    articles: dict[str, tuple] = field(default_factory=dict)
    # context: what was made from a resource's rows, by resource (only when `keep`).
    made: dict[tuple, tuple[list, object]] = field(default_factory=dict)
    # ical: calendar heads by (name, refresh hours), and each lecture's serialized event.
    ical_heads: dict[tuple[str, int], tuple[bytes, bytes]] = field(default_factory=dict)
    ical_events: dict = field(default_factory=dict)
