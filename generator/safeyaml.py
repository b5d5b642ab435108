"""YAML that people edit, read safely: no anchors or aliases, bounded size and depth, one-line errors."""
from __future__ import annotations

import yaml

# libyaml's parser when PyYAML has it (the PyPI wheels do): a province's descriptors parse 10x faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32


class YamlError(ValueError):
    """A YAML text that is refused: `line` is 1-based (None when the whole text is at fault); the message is Chinese
    and one line."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def _line(mark) -> int | None:
    return None if mark is None else mark.line + 1


def load(text: str, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH):
    """The YAML value of `text`, or YamlError. The event stream is checked before anything is built, so an alias
    bomb or a deeply nested value never reaches the constructor (which recurses and expands aliases)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise YamlError(f"文件过大（{size} 字节，最多 {max_bytes} 字节）")
    depth = 0
    try:
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlError("不支持 YAML 锚点和别名（& 和 *），请直接写出取值", _line(event.start_mark))
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > max_depth:
                    raise YamlError(f"嵌套层次过深（最多 {max_depth} 层）", _line(event.start_mark))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
        return yaml.load(text, Loader=SAFE_LOADER)
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(f"YAML 语法错误：{exc.problem or exc.context}", _line(mark)) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML 无法读取：{str(exc).splitlines()[0][:80]}") from None
    except (ValueError, OverflowError, RecursionError) as exc:
        # Values the safe constructor rejects after parsing (a timestamp like 2026-13-45, a huge number).
        raise YamlError(f"YAML 取值无效：{str(exc)[:80]}") from None
