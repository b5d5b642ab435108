"""The clean build (`xinan build`), one function read top to bottom: read -> validate -> model -> every kind's
Markdown (its context for the renderer) -> the renderer (which also makes the shells) -> every kind's record pages
and files through one writer -> post-build (minify, phone links, CSP, link check, sitemap, search) -> swap.

The record pages come after the renderer because they are stamped into the shells the renderer draws
(docs/architecture.md, "Builds and rebuilds"). Nothing here is incremental: every step makes everything, into a
new folder beside the live site that replaces it at the end. The rebuilds of `xinan serve` are a layer on top
(generator/incremental/), which reuses these steps; the clean build never imports it.
"""
from __future__ import annotations

import datetime as dt
import gc
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator import assets, chrome, csp, layers, linkcheck, minify, opendata, parts, phonelinks, precompress, procs
from generator import sanitize, search, sitemap, themefix
from generator.config import SiteConfig
from generator.context import Site, load_site
from generator.kinds import KINDS, SEARCHED
from generator.pages import registry
from generator.pages import opendata as opendata_pages
from generator.postbuild import AssetCheck
from generator.publish import build_lock, swap_in, work_dir
from generator.rendering import RenderError, render, renderer_config, sync_docs
from generator.schema import PACKAGES
from generator.shell import SHELL_PATHS, load_shells, section_urls, shell_markdown
from generator.templating import make_env
from generator.writer import Output

PARALLEL_QR = 2000  # more QR codes than this to write: a forked process writes them beside the pages


@dataclass
class BuildResult:
    site: Site
    out: Path
    timings: dict[str, float] = field(default_factory=dict)
    files: int = 0
    search: dict = field(default_factory=dict)
    changed: int = 0  # files written over the live site (an incremental build)
    removed: int = 0
    remade: list[str] = field(default_factory=list)  # parts made again (an incremental build; all for a clean one)


@dataclass
class Rendered:
    """What the renderer's pages give the rest of the build."""
    shells: dict  # shell.load_shells: what record pages are stamped into
    links: list[tuple[str, str, str]]  # the pages' internal links (linkcheck.py)
    search_pages: dict[str, str]  # URL -> page staged for the search index


def build(config: SiteConfig, data_dir: Path, content_dir: Path, out: Path, today: dt.date,
          drafts: bool = False, log=print, gzip: bool = False, freeze: bool = False) -> BuildResult:
    """A clean build of the whole site into `out`, with nothing reused from an earlier build. `freeze`: the
    caller's process ends with the build (the CLI), so the models may be set aside from the garbage collector."""
    out = Path(out).resolve()
    timings: dict[str, float] = {}
    with build_lock(out):
        t = time.perf_counter()
        site = load_site(config, Path(data_dir), Path(content_dir), today, drafts=drafts)  # read, validate, model
        opendata.check_releases(site)  # each package's version fits its changes since the last release
        if freeze:  # the models live through the whole build: the garbage collector need not scan them again
            gc.freeze()
        timings["validate+model"] = time.perf_counter() - t
        work = work_dir(out)
        output = Output(work / "site")  # the one writer every step writes through
        output.root.mkdir(parents=True)
        children: list[procs.Child] = []
        try:
            t = time.perf_counter()
            env = make_env()
            qr_job = write_qr_codes(site, output)  # forked beside the pages when there are many
            children += [qr_job] if qr_job else []
            summaries = publish_open_data(site, output, work, PACKAGES)
            pages = generate_docs(site, env, Path(content_dir), summaries)
            timings["generate"] = time.perf_counter() - t

            t = time.perf_counter()
            check = AssetCheck(config.site_url)
            write_docs(site, work / "docs", pages)
            rendered = run_renderer(config, site, work, pages, check, today)
            output.take("render", work / "rendered")
            timings["render"] = time.perf_counter() - t

            t = time.perf_counter()
            search_pages, count = stamp_searched(site, env, output, rendered.shells, check)
            search_job = procs.Child(parts.search_child, {**search_pages, **rendered.search_pages},
                                     work / "pagefind", site)  # Pagefind indexes while the registry is stamped
            children.append(search_job)
            count += stamp_registry(site, env, output, rendered.shells, check)
            parts.make_files(site, output, KINDS)
            if qr_job:
                output.merge(*qr_job.result())
            timings["write"] = time.perf_counter() - t

            t = time.perf_counter()
            stats = search_job.result()
            output.take("search", work / "pagefind", prefix=search.BUNDLE + "/")
            check.raise_if_any()
            check_links(rendered.links, output)
            write_sitemap(site, output)
            timings["post-build"] = time.perf_counter() - t

            if gzip:
                precompress.tree(output.root)
            swap_in(output.root, out)
        finally:
            for child in children:
                child.stop()
            shutil.rmtree(work, ignore_errors=True)
    log(f"已生成 {len(output.files)} 个文件（{count} 个记录页）到 {out}")
    return BuildResult(site=site, out=out, timings=timings, files=len(output.files), search=stats,
                       changed=len(output.files))


# --- the steps (the incremental Builder calls them too) ---------------------------------------------------------

def write_qr_codes(site: Site, output: Output, todo: list | None = None,
                   make_folders: bool = True) -> procs.Child | None:
    """/registry/<number>/qr.svg (all of them, or `todo`: (path, URL, title)); more than PARALLEL_QR are written
    by a forked process, which is returned (`make_folders`: it first makes every verification page's folder)."""
    if todo is None:
        todo = [(rel, url, title) for rel, (url, title) in parts.qr_wanted(site).items()]
    if len(todo) > PARALLEL_QR:
        folders = [p.url for p in site.practitioners.values()] if make_folders else []
        return procs.Child(parts.qr_child, site, output, todo, (0, 1), folders)
    parts.write_qr_codes(site, output, todo)
    return None


def publish_open_data(site: Site, output: Output, work: Path, names, made: dict | None = None,
                      kept: dict | None = None) -> list:
    """The open-data packages `names` (made here unless `made` has them; `kept`: last build's summaries of the
    others), then the catalog over all of them. Returns every package's summary."""
    if made is None:
        made = parts.publish_packages(site, output, work, names)
    summaries = [made[name] if name in made else kept[name] for name in PACKAGES]
    opendata.write_catalog(site, summaries, work / "catalog")
    output.take("open-data", work / "catalog")
    return summaries


def generate_docs(site: Site, env, content_dir: Path, summaries) -> dict[str, str]:
    """The Markdown the renderer draws: every kind's pages, the open-data pages (`summaries`: the packages'
    summaries, or a function that waits for them after the kinds' pages are made), the editors' pages and one
    page per shell."""
    pages: dict[str, str] = {}
    for kind in KINDS:
        pages.update(kind.docs(site, env))
    pages.update(opendata_pages.docs(site, env, summaries() if callable(summaries) else summaries))
    for page in sorted((content_dir / "pages").glob("*.md")):
        pages[f"{page.stem}/index.md"] = page.read_text(encoding="utf-8")
    for rel in SHELL_PATHS.values():
        pages[f"{rel}.md" if rel.count("/") == 1 else f"{rel}/index.md"] = shell_markdown()
    return pages


def write_docs(site: Site, docs: Path, pages: dict[str, str]) -> list[str]:
    """The renderer's input folder: the pages (those whose text changed) and the assets; returns the pages
    deleted (rendering.sync_docs)."""
    gone = sync_docs(docs, pages)
    assets.copy_into(docs / "assets", site.holidays.to_json())
    return gone


def run_renderer(config: SiteConfig, site: Site, home: Path, pages: dict[str, str], check: AssetCheck,
                 today: dt.date, dirty: bool = False) -> Rendered:
    """The renderer over home/docs -> home/rendered (its mkdocs.yml and composed theme beside them), then what
    the rendered tree needs before it is published (finish_rendered)."""
    docs, rendered = home / "docs", home / "rendered"
    renderer_config(config, docs, rendered, home / "mkdocs.yml", chrome.values(site),
                    layers.compose(config, home / "theme"))
    render(config, home, today, dirty=dirty)
    return finish_rendered(config, site, rendered, pages, check)


def finish_rendered(config: SiteConfig, site: Site, rendered: Path, pages: dict[str, str],
                    check: AssetCheck) -> Rendered:
    """Post-build over the renderer's pages: theme fixes, minified assets, cleaned articles, phone links, CSP,
    the external-asset check; then the shells, the links to check and the pages the search index reads."""
    themefix.fix_tree(rendered)
    minify.tree(rendered / "assets")  # the theme's scripts and stylesheets as phones get them
    if lost := sanitize.clean_articles(rendered, site.articles):
        raise RenderError(f"文章页中找不到正文标记，未能净化：{'、'.join(lost)}")
    phonelinks.Linker(h.number for h in site.hotlines).link_tree(rendered)  # 12356 in prose: a tel: link
    csp.apply_tree(rendered, config)  # before the shells are read: record pages carry the same policy
    check.files(rendered)  # the renderer's pages and the shells
    try:
        shells = load_shells(rendered, section_urls(pages))
    except (OSError, RuntimeError) as exc:
        raise RenderError(f"渲染结果中没有可用的页面外壳（xinan-shell）：{exc}") from exc
    for name in ("sitemap.xml", "sitemap.xml.gz"):  # the renderer's lists only its own pages
        (rendered / name).unlink(missing_ok=True)
    search_pages = {}
    for page in rendered.rglob("index.html"):
        url = page.parent.relative_to(rendered).as_posix() + "/"
        url = "" if url == "./" else url
        if search.searched(url):
            staged = search.staged_page(page.read_text(encoding="utf-8"), url)
            if staged is not None:
                search_pages[url] = staged
    return Rendered(shells, linkcheck.page_links(rendered, config.site_url), search_pages)


def stamp_searched(site: Site, env, output: Output, shells, check: AssetCheck) -> tuple[dict[str, str], int]:
    """The record pages of the kinds the search index reads; returns those pages staged for it, and their count."""
    staged: dict[str, str] = {}
    count = sum(parts.stamp_records(site, env, output, shells, kind, check, staged=staged) for kind in SEARCHED)
    return staged, count


def stamp_registry(site: Site, env, output: Output, shells, check: AssetCheck) -> int:
    """The registry's record pages, the largest kind: every other one stamped by a forked process."""
    child = procs.Child(parts.stamp_child, site, env, output, shells, registry, site.config.site_url,
                        parts.Share(1, 2))
    try:
        count = parts.stamp_records(site, env, output, shells, registry, check, parts.Share(0, 2))
        files, changed, n, problems, _ = child.result()
    finally:
        child.stop()
    output.merge(files, changed)
    check.problems.extend(problems)
    return count + n


def check_links(links: list[tuple[str, str, str]], output: Output) -> None:
    """Every internal link of the renderer's pages (articles, editorial pages: what editors write) names a file
    this build made. Record pages are made from validated ids and checked whole by the suite (tests/
    test_renderers.py); reading 200,000 of them again on every build would cost minutes at province scale."""
    broken = linkcheck.missing(links, output.files)
    if broken:
        raise RenderError("站内链接指向不存在的页面或文件：\n" + "\n".join(str(b) for b in broken[:50]))


def write_sitemap(site: Site, output: Output) -> None:
    for rel, data in sitemap.files(site, [r for r in output.files if r.endswith("index.html")]).items():
        output.write("sitemap", rel, data)
