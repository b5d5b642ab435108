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
    """Raise YamlProblem for a text over the limits or using anchors/aliases; the event parser is iterative, so
    neither deep nesting nor alias expansion ("billion laughs") can exhaust the stack or memory here."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlProblem(1, f"头信息过长（超过 {MAX_BYTES // 1024} KB）")
    bracket_depth(text)
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise YamlProblem(line, "不允许使用 YAML 锚点和别名（& 与 *）：请把内容直接写出")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(line, f"嵌套超过 {MAX_DEPTH} 层")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        raise YamlProblem(*located(exc)) from exc


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
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise YamlProblem(*located(exc)) from exc
    except (RecursionError, MemoryError, ValueError, OverflowError) as exc:  # e.g. a huge number as a date
        raise YamlProblem(1, f"头信息无法读取：{shorten(type(exc).__name__)}") from exc
