"""The build: validate -> model -> render (renderer + shell) -> write extras -> post-build checks -> swap in."""
from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator import assets, opendata, search, sitemap, themefix
from generator.postbuild import AssetCheck
from generator.config import SiteConfig
from generator.context import Site, load_site
from generator.pages import Record, articles, home, lectures, registry, stations
from generator.pages import opendata as opendata_pages
from generator.publish import swap_in, work_dir
from generator.shell import SHELL_PATHS, load_shells, shell_markdown
from generator.templating import make_env

KINDS = (home, stations, registry, lectures, articles)
# Pages the search index reads are stamped first; the registry, not searched, is stamped while it indexes.
SEARCHED_KINDS = (home, stations, lectures, articles)


@dataclass
class BuildResult:
    site: Site
    out: Path
    timings: dict[str, float] = field(default_factory=dict)
    files: int = 0
    search: dict = field(default_factory=dict)


class RenderError(Exception):
    pass


def renderer_config(config: SiteConfig, docs: Path, site_dir: Path, path: Path) -> None:
    """A copy of mkdocs.yml pointing at this build's folders; everything else is the editor's file as written."""
    raw = dict(config.raw)
    raw["docs_dir"] = str(docs)
    raw["site_dir"] = str(site_dir)
    theme = dict(raw.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((config.root / theme["custom_dir"]).resolve())
    raw["theme"] = theme
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_docs(docs: Path, pages: dict[str, str]) -> None:
    for rel, text in pages.items():
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def render(config: SiteConfig, work: Path, site_dir: Path, today: dt.date) -> None:
    cfg = work / "mkdocs.yml"
    exe = config.renderer[0]
    # The renderer installed beside this interpreter (the project's virtualenv) wins over PATH.
    local = Path(sys.executable).parent / exe
    cmd = [str(local) if local.exists() else exe, *config.renderer[1:], "--config-file", str(cfg)]
    # The renderer stamps dates (sitemap lastmod, gzip headers) from SOURCE_DATE_EPOCH: the reference date.
    epoch = int(dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.timezone.utc).timestamp())
    env = dict(os.environ, PYTHONHASHSEED="0", SOURCE_DATE_EPOCH=str(epoch))
    try:
        proc = subprocess.run(cmd, cwd=config.root, capture_output=True, text=True, env=env)
    except FileNotFoundError as exc:
        raise RenderError(f"找不到渲染命令 {exe}（extra.xinan.renderer）") from exc
    if proc.returncode != 0:
        raise RenderError(f"渲染命令失败（{' '.join(cmd)}）：\n{proc.stdout}\n{proc.stderr}")


def stamp_records(site: Site, env, site_dir: Path, shells, kinds, check: AssetCheck, share=(0, 1)) -> int:
    """Stamp every n-th record (share = (k, n)): two processes can split one kind between them."""
    k, n = share
    count = 0
    for kind in kinds:
        for i, rec in enumerate(kind.records(site, env)):
            if i % n != k:
                continue
            target = site_dir / rec.url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            check.page(rec.url, rec.head + rec.content)  # the shell around it was checked once
            target.write_text(shells[rec.depth].page(url=rec.url, title=rec.title, description=rec.description,
                                                     head=rec.head, content=rec.content), encoding="utf-8")
            count += 1
    return count


def _search_child(site_dir: Path, site: Site, conn) -> None:
    try:
        conn.send(("ok", search.index(site_dir, site)))
    except Exception as exc:  # reported by the parent as a failed build
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _stamp_child(site, env, site_dir, shells, kinds, site_url, conn) -> None:
    try:
        check = AssetCheck(site_url)
        count = stamp_records(site, env, site_dir, shells, kinds, check, share=(1, 2))
        registry.write_qr_codes(site, site_dir, share=(1, 2))
        conn.send(("ok", (count, check.problems)))
    except Exception as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def stamp_in_two(site: Site, env, site_dir: Path, shells, kinds, check: AssetCheck) -> int:
    """The registry is most of a province build: a forked process stamps every other page (and QR code)."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_stamp_child, args=(site, env, site_dir, shells, kinds, site.config.site_url, child),
                       daemon=True)
    proc.start()
    child.close()
    try:
        count = stamp_records(site, env, site_dir, shells, kinds, check, share=(0, 2))
        registry.write_qr_codes(site, site_dir, share=(0, 2))
        status, value = parent.recv()
    finally:
        proc.join(timeout=600)
    if status != "ok":
        raise RenderError(f"记录页生成失败：{value}")
    check.problems += value[1]
    return count + value[0]


class SearchJob:
    """Pagefind indexing in a forked process, so it runs on the second core while the registry is written."""

    def __init__(self, site_dir: Path, site: Site):
        ctx = multiprocessing.get_context("fork")
        self.parent, child = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=_search_child, args=(site_dir, site, child), daemon=True)
        self.proc.start()
        child.close()

    def result(self) -> dict:
        status, value = self.parent.recv()
        self.proc.join()
        if status != "ok":
            raise search.SearchIndexError(value)
        return value


def build(config: SiteConfig, data_dir: Path, content_dir: Path, out: Path, today: dt.date,
          drafts: bool = False, log=print) -> BuildResult:
    timings = {}
    t0 = time.perf_counter()
    site = load_site(config, Path(data_dir), Path(content_dir), today, drafts=drafts)
    timings["validate+model"] = time.perf_counter() - t0
    out = Path(out).resolve()
    work = work_dir(out)
    job = None
    try:
        docs, site_dir = work / "docs", work / "site"
        env = make_env()
        t = time.perf_counter()
        pages: dict[str, str] = {}
        for kind in KINDS:
            pages.update(kind.docs(site, env))
        # Open-data files are written before the renderer runs so their pages can show sizes and hashes.
        staging = work / "opendata"
        summaries = opendata.publish(site, staging)
        pages.update(opendata_pages.docs(site, env, summaries))
        for page in sorted((Path(content_dir) / "pages").glob("*.md")):
            pages[page.name] = page.read_text(encoding="utf-8")
        for rel in SHELL_PATHS.values():
            pages[f"{rel}.md" if rel.count("/") == 1 else f"{rel}/index.md"] = shell_markdown()
        write_docs(docs, pages)
        assets.copy_into(docs / "assets")
        renderer_config(config, docs, site_dir, work / "mkdocs.yml")
        timings["generate"] = time.perf_counter() - t
        t = time.perf_counter()
        render(config, work, site_dir, today)
        themefix.fix_tree(site_dir)
        check = AssetCheck(config.site_url)
        check.files(site_dir)  # the renderer's pages and the shells
        try:
            shells = load_shells(site_dir)
        except (OSError, RuntimeError) as exc:
            raise RenderError(f"渲染结果中没有可用的页面外壳（xinan-shell）：{exc}") from exc
        timings["render"] = time.perf_counter() - t
        t = time.perf_counter()
        records = stamp_records(site, env, site_dir, shells, SEARCHED_KINDS, check)
        check.raise_if_any()
        job = SearchJob(site_dir, site)
        records += stamp_in_two(site, env, site_dir, shells, [k for k in KINDS if k not in SEARCHED_KINDS], check)
        for kind in KINDS:
            kind.files(site, site_dir)
        shutil.copytree(staging, site_dir, dirs_exist_ok=True)
        timings["write"] = time.perf_counter() - t
        t = time.perf_counter()
        search_stats = job.result()
        check.raise_if_any()
        sitemap.write(site, site_dir)
        timings["post-build"] = time.perf_counter() - t
        files = sum(len(f) for _, _, f in os.walk(site_dir))
        swap_in(site_dir, out)
        log(f"已生成 {files} 个文件（{records} 个记录页）到 {out}")
        return BuildResult(site=site, out=out, timings=timings, files=files, search=search_stats)
    finally:
        if job is not None and job.proc.is_alive():
            job.proc.terminate()
        shutil.rmtree(work, ignore_errors=True)
