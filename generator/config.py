"""Site settings: read from mkdocs.yml (`extra.xinan`), typed and checked with messages naming the key."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from generator import filing, settings
from generator.renderers import DEFAULT as DEFAULT_RENDERER
from generator.renderers import PROFILES, Renderer

TZ = ZoneInfo("Asia/Shanghai")
CONFIG_NAME = "mkdocs.yml"


class ConfigError(Exception):
    pass


class NoSiteError(ConfigError):
    """The command was run outside a site: no mkdocs.yml in the folder or any parent."""


def find_config(start: Path | None = None) -> Path:
    """The site's settings file, found the way `mkdocs` finds it: mkdocs.yml in `start` (the current folder by
    default) or the nearest parent that has one. A site's data/, content/ and site/ sit beside that file."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    raise NoSiteError(f"{here}: 这里不是心安站点（本目录及其上级目录中都没有 {CONFIG_NAME}）。"
                      "请进入站点目录再运行，或用 --config 指定设置文件；新建站点用 xinan init <目录>")


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may carry !!python/name or !ENV tags meant for MkDocs; we only read plain keys."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_yaml(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_TolerantLoader) or {}


@dataclass(frozen=True)
class Tiles:
    provider: str = "tianditu"  # tianditu | osm | none | custom
    key: str = ""
    url: str = ""
    attribution: str = ""
    crs: str = "wgs84"  # gcj02 when the provider serves Mars coordinates; markers are shifted for display only

    @property
    def configured(self) -> bool:
        """A tile source the map can draw: 天地图 with a key, OpenStreetMap, or a site's own tile URL. Without one
        the site shows no map box at all (navigation links and the list say where each station is)."""
        return (self.provider == "tianditu" and bool(self.key)) or self.provider == "osm" or \
            (self.provider == "custom" and bool(self.url))


@dataclass(frozen=True)
class SiteConfig:
    config_file: Path
    site_name: str
    site_url: str
    district: str
    city: str
    bounds: tuple[float, float, float, float]  # south, west, north, east (WGS-84)
    repo_url: str = ""
    edit_uri: str = ""
    report_error: str = ""
    stale_after_days: int = 365
    data_stale_after_days: int = 30  # days after the build before pages warn that their data may be out of date
    registry_noindex: bool = True
    lecture_feed_refresh_hours: int = 12
    station_list_split: int = 1000  # above this many stations in service, /stations/ lists streets (issue 17)
    tiles: Tiles = field(default_factory=Tiles)
    renderer: Renderer = PROFILES[DEFAULT_RENDERER]
    contract: str | None = None  # the data-contract version the site's data follow (generator/datacontract.py)
    raw: dict = field(default_factory=dict, repr=False)

    @property
    def root(self) -> Path:
        return self.config_file.parent


def _require(d: dict, key: str, where: str, kind: type):
    if key not in d:
        raise ConfigError(f"{where}.{key}: 缺少必填设置")
    value = d[key]
    if not isinstance(value, kind):
        raise ConfigError(f"{where}.{key}: 应为 {kind.__name__}，实际为 {type(value).__name__}")
    return value


def _tiles(t: dict, where: str, problems: list[str]) -> Tiles:
    provider = t.get("provider", "tianditu")
    if provider not in ("tianditu", "osm", "custom", "none"):
        problems.append(f"{where}.provider: 应为 tianditu、osm、custom 或 none")
    crs = t.get("crs", "wgs84")
    if crs not in ("wgs84", "gcj02"):
        problems.append(f"{where}.crs: 应为 wgs84 或 gcj02")
    if provider == "custom" and not t.get("url"):
        problems.append(f"{where}.url: provider 为 custom 时必须给出瓦片地址")
    return Tiles(provider=provider, key=str(os.environ.get("XINAN_TIANDITU_KEY") or t.get("key") or ""),
                 url=str(t.get("url") or ""), attribution=str(t.get("attribution") or ""), crs=crs)


def load_config(path: Path | None = None) -> SiteConfig:
    """Read and check mkdocs.yml. Every problem of `extra.xinan` (unknown keys, wrong types, values out of range)
    is refused at once: ConfigError's message has one line per problem."""
    path = Path(path).resolve() if path else find_config()
    raw = read_yaml(path)
    site_url = _require(raw, "site_url", "mkdocs.yml", str)
    if not site_url.endswith("/"):
        site_url += "/"
    extra = raw.get("extra") or {}
    x = _require(extra, "xinan", "extra", dict)
    where = settings.WHERE
    problems = settings.check(x)
    wrong = {line.split(":", 1)[0].split(".")[2] for line in problems}  # keys whose values are not read further
    bounds = (0.0, 0.0, 1.0, 1.0)
    if "bounds" not in wrong:
        b = x["bounds"]
        if len(b) != 4 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in b):
            problems.append(f"{where}.bounds: 应为 [南纬, 西经, 北纬, 东经] 四个数字")
        else:
            bounds = tuple(float(v) for v in b)
            if not (bounds[0] < bounds[2] and bounds[1] < bounds[3]):
                problems.append(f"{where}.bounds: 南边界须小于北边界，西边界须小于东边界")
    tiles = _tiles({} if "tiles" in wrong else settings.value(x, "tiles") or {}, f"{where}.tiles", problems)
    renderer = settings.value(x, "renderer")
    if "filing" not in wrong:
        problems += filing.check(x.get("filing"), f"{where}.filing")
    stale = settings.value(x, "stale_after_days")
    if "stale_after_days" not in wrong and stale < 1:
        problems.append(f"{where}.stale_after_days: 应为正整数")
    data_stale = settings.value(x, "data_stale_after_days")
    if "data_stale_after_days" not in wrong and not 1 <= data_stale <= 3650:
        problems.append(f"{where}.data_stale_after_days: 应为 1 到 3650 之间的整数（天）")
    split = settings.value(x, "station_list_split")
    if "station_list_split" not in wrong and split < 1:
        problems.append(f"{where}.station_list_split: 应为正整数")
    if problems:
        raise ConfigError("\n".join(problems))
    return SiteConfig(
        config_file=path,
        site_name=_require(raw, "site_name", "mkdocs.yml", str),
        site_url=site_url,
        district=x["district"],
        city=x["city"],
        bounds=bounds,
        repo_url=str(raw.get("repo_url") or ""),
        edit_uri=str(raw.get("edit_uri") or ""),
        report_error=settings.value(x, "report_error"),
        stale_after_days=stale,
        data_stale_after_days=data_stale,
        registry_noindex=settings.value(x, "registry_noindex"),
        lecture_feed_refresh_hours=settings.value(x, "lecture_feed_refresh_hours"),
        station_list_split=split,
        tiles=tiles,
        renderer=PROFILES[renderer],
        contract=settings.value(x, "contract"),
        raw=raw,
    )


def reference_date(today: str | None = None) -> dt.date:
    """The date the build speaks for: --today, else SOURCE_DATE_EPOCH, else today in Asia/Shanghai."""
    if today:
        try:
            return dt.date.fromisoformat(today)
        except ValueError as exc:
            raise ConfigError(f"--today: 日期格式应为 YYYY-MM-DD：{today}") from exc
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), TZ).date()
    return dt.datetime.now(TZ).date()
