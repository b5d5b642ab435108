"""The `xinan` command line: init, validate, build, serve, new article, report reviews, fix-encoding, synth."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from generator.config import CONFIG_NAME, ConfigError, NoSiteError, find_config, load_config, reference_date
from generator.problems import BuildError, Report


def _print_report(report: Report) -> None:
    for line in report.lines():
        print(line, file=sys.stderr)


def cmd_validate(args) -> int:
    from generator.context import load_site
    config = load_config(args.config)
    today = reference_date(args.today)
    try:
        site = load_site(config, Path(args.data), Path(args.content), today)
    except BuildError as exc:
        _print_report(exc.report)
        print(f"校验失败：{len(exc.report.errors)} 个错误，{len(exc.report.warnings)} 个警告。", file=sys.stderr)
        return 1
    _print_report(site.report)
    print(f"校验通过（数据日期 {today}）：{len(site.stations)} 个站点，{len(site.practitioners)} 名从业人员，"
          f"{len(site.lectures)} 场讲座，{len(site.articles)} 篇已发布文章；{len(site.report.warnings)} 个警告。")
    return 0


def cmd_build(args) -> int:
    from generator.pipeline import RenderError, build
    from generator.postbuild import ExternalAssetError
    from generator.procs import ChildError, exit_on_sigterm
    from generator.publish import BuildLocked
    from generator.search import SearchIndexError
    config = load_config(args.config)
    today = reference_date(args.today)
    exit_on_sigterm()  # a stopped build still stops its child processes and removes its scratch folder
    try:
        result = build(config, Path(args.data), Path(args.content), Path(args.out), today, drafts=args.drafts,
                       gzip=args.gzip, freeze=True)  # this process ends with the build
    except BuildError as exc:
        _print_report(exc.report)
        print(f"构建失败：{len(exc.report.errors)} 个错误。{args.out} 保持不变。", file=sys.stderr)
        return 1
    except (RenderError, ChildError, ExternalAssetError, SearchIndexError, BuildLocked) as exc:
        print(f"构建失败：{exc}\n{args.out} 保持不变。", file=sys.stderr)
        return 1
    _print_report(result.site.report)
    if args.csp_conf:
        from generator.csp import write_nginx_snippet
        write_nginx_snippet(Path(args.out), Path(args.csp_conf))
    if args.timings:
        for stage, seconds in result.timings.items():
            print(f"{stage}: {seconds:.2f} s")
    return 0


def cmd_serve(args) -> int:
    from generator.serve import serve
    return serve(args)


def cmd_new_article(args) -> int:
    from generator.articles import FIELD_HELP, SLUG
    if not SLUG.match(args.slug):
        print(f"文章名“{args.slug}”只能用小写字母、数字和连字符，如 sleep-and-insomnia", file=sys.stderr)
        return 1
    path = Path(args.content) / "articles" / f"{args.slug}.md"
    if path.exists():
        print(f"{path} 已存在", file=sys.stderr)
        return 1
    today = reference_date(args.today)
    values = {
        "title": "标题", "summary": "一两句话的摘要。", "topics": "[help_seeking]", "audiences": "[all]",
        "authors": "[心安编辑部]", "reviewer": "{name: 审核人姓名, credentials: 资质与职称}",
        "reviewed_on": today.isoformat(), "next_review": (today + dt.timedelta(days=365)).isoformat(),
        "updated_on": today.isoformat(), "status": "draft",
        "sources": "\n  - {title: 来源名称, url: https://www.who.int/}", "suicide_related": "false",
        "sample": "false", "related_stations": "[]", "related_lectures": "[]",
    }
    lines = ["---"]
    for key, value in values.items():
        lines.append(f"# {FIELD_HELP[key]}")
        lines.append(f"{key}: {value}")
    lines += ["---", "", "正文从这里开始，用 ## 写小标题。", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    print(f"已创建 {path}（草稿）。预览：xinan serve --drafts")
    return 0


def cmd_report_reviews(args) -> int:
    from generator.articles import SafeMessagingRules, read_articles
    from generator.context import SAFE_MESSAGING_RULES
    from generator.schema import DESCRIPTOR, load_descriptor, parse_descriptor
    today = reference_date(args.today)
    spec = parse_descriptor("lectures", Path(args.data) / "lectures",
                            load_descriptor(Path(args.data) / "lectures" / DESCRIPTOR))
    codes = {"topics": set(spec.labels("lectures", "topic")), "audiences": set(spec.labels("lectures", "audiences"))}
    report = Report()
    articles = read_articles(Path(args.content), codes, SafeMessagingRules.load(Path(args.data) / SAFE_MESSAGING_RULES),
                             report)
    from generator.screening import read_questionnaires
    articles += read_questionnaires(Path(args.data), report)  # reviewed like articles
    soon = today + dt.timedelta(days=args.days)
    overdue = sorted((a for a in articles if a.next_review < today), key=lambda a: a.next_review)
    due = sorted((a for a in articles if today <= a.next_review <= soon), key=lambda a: a.next_review)
    print(f"审核到期报告（{today}）")
    print(f"已过期 {len(overdue)} 篇：")
    for a in overdue:
        print(f"  {a.next_review}  {a.path}  {a.title}（审核人 {a.reviewer_name}）")
    print(f"{args.days} 天内到期 {len(due)} 篇：")
    for a in due:
        print(f"  {a.next_review}  {a.path}  {a.title}（审核人 {a.reviewer_name}）")
    return 0


def cmd_fix_encoding(args) -> int:
    status = 0
    for name in args.paths:
        path = Path(name)
        raw = path.read_bytes()
        try:
            raw.decode("utf-8")
            print(f"{path}: 已是 UTF-8，无需转换")
            continue
        except UnicodeDecodeError:
            pass
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            print(f"{path}: 既不是 UTF-8 也不是 GBK/GB18030，未转换", file=sys.stderr)
            status = 1
            continue
        path.write_text(text, encoding="utf-8", newline="")
        print(f"{path}: 已从 GBK/GB18030 转换为 UTF-8")
    return status


def cmd_release(args) -> int:
    from generator import opendata
    from generator.context import load_site
    from generator.releases import ReleaseError
    from generator.schema import PACKAGES
    try:
        site = load_site(load_config(args.config), Path(args.data), Path(args.content), reference_date(args.today))
        lines = opendata.cut_release(site, tuple(args.package or PACKAGES))
    except BuildError as exc:
        _print_report(exc.report)
        return 1
    except ReleaseError as exc:
        print("\n".join(exc.messages), file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def _synth_module():
    """`benchmarks/synth.py` of the engine's own checkout: synthetic data are a tool of the engine's repository
    (they copy its sample's files), not of a site, so an engine installed from a wheel has none."""
    import importlib.util
    checkout = Path(__file__).resolve().parent.parent
    path = checkout / "benchmarks" / "synth.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("benchmarks.synth", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cmd_synth(args) -> int:
    synth = _synth_module()
    if synth is None:
        print("错误：xinan synth 生成基准测试用的合成数据，只能在心安引擎的源码仓库中使用（它复制仓库中示例站点的数据）；"
              "从 wheel 安装的引擎不带这个工具。请克隆引擎仓库，用 pip install -e 安装后在仓库中运行。", file=sys.stderr)
        return 1
    today = reference_date(args.today)
    counts = synth.synthesize(Path(args.out), stations=args.stations, practitioners=args.practitioners,
                              lectures=args.lectures, articles=args.articles, seed=args.seed, today=today)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


def cmd_init(args) -> int:
    from generator.init import cmd_init as run
    return run(args)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="xinan", description="心安：社会心理服务网站与开放数据生成器")
    p.add_argument("--config", help="站点设置文件（默认：当前目录或上级目录中的 mkdocs.yml）")
    sub = p.add_subparsers(dest="command", required=True)
    sp = sub.add_parser("init", help="在新文件夹中创建一个区县的站点：设置、数据包、编辑规则、示例文章")
    sp.add_argument("folder", help="新站点的文件夹（不存在或为空）")
    sp.add_argument("--district", required=True, help="区县名称，如 某某区")
    sp.add_argument("--city", required=True, help="所属城市，如 某某市")
    sp.add_argument("--bounds", required=True, metavar="S,W,N,E", help="辖区范围：南纬,西经,北纬,东经（WGS-84）")
    sp.add_argument("--site-url", required=True, help="网站地址，如 https://xinan.example.cn/")
    sp.add_argument("--email", required=True, help="接收纠错反馈的邮箱")
    sp.add_argument("--today", help="创建日期 YYYY-MM-DD（默认取 SOURCE_DATE_EPOCH 或北京时间今天）")
    sp.set_defaults(func=cmd_init)

    def common(sp, out=False):
        sp.add_argument("--data", help="数据目录（默认：设置文件旁的 data/）")
        sp.add_argument("--content", help="内容目录（默认：设置文件旁的 content/）")
        sp.add_argument("--today", help="数据日期 YYYY-MM-DD（默认取 SOURCE_DATE_EPOCH 或北京时间今天）")
        if out:
            sp.add_argument("--out", help="输出目录（默认：设置文件旁的 site/）")
            sp.add_argument("--drafts", action="store_true", help="包含草稿文章（仅供预览）")

    sp = sub.add_parser("validate", help="校验数据和文章，报告全部问题")
    common(sp)
    sp.set_defaults(func=cmd_validate)
    sp = sub.add_parser("build", help="生成站点")
    common(sp, out=True)
    sp.add_argument("--timings", action="store_true", help="输出各阶段耗时")
    sp.add_argument("--gzip", action="store_true", help="在文本文件旁写入预压缩的 .gz（供 nginx gzip_static）")
    sp.add_argument("--csp-conf", metavar="PATH", help="把本次构建的内容安全策略写成 nginx 配置片段（见 docs/deploy.md）")
    sp.set_defaults(func=cmd_build)
    sp = sub.add_parser("serve", help="本地预览，内容或数据变化时自动重建")
    common(sp, out=True)
    sp.add_argument("--host", default="127.0.0.1")
    sp.add_argument("--port", type=int, default=8000)
    sp.set_defaults(func=cmd_serve)
    sp = sub.add_parser("new", help="新建内容")
    new_sub = sp.add_subparsers(dest="what", required=True)
    na = new_sub.add_parser("article", help="新建文章草稿，头信息逐项说明")
    na.add_argument("slug")
    common(na)
    na.set_defaults(func=cmd_new_article)
    sp = sub.add_parser("report", help="报告")
    rep_sub = sp.add_subparsers(dest="what", required=True)
    rr = rep_sub.add_parser("reviews", help="列出审核已过期和即将到期的文章和自评问卷")
    rr.add_argument("--days", type=int, default=30)
    common(rr)
    rr.set_defaults(func=cmd_report_reviews)
    sp = sub.add_parser("release", help="把当前数据保存为发布版本（data/releases/<数据包>/<版本>/）")
    common(sp)
    sp.add_argument("--package", action="append", choices=["stations", "practitioners", "lectures", "hotlines", "coverage"])
    sp.set_defaults(func=cmd_release)
    sp = sub.add_parser("fix-encoding", help="把 GBK/GB18030 编码的 CSV 转换为 UTF-8")
    sp.add_argument("paths", nargs="+")
    sp.set_defaults(func=cmd_fix_encoding)
    sp = sub.add_parser("synth", help="生成确定性的合成数据（基准测试用）")
    sp.add_argument("--stations", type=int, default=84)
    sp.add_argument("--practitioners", type=int, default=300)
    sp.add_argument("--lectures", type=int, default=120)
    sp.add_argument("--articles", type=int, default=0)
    sp.add_argument("--seed", type=int, default=1)
    sp.add_argument("--out", required=True)
    sp.add_argument("--today")
    sp.set_defaults(func=cmd_synth)
    return p


def locate_site(args) -> None:
    """Fill in the site's paths: the settings file found from the current folder (or --config), and data/,
    content/ and site/ beside it unless given. Commands that work on no site (synth, fix-encoding) have none."""
    if not hasattr(args, "data"):
        return
    config = Path(args.config).resolve() if args.config else find_config()
    if config.is_dir() and (config / CONFIG_NAME).is_file():
        config = config / CONFIG_NAME  # --config names the site's folder
    if not config.is_file():
        raise NoSiteError(f"{args.config}: 找不到站点设置文件；--config 应指向站点的 {CONFIG_NAME}（或站点文件夹）")
    args.config = str(config)
    for name in ("data", "content", "out"):
        if hasattr(args, name) and getattr(args, name) is None:
            setattr(args, name, str(config.parent / ("site" if name == "out" else name)))


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        locate_site(args)
    except NoSiteError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    try:
        return args.func(args)
    except ConfigError as exc:
        for line in str(exc).splitlines():  # one line per problem, each naming the file and the key
            print(f"{args.config}: 设置错误：{line}", file=sys.stderr)
        return 2
