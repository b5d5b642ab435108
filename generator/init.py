"""`xinan init FOLDER`: a new district's site, ready to validate and build at once.

Everything comes from the engine's package data, `generator/scaffold/`, so an engine installed from a wheel can
start a site with no checkout of this repository:

- `mkdocs.yml`, the editors' `README.md`, `site_overrides/README.md`, `content/` (an example article, the about
  and privacy pages) are templates: `$district`, `$city`, `$bounds`, `$site_url`, `$email`, `$contract`,
  `$today`, `$next_review`, `$created` are filled in (string.Template);
- `data/` holds copies of the sample site's national and editorial files (the crisis lines, holidays, the
  safe-messaging terms, crisis phrases, synonyms, screening questionnaires) and of its data-package descriptors
  (tests/test_init.py fails when a copy drifts from the sample's). The descriptors keep their schemas word for word
  (the data contract) and get this district's package metadata; the record tables (stations, streets,
  practitioners, lectures, communities, facilities) are written with their header row only, in schema order;
  the coverage targets keep the national ones, whose sources apply to every district.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import string
import sys
from pathlib import Path

import yaml

from generator import datacontract, safeyaml
from generator.schema import DESCRIPTOR

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"
TEMPLATES = ("mkdocs.yml", "README.md", "site_overrides/README.md", "content/articles/how-to-find-help.md",
             "content/pages/about.md", "content/pages/privacy.md")
# Packages whose descriptor metadata is this district's (the sample's says Futian and fictional).
DISTRICT_PACKAGES = ("stations", "practitioners", "lectures", "coverage", "hotlines")
EXAMPLE_ARTICLE = "how-to-find-help"
SAMPLE_WORDS = ("示例", "虚构", "【重要】")  # sentences of the sample's descriptions that say it is made up
NATIONAL_TARGET = "全国"  # targets whose source is a national document apply to every district
EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
NAME = re.compile(r"^[^\s$<>&\"'{}\\/]{1,20}$")


class InitError(Exception):
    """A bad option or an unusable folder; the message is for the person who ran the command."""


def parse_bounds(text: str) -> tuple[float, float, float, float]:
    parts = [p.strip() for p in str(text).split(",")]
    try:
        s, w, n, e = (float(p) for p in parts)
    except ValueError:
        raise InitError(f"--bounds 应为 南纬,西经,北纬,东经 四个数字（WGS-84，用英文逗号分隔），"
                        f"如 22.50,113.99,22.61,114.12；实际为“{text}”") from None
    if not (-90 <= s < n <= 90 and -180 <= w < e <= 180):
        raise InitError(f"--bounds {text}：南纬须小于北纬（-90 到 90），西经须小于东经（-180 到 180）")
    return s, w, n, e


def check_options(district: str, city: str, site_url: str, email: str) -> str:
    """The options' problems as one InitError; returns the site URL with its trailing slash."""
    for option, value in (("--district", district), ("--city", city)):
        if not NAME.match(value or ""):
            raise InitError(f"{option} 应为 1 到 20 个字的名称，如 某某区、某某市，不含空格和符号；实际为“{value}”")
    if not re.match(r"^https?://[^\s/$.?#<>\"'][^\s<>\"']*$", site_url or ""):
        raise InitError(f"--site-url 应为网站的完整地址，如 https://xinan.example.cn/ ；实际为“{site_url}”")
    if not EMAIL.match(email or ""):
        raise InitError(f"--email 应为接收纠错反馈的邮箱地址，如 xinan@example.cn；实际为“{email}”")
    return site_url if site_url.endswith("/") else site_url + "/"


def _fill(relative: str, values: dict[str, str]) -> str:
    text = (SCAFFOLD / relative).read_text(encoding="utf-8")
    return string.Template(text).substitute(values)


def _header(fields: list[dict]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([f["name"] for f in fields])
    return buf.getvalue()


def _district_metadata(name: str, head: dict, values: dict[str, str], today: dt.date) -> dict:
    """The package-level keys of a descriptor, made this district's: no sample flags, its address and contact."""
    district = values["district"]
    meta = dict(head)
    meta["title"] = str(head.get("title", name)).replace("（示例数据）", "")
    sentences = re.findall(r"[^。]+。?", str(head.get("description", "")).replace("福田区", district))
    kept = "".join(x for x in sentences if not any(w in x for w in SAMPLE_WORDS)).strip()
    meta["description"] = re.sub(r"(?<=[，、。：；])\s+", "", kept)  # the folded block's line breaks
    meta["version"] = str(head.get("version", "1.0.0")) if name == "hotlines" else "1.0.0"
    meta["homepage"] = f"{values['site_url']}open-data/{name}/"
    meta["keywords"] = [str(k).replace("福田区", district) for k in head.get("keywords") or [] if k != "示例数据"]
    # The sample's sources are Futian's and the national plans; a district cites its own (README, step 5).
    # The sample's archive paths (shared/...) are the engine repository's; the documents keep their titles.
    meta["sources"] = [{k: v for k, v in source.items() if not (k == "path" and str(v).startswith("shared/"))}
                       for source in head.get("sources") or [] if "福田" not in str(source.get("title", ""))]
    meta["contributors"] = [{"title": f"{district}社会心理服务网站编辑部", "roles": ["creator"]}]
    catalog = dict(head.get("catalog") or {})
    if catalog:
        catalog["contact"] = {"name": f"{district}开放数据联系人", "email": values["email"]}
        if name != "hotlines":
            catalog["temporal"] = {"start": today.isoformat()}
        meta["catalog"] = catalog
    meta["xinan"] = {**(head.get("xinan") or {}), "sample": False}
    return meta


def _descriptor(name: str, values: dict[str, str], today: dt.date) -> tuple[str, dict]:
    """The package's descriptor text for this district: the sample's leading comment, this district's metadata,
    then the sample's `resources:` block word for word (its comments included)."""
    text = (SCAFFOLD / "data" / name / DESCRIPTOR).read_text(encoding="utf-8")
    descriptor = safeyaml.load(text)
    start = re.search(r"^resources:", text, re.M).start()
    lines = text[:start].splitlines()
    leading = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    comment = "".join(line + "\n" for line in lines[:leading])  # the file's own opening note
    head = {k: v for k, v in descriptor.items() if k != "resources"}
    meta = _district_metadata(name, head, values, today)
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)
    resources = text[start:].replace("福田区的十个街道", f"{values['district']}的街道")
    return comment + dumped + resources, descriptor


def _targets() -> str:
    """The national targets of the sample's coverage package (each with its source); a district adds its own."""
    text = (SCAFFOLD / "data" / "coverage" / "targets.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    title = rows[0].index("source_title")
    writer.writerows([rows[0], *(r for r in rows[1:] if NATIONAL_TARGET in r[title])])
    return buf.getvalue()


def plan(*, district: str, city: str, bounds: str, site_url: str, email: str,
         today: dt.date) -> dict[str, str]:
    """Every file of the new site: relative path -> text. Raises InitError on a bad option."""
    site_url = check_options(district, city, site_url, email)
    s, w, n, e = parse_bounds(bounds)
    values = {"district": district, "city": city, "site_url": site_url, "email": email,
              "bounds": ", ".join(f"{v:g}" for v in (s, w, n, e)), "contract": datacontract.current(),
              "today": today.isoformat(), "created": today.isoformat(),
              "next_review": (today + dt.timedelta(days=365)).isoformat()}
    files = {relative: _fill(relative, values) for relative in TEMPLATES}
    data = SCAFFOLD / "data"
    for path in sorted(p for p in data.rglob("*") if p.is_file()):
        relative = path.relative_to(data).as_posix()
        package = relative.split("/")[0]
        if path.name == DESCRIPTOR and package in DISTRICT_PACKAGES:
            text, descriptor = _descriptor(package, values, today)
            files[f"data/{relative}"] = text
            for res in descriptor.get("resources") or []:
                target = f"data/{package}/{res['path']}"
                if not (data / package / res["path"]).exists():
                    files[target] = _header(res["schema"]["fields"])
        elif relative == "coverage/targets.csv":
            files[f"data/{relative}"] = _targets()
        elif relative.startswith("editorial/screening/"):
            # The questionnaires recommend published articles; a new site has only the example one.
            files[f"data/{relative}"] = re.sub(r"^articles: \[.*\]$", f"articles: [{EXAMPLE_ARTICLE}]",
                                               path.read_text(encoding="utf-8"), count=1, flags=re.M)
        else:
            files[f"data/{relative}"] = path.read_text(encoding="utf-8")
    return files


def init(folder: Path, *, today: dt.date, **options) -> list[Path]:
    """Write the new site into `folder` (missing or empty); returns the files written."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InitError(f"{folder} 已存在且不是空文件夹；xinan init 只在新的或空的文件夹中创建站点，不会覆盖已有文件")
    files = plan(today=today, **options)
    written = []
    for relative, text in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")
        written.append(target)
    return written


def cmd_init(args) -> int:
    from generator.config import reference_date
    try:
        written = init(Path(args.folder), today=reference_date(args.today), district=args.district, city=args.city,
                       bounds=args.bounds, site_url=args.site_url, email=args.email)
    except InitError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    print(f"已在 {args.folder} 创建{args.district}的站点（{len(written)} 个文件）。接下来：\n"
          f"  cd {args.folder}\n"
          f"  xinan validate     # 检查数据和文章\n"
          f"  xinan build        # 生成网站到 site/\n"
          f"  xinan serve        # 本地预览\n"
          f"上线前要做的事见 {Path(args.folder) / 'README.md'}。")
    return 0
