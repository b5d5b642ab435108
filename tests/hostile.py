"""A sample site whose article front matter and body and one station's name carry markup, for escaping tests."""
from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

from tests.conftest import CONTENT, REPO_ROOT, build_site, copy_data

GOOD = (REPO_ROOT / "tests" / "fixtures" / "articles" / "good.md").read_text(encoding="utf-8")
EVIL_TITLE = '"><img src=x onerror=alert(1)>'
EVIL_SUMMARY = '"><script>alert(2)</script>" \' & [链接](javascript:alert(3))'
PAGE_DESCRIPTION = '关于"心安" & <b>我们</b>'  # a hand-written page's front matter reaches the theme unescaped
LINK_TITLE = "[点我](javascript:alert(4)) *强调*"
EVIL_STATION = "<!--<script>alert(5)</script>社区&cc=evil@example.com心理服务站"
STATION_ID = "lh-zdzx-001"
# Markup the allow-list accepts: it must still render as before.
ALLOWED_BODY = """
!!! note "提示"
    提示框里的文字。

| 项目 | 说明 |
|:--|--:|
| 睡眠 | 每晚 7 小时 |

<details><summary>展开</summary>折叠的内容，<a href="https://www.who.int/">世卫组织</a>。</details>

`<script>alert(6)</script>` 只是代码示例。
"""


def article(title: str, summary: str, body: str = ALLOWED_BODY) -> str:
    text = GOOD.replace("title: 测试文章：好好睡觉", f"title: {quoted(title)}")
    return text.replace("summary: 用于测试的文章摘要。", f"summary: {quoted(summary)}") + body


def quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def rename_station(data: Path, station_id: str, name: str) -> None:
    path = data / "stations" / "stations.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    column = rows[0].index("name")
    for row in rows[1:]:
        if row[0] == station_id:
            row[column] = name
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def build_hostile_site(tmp: Path) -> Path:
    data = copy_data(tmp)
    rename_station(data, STATION_ID, EVIL_STATION)
    content = tmp / "content"
    shutil.copytree(CONTENT, content)
    about = content / "pages" / "about.md"
    text = about.read_text(encoding="utf-8")
    about.write_text(re.sub(r"^description: .*$", lambda m: f"description: {quoted(PAGE_DESCRIPTION)}", text, count=1,
                            flags=re.M), encoding="utf-8")
    (content / "articles" / "evil-title.md").write_text(article(EVIL_TITLE, EVIL_SUMMARY), encoding="utf-8")
    (content / "articles" / "link-title.md").write_text(article(LINK_TITLE, "摘要"), encoding="utf-8")
    out = tmp / "site"
    build_site(out, data=data, content=content)
    return out
