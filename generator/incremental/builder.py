"""The Builder of `xinan serve`: the first build is a clean one, each later one an incremental rebuild.

An incremental build re-makes only the parts of the site whose inputs changed, stages only the files whose bytes
differ from the live site's, and moves them over it once every step has succeeded. The Builder remembers, between
builds, each part's fingerprint (a digest of what it was made from, fingerprints.py), the digest of every file
each part wrote, the shells, the rendered folder and the one `Caches` it owns.

It makes the parts with the clean build's steps (generator/pipeline.py) and the same Output, so a rebuild's output
is the clean build's (tests/test_incremental.py compares them byte for byte, against a clean build in another
process). A build that fails changes nothing.
"""
from __future__ import annotations

import datetime as dt
import gc
import shutil
import time
from pathlib import Path

from generator import opendata, parts, pipeline, procs, search, validate
from generator.caches import Caches
from generator.config import SiteConfig
from generator.context import load_site
from generator.incremental.fingerprints import Inputs, Wanted, fingerprint, shell_digest, tree_digest
from generator.kinds import KINDS, SEARCHED
from generator.pages import registry
from generator.pipeline import BuildResult
from generator.postbuild import AssetCheck
from generator.problems import BuildError, Report
from generator.publish import build_lock, swap_in, work_dir
from generator.rendering import rendered_path
from generator.schema import PACKAGES
from generator.templating import make_env
from generator.writer import Output

# The packages each package's downloads read: the lecture feeds name their stations.
OPEN_DATA_READS = {"lectures": ("lectures", "stations"), "coverage": PACKAGES}


class _WrongShells(Exception):
    """The renderer's shells were not last build's after all: the pages stamped into those are thrown away."""


class Builder:
    """Builds the site; kept by `xinan serve` between edits so that a rebuild makes only what changed."""

    def __init__(self, config: SiteConfig, data_dir: Path, content_dir: Path, out: Path, drafts: bool = False,
                 log=print, remember: bool = False, freeze: bool | None = None):
        self.config, self.data_dir, self.content_dir = config, Path(data_dir), Path(content_dir)
        self.out, self.drafts, self.log = Path(out).resolve(), drafts, log
        self.remember = remember  # keep what an incremental rebuild needs (xinan serve)
        # and what reading the inputs again would only repeat: one Caches for the Builder's life (a Builder that
        # does not remember gives every build a fresh one).
        self.caches = Caches(keep=True) if remember else None
        # Set the models aside from the cyclic garbage collector after reading them (see _build): only for a
        # Builder that lives long (serve, which calls tidy() between builds) or a process that ends with the build.
        self.freeze = remember if freeze is None else freeze
        self.manifest: dict[str, tuple[str, bytes]] | None = None
        self.prints: dict[str, bytes] = {}
        self.shells = None
        self.staged: dict[str, dict[str, str]] = {}  # part -> URL -> page staged for the search index
        self.summaries: dict[str, opendata.PublishedPackage] = {}
        self.qr_made: dict[str, tuple[str, str]] = {}
        self.record_keys: dict[str, dict[str, bytes]] = {}  # part -> record page URL -> what it was made from
        self.render_base: bytes | None = None  # settings and theme the kept rendered folder was made with
        self.rendered_links: list[tuple[str, str, str]] = []  # the renderer's pages' internal links (linkcheck.py)
        self.search_stats: dict = {}
        self.pending_search: tuple | None = None

    # --- one build ------------------------------------------------------------------------------------------

    def build(self, today: dt.date, incremental: bool | None = None, defer_search: bool = False) -> BuildResult:
        """A clean build, or (default when the Builder remembers a live site) an incremental one. With
        defer_search, an incremental build leaves the search index to refresh_search()."""
        with build_lock(self.out):
            try:
                return self._build(today, incremental, defer_search, guess=True)
            except _WrongShells:
                return self._build(today, incremental, defer_search, guess=False)

    def _build(self, today: dt.date, incremental: bool | None, defer_search: bool, guess: bool) -> BuildResult:
        if incremental is None:
            incremental = self.manifest is not None and self.out.exists()
        if not incremental:
            self.manifest, self.prints, self.staged, self.summaries, self.record_keys = None, {}, {}, {}, {}
        timings = {}
        t0 = time.perf_counter()
        inputs = Inputs.read(self.config, self.data_dir, self.content_dir, today, self.drafts)
        caches = self.caches if self.caches is not None else Caches()
        caches.speculate = incremental  # see validate.finish_pending
        try:
            site = load_site(self.config, self.data_dir, self.content_dir, today, drafts=self.drafts, caches=caches)
        except Exception as exc:
            # Rows that frictionless is still checking may be what broke the model: its problems come first.
            report = exc.report if isinstance(exc, BuildError) else Report()
            validate.finish_pending(caches, report)
            if not report.ok:
                raise BuildError(report) from exc
            raise
        finally:
            caches.speculate = False
        if self.freeze:
            # The models, rows and caches live through the whole build: the cyclic garbage collector need not scan
            # them again and again (at province scale each full pass took ~1 s). tidy() collects them once unused.
            gc.freeze()
        timings["validate+model"] = time.perf_counter() - t0
        work = work_dir(self.out)
        output = Output(work / ("staging" if incremental else "site"), self.manifest if incremental else None,
                        track=self.remember)
        output.root.mkdir(parents=True)
        prints: dict[str, bytes] = {}
        remade: list[str] = []
        children: list[procs.Child] = []

        def fresh(part: str, key: bytes) -> bool:
            """Whether `part` must be made again; if not, its files stay. Records the part's fingerprint."""
            prints[part] = key
            if incremental and self.prints.get(part) == key:
                output.keep(part)
                return False
            remade.append(part)
            return True

        registry_job = None

        def stamp_all(shells, guess: bool):
            """Stamp the record pages into `shells`: the kinds the search index reads, then the registry (its
            pages split with a forked process; in a clean build that process runs beside the search index, so
            the registry is finished in finish_registry). Returns (shell digest, staged pages, keys)."""
            nonlocal registry_job
            staged: dict[str, dict[str, str]] = {}
            keys: dict[str, dict[str, bytes]] = {}
            base = fingerprint(inputs.of("common", "hotlines", "descriptors"), shell_digest(shells))
            previous = self.manifest if incremental else None
            for kind in (*SEARCHED, registry):
                part = f"records:{kind.NAME}"
                old = self.record_keys.get(part, {}) if self.remember else None
                if not fresh(part, fingerprint(base, inputs.of(*kind.READS))):
                    keys[part], staged[part] = old or {}, self.staged.get(part, {})  # nothing it reads changed
                    continue
                if kind is registry:
                    stamper = procs.Child(parts.stamp_child, site, env, output, shells, registry, self.config.site_url,
                                    Wanted(base, output, previous, old, {}, {}, share=(1, 2)))
                    children.append(stamper)
                    want = Wanted(base, output, previous, old, {}, {}, share=(0, 2))
                    registry_job = (stamper, want, shells, keys)
                    if guess or incremental:
                        finish_registry(*registry_job)
                    continue
                staged[part] = {}
                want = Wanted(base, output, previous, old, self.staged.get(part, {}), staged[part])
                counted[0] += parts.stamp_records(site, env, output, shells, kind, check, want, staged=staged[part])
                keys[part] = want.keys or {}
            return shell_digest(shells), staged, keys

        def finish_registry(stamper, want, shells, keys):
            nonlocal registry_job
            registry_job = None
            n = parts.stamp_records(site, env, output, shells, registry, check, want)
            files, changed, m, problems, child_keys = stamper.result()
            output.merge(files, changed)
            check.problems.extend(problems)
            keys["records:registry"] = {**(want.keys or {}), **(child_keys or {})}
            counted[0] += n + m

        counted = [0]
        try:
            env = make_env()
            t = time.perf_counter()
            # QR codes depend only on the register: a forked process writes them while the rest is generated.
            qr_todo = self._qr_todo(site, output, inputs, fresh, incremental)
            qr_job = pipeline.write_qr_codes(site, output, qr_todo, make_folders=not incremental)
            qr_children = [qr_job] if qr_job is not None else []
            children += qr_children
            publishing, published = self._open_data(site, output, work, inputs, fresh, incremental)
            if publishing is not None:
                children.append(publishing)
            # The kinds' own files (lookup shards, .ics, index.json, feed) need only the site: in a rebuild a forked
            # process writes those whose inputs changed while pages are generated, rendered and stamped. (A clean
            # build has its two cores busy already; more processes there only add memory and contention.)
            files_todo = [kind for kind in KINDS
                          if fresh(f"files:{kind.NAME}", fingerprint(inputs.of("common", *kind.READS)))]
            files_job = procs.Child(parts.files_child, site, output, files_todo) if files_todo and incremental else None
            if files_job is not None:
                children.append(files_job)
            check = AssetCheck(self.config.site_url)
            guessed = None
            if guess and incremental and self.shells is not None and self.render_base == inputs.of("common", "theme"):
                # The shells are made from the settings and the theme only: unchanged, the record pages can be
                # stamped into last build's shells while the downloads are still being made. Checked after the
                # render below; a wrong guess builds again without guessing.
                guessed = stamp_all(self.shells, guess=True)
            pages = pipeline.generate_docs(site, env, self.content_dir, published)  # waits for the packages
            summaries = published()
            timings["generate"] = time.perf_counter() - t
            t = time.perf_counter()
            shells = self._render(site, output, work, pages, inputs, fresh, check, today, incremental)
            timings["render"] = time.perf_counter() - t
            t = time.perf_counter()
            if guessed is not None and guessed[0] != shell_digest(shells):
                raise _WrongShells()
            staged, keys = guessed[1:] if guessed is not None else stamp_all(shells, guess=False)[1:]
            staged["render"] = self._rendered_pages if "render" in remade else self.staged.get("render", {})
            search_pages = {url: page for part in sorted(staged) for url, page in staged[part].items()}
            search_key = fingerprint(*(x for url in sorted(search_pages) for x in (url, search_pages[url])),
                                     *sorted(site.words.synonyms))  # their characters join the Traditional table
            search_job = None
            if fresh("search", search_key) and not (incremental and defer_search):
                search_job = procs.Child(parts.search_child, search_pages, work / "pagefind", site)
                children.append(search_job)
            if registry_job is not None:
                finish_registry(*registry_job)
            if files_job is not None:
                output.merge(*files_job.result())
            elif files_todo:
                parts.make_files(site, output, files_todo)
            for child in qr_children:
                output.merge(*child.result())
            timings["write"] = time.perf_counter() - t
            t = time.perf_counter()
            if search_job is not None:
                self.search_stats = search_job.result()
                output.take("search", work / "pagefind", prefix=search.BUNDLE + "/")
            elif "search" in remade:  # deferred: refresh_search() indexes these pages after the commit
                del prints["search"]
                remade.remove("search")
                output.keep("search")
            check.raise_if_any()
            pipeline.check_links(self.rendered_links, output)
            pipeline.write_sitemap(site, output)
            validate.finish_pending(caches, site.report)
            if not site.report.ok:
                raise BuildError(site.report)
            timings["post-build"] = time.perf_counter() - t
            changed = removed = 0
            if incremental:
                changed, removed = output.commit(self.out)
            else:
                swap_in(output.root, self.out)
                changed = len(output.files)
            self.log(f"已生成 {len(output.files)} 个文件（{counted[0]} 个记录页）到 {self.out}"
                     if not incremental else f"已更新 {changed} 个文件，删除 {removed} 个（共 {len(output.files)} 个）")
            if self.remember:
                self.manifest = dict(output.files)
                self.prints = prints
                self.shells = shells
                self.staged = staged
                self.summaries = {s.name: s for s in summaries}
                self.record_keys = keys
                self.pending_search = (search_pages, search_key, site) if "search" not in prints else None
            return BuildResult(site=site, out=self.out, timings=timings, files=len(output.files),
                               search=self.search_stats, changed=changed, removed=removed, remade=remade)
        except Exception as exc:
            if caches.pending:  # invalid rows the build went on with may be what failed: report those
                validate.finish_pending(caches, site.report)
                if not site.report.ok:
                    raise BuildError(site.report) from exc
            raise
        finally:
            validate.abandon_pending(caches)
            for child in children:
                child.stop()
            shutil.rmtree(work, ignore_errors=True)

    def tidy(self) -> None:
        """Between rebuilds (xinan serve, while waiting for edits): free what earlier builds left, then set what is
        kept aside from the garbage collector again."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def refresh_search(self) -> dict | None:
        """After a deferred incremental build: index the pages again and move the changed index files in."""
        if self.pending_search is None:
            return None
        pages, key, site = self.pending_search
        with build_lock(self.out):
            return self._refresh_search(pages, key, site)

    def _refresh_search(self, pages, key, site) -> dict:
        work = work_dir(self.out)
        try:
            output = Output(work / "staging", self.manifest)
            output.root.mkdir(parents=True)
            stats = search.index_pages(pages, work / "pagefind", site)
            output.take("search", work / "pagefind", prefix=search.BUNDLE + "/")
            output.commit(self.out, parts={"search"})
            for rel, entry in list(self.manifest.items()):
                if entry[0] == "search" and rel not in output.files:
                    del self.manifest[rel]
            self.manifest.update({r: e for r, e in output.files.items() if e[0] == "search"})
            self.prints["search"] = key
            self.search_stats, self.pending_search = stats, None
            return stats
        finally:
            shutil.rmtree(work, ignore_errors=True)

    # --- parts ----------------------------------------------------------------------------------------------

    def _qr_todo(self, site, output, inputs, fresh, incremental) -> list:
        wanted = parts.qr_wanted(site)
        key = fingerprint(inputs.of("common", "practitioners"))
        if not fresh("qr", key):
            return []
        todo = []
        for rel, (url, title) in wanted.items():
            old = self.manifest.get(rel) if incremental else None
            if old is not None and old[0] == "qr" and self.qr_made.get(rel) == (url, title):
                output.files[rel] = old  # the same code as last time: the file stays
            else:
                todo.append((rel, url, title))
        if self.remember:
            self.qr_made = wanted
        return todo

    def _open_data(self, site, output, work, inputs, fresh, incremental):
        """Publish the packages whose inputs changed; in a rebuild, in a forked process while the page Markdown is
        generated. Returns the process (or None) and a function that gives every package's summary."""
        opendata.check_releases(site)
        todo = [name for name in PACKAGES
                if fresh(f"open-data:{name}", inputs.of("common", "releases", *OPEN_DATA_READS.get(name, (name,))))
                or name not in self.summaries]
        child = procs.Child(parts.open_data_child, site, output, work, todo) if todo and incremental else None

        done: list = []

        def finish() -> list:  # every package's summary (asked twice: once made)
            if not done:
                made = None
                if child is not None:
                    files, changed, made = child.result()
                    output.merge(files, changed)
                done.append(pipeline.publish_open_data(site, output, work, todo, made, self.summaries))
            return done[0]
        return child, finish

    def _render(self, site, output, work, pages, inputs, fresh, check, today, incremental):
        """The renderer's part (pipeline.run_renderer). A remembering Builder keeps the Markdown and the rendered
        folder beside the output between builds and renders dirty when only pages changed."""
        self._rendered_pages: dict[str, str] = {}
        home = self.out.parent / f".{self.out.name}.render" if self.remember else work
        docs, rendered = home / "docs", home / "rendered"
        base = inputs.of("common", "theme")
        dirty = (incremental and self.render_base == base and rendered.exists()
                 and self.config.renderer.dirty is not None)
        if not dirty:
            shutil.rmtree(docs, ignore_errors=True)
            shutil.rmtree(rendered, ignore_errors=True)
        for rel in pipeline.write_docs(site, docs, pages):
            (rendered / rendered_path(rel)).unlink(missing_ok=True)
        if not fresh("render", fingerprint(tree_digest(docs), base)):
            return self.shells
        self.render_base = None  # until this render has succeeded
        made = pipeline.run_renderer(self.config, site, home, pages, check, today, dirty=dirty)
        self.rendered_links, self._rendered_pages = made.links, made.search_pages
        output.take("render", rendered, keep=self.remember)
        if self.remember:
            self.render_base = base
        return made.shells
