"""YAML that people edit, read within limits: no anchors or aliases, bounded size and depth, short one-line errors."""
from __future__ import annotations

import yaml

# libyaml's parser when PyYAML has it (the PyPI wheels do): a province's descriptors parse 10x faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 64 * 1024   # article front matter and questionnaires: far above any real one; bounds parse time and memory
MAX_DEPTH = 8           # sources: [{title, url}] is depth 3
DESCRIPTOR_BYTES = 1024 * 1024   # a data package descriptor (datapackage.yaml)
DESCRIPTOR_DEPTH = 32
SHOWN = 30              # characters of a value quoted back in a message


class YamlProblem(ValueError):
    """A YAML text refused: `line` is 1-based within the text, `message` is for the editor (Chinese, one line)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def shorten(value, limit: int = SHOWN) -> str:
    """A value as quoted in a message: one line, at most `limit` characters."""
    text = " ".join(str(value)[: 10 * limit].split())
    return text if len(text) <= limit else text[:limit] + "…"


def bracket_depth(text: str, max_depth: int = MAX_DEPTH) -> None:
    """Refuse deeply nested flow collections before PyYAML sees them: its pure-Python scanner looks ahead over every
    open bracket for a possible key, quadratic in the nesting (5,000 "[" took 5 s). Quoted text is skipped."""
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
            if depth > max_depth:
                raise YamlProblem(line, f"嵌套超过 {max_depth} 层")
        elif ch in "]}":
            depth = max(depth - 1, 0)


def _line(mark) -> int:
    return 1 if mark is None else mark.line + 1


def located(exc: yaml.YAMLError) -> tuple[int, str]:
    """(line, message) of a PyYAML error, its text cut short: never the whole offending value."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc)
    return _line(mark), f"YAML 语法错误：{shorten(problem, 80)}"


def load(text: str, loader=None, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH):
    """The YAML document in `text` read with `loader` (default: the safe loader), or YamlProblem. The event stream is
    checked before anything is constructed, so an anchor or alias is refused before it expands ("billion laughs")
    and a deeply nested value never reaches the recursive constructor."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise YamlProblem(1, f"内容过长（{size} 字节，最多 {max_bytes // 1024} KB）")
    bracket_depth(text, max_depth)
    depth = 0
    try:
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise YamlProblem(_line(event.start_mark), "不允许使用 YAML 锚点和别名（& 与 *）：请把内容直接写出")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > max_depth + 1:  # + 1: the document's own mapping
                    raise YamlProblem(_line(event.start_mark), f"嵌套超过 {max_depth} 层")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
        return yaml.load(text, Loader=loader or SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise YamlProblem(*located(exc)) from None
    except (RecursionError, MemoryError, ValueError, OverflowError) as exc:  # e.g. a huge number read as a date
        if isinstance(exc, YamlProblem):
            raise
        raise YamlProblem(1, f"YAML 取值无效：{shorten(exc, 60)}") from None
