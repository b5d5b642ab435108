"""YAML from editors read within limits: no anchors or aliases, bounded size and depth, short error messages."""
from __future__ import annotations

import yaml

MAX_BYTES = 64 * 1024   # far above any real front matter; a bound on parse time and memory
MAX_DEPTH = 8           # sources: [{title, url}] is depth 3
SHOWN = 30              # characters of a value quoted back in a message


class YamlProblem(Exception):
    """A YAML text refused: `line` is 1-based within the text, `message` is for the editor (Chinese)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def shorten(value, limit: int = SHOWN) -> str:
    """A value as quoted in a message: one line, at most `limit` characters."""
    text = " ".join(str(value)[: 10 * limit].split())
    return text if len(text) <= limit else text[:limit] + "…"


def check(text: str) -> None:
    """Raise YamlProblem for a text over the size limit or with deeply nested brackets; anchors, aliases and deep
    block nesting are refused while the document is composed (see load)."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlProblem(1, f"头信息过长（超过 {MAX_BYTES // 1024} KB）")
    bracket_depth(text)


_CHECKED: dict[type, type] = {}


def _checked(loader: type) -> type:
    """`loader` composing within the limits: an anchor or alias is refused before it is resolved, so alias
    expansion ("billion laughs") never happens, and nesting is counted as nodes open."""
    if loader not in _CHECKED:
        def compose_node(self, parent, index):
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise YamlProblem(event.start_mark.line + 1, "不允许使用 YAML 锚点和别名（& 与 *）：请把内容直接写出")
            self.depth = getattr(self, "depth", 0) + 1
            try:
                if self.depth > MAX_DEPTH + 2:  # + 2: the document's own mapping, and the value at the bottom
                    raise YamlProblem(event.start_mark.line + 1, f"嵌套超过 {MAX_DEPTH} 层")
                return loader.compose_node(self, parent, index)
            finally:
                self.depth -= 1
        _CHECKED[loader] = type(f"Checked{loader.__name__}", (loader,), {"compose_node": compose_node})
    return _CHECKED[loader]


def bracket_depth(text: str) -> None:
    """Refuse deeply nested flow collections before PyYAML sees them: its scanner looks ahead over every open
    bracket for a possible key, quadratic in the nesting (5,000 "[" took 5 s). Quoted text is skipped."""
    depth, quote, line = 0, "", 1
    for ch in text:
        if ch == "\n":
            line += 1
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlProblem(line, f"嵌套超过 {MAX_DEPTH} 层")
        elif ch in "]}":
            depth = max(depth - 1, 0)


def located(exc: yaml.YAMLError) -> tuple[int, str]:
    """(line, message) of a PyYAML error, its text cut short: never the whole offending value."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    return (mark.line + 1 if mark else 1), f"YAML 语法错误：{shorten(problem, 80)}"


def load(text: str, loader=yaml.SafeLoader):
    """The YAML document in `text`, read with `loader` once check() has passed; YamlProblem otherwise."""
    check(text)
    try:
        return yaml.load(text, Loader=_checked(loader))
    except yaml.YAMLError as exc:
        raise YamlProblem(*located(exc)) from exc
    except (RecursionError, MemoryError, ValueError, OverflowError) as exc:  # e.g. a huge number as a date
        raise YamlProblem(1, f"头信息无法读取：{shorten(type(exc).__name__)}") from exc
