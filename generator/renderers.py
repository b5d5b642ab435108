"""The renderers the project supports (extra.xinan.renderer), each with the command line it really has."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Renderer:
    """One renderer that reads mkdocs.yml: its executable and which of the build options it has."""

    name: str
    quiet: str | None  # the option that keeps its INFO lines off stderr, if it has one
    dirty: str | None  # the option that renders only changed Markdown (xinan serve), if it has one
    dirty_warning: str = ""  # the warning it prints on every dirty build (not a problem of the site)
    plugins: tuple = ()  # plugin settings the generated config adds for this renderer

    def command(self, executable: str, config_file: str, dirty: bool = False) -> list[str]:
        """The build command on a generated config; `dirty` only for a renderer with a dirty mode."""
        args = [executable, "build"]
        if dirty and self.dirty:
            # --strict would fail on the renderer's own "dirty build" warning, and --quiet would hide the others:
            # build.render() reads the warnings itself.
            args.append(self.dirty)
        else:
            args += [self.quiet, "--strict"] if self.quiet else ["--strict"]
        return [*args, "--config-file", config_file]


_MKDOCS_DIRTY = "A 'dirty' build is being performed"
PROFILES = {
    # MkDocs 1.6 and ProperDocs (its maintained fork) take the same options.
    "mkdocs": Renderer("mkdocs", quiet="--quiet", dirty="--dirty", dirty_warning=_MKDOCS_DIRTY),
    "properdocs": Renderer("properdocs", quiet="--quiet", dirty="--dirty", dirty_warning=_MKDOCS_DIRTY),
    # Zensical has neither --quiet nor --dirty (it keeps its own cache beside the config file), and its own search
    # is on unless switched off: the site searches with Pagefind (generator/search.py), one search box is enough.
    "zensical": Renderer("zensical", quiet=None, dirty=None, plugins=({"search": {"enabled": False}},)),
}
DEFAULT = "properdocs"


def environment(epoch: int) -> dict[str, str]:
    """The renderer's environment: reproducible (hash seed, SOURCE_DATE_EPOCH for the dates it stamps) and without
    the notices about MkDocs 2 and Material's end of life, which are addressed to the project, not to editors."""
    return dict(os.environ, PYTHONHASHSEED="0", SOURCE_DATE_EPOCH=str(epoch), NO_MKDOCS_2_WARNING="1",
                DISABLE_MKDOCS_2_WARNING="true")


# Lines of those notices, should a future release print them in spite of the variables above.
_NOTICE = ("end of life", "MkDocs 2", "Zensical is its maintained successor", "zensical.org/docs/compatibility",
           "NO_MKDOCS_2_WARNING", "ProperDocs. That notice", "recommendation from us", "Critical fixes and security",
           "Try it alongside MkDocs", "third-party plugin may print",
           # ProperDocs' notice, printed when a plugin asks for it and `mkdocs` runs
           "MkDocs may break support", "The owner of MkDocs", "switch to *ProperDocs*", "pip install properdocs",
           "DISABLE_MKDOCS_2_WARNING", "properdocs.org", "This warning was initiated")


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def editor_output(text: str) -> str:
    """The renderer's output as shown to an editor when it fails: without the project-level notices."""
    kept = []
    for line in _ANSI.sub("", text).splitlines():
        if any(n in line for n in _NOTICE) or line.strip() in ("│", "-" * 64):  # and their frames
            continue
        if line.strip() or (kept and kept[-1].strip()):
            kept.append(line)
    return "\n".join(kept).strip("\n")
