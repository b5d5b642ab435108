"""Filing numbers a Chinese website shows in its footer (extra.xinan.filing in mkdocs.yml), checked when set."""
from __future__ import annotations

import re

# 互联网信息服务管理办法: the ICP filing number links to the MIIT filing site; 公网安备 numbers link to the
# public-security filing site with their 14-digit code; 政府网站标识码 is the 10-character government site code.
ICP = re.compile(r"^[\u4e00-\u9fff]ICP备\d{6,10}号(-\d{1,3})?$")
POLICE = re.compile(r"^[\u4e00-\u9fff]公网安备 ?(\d{14})号$")
SITE_CODE = re.compile(r"^[0-9A-Z]{10}$")
ICP_URL = "https://beian.miit.gov.cn/"
POLICE_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"
KEYS = {"icp": "ICP 备案号，如 粤ICP备12345678号 或 粤ICP备12345678号-1",
        "police": "公网安备案号，如 粤公网安备44030402000001号（14 位数字）",
        "site_code": "政府网站标识码，10 位数字或大写字母，如 4403040001"}


def check(raw, where: str = "extra.xinan.filing") -> list[str]:
    """Every problem with the filing settings, one message each (empty when they are fine or not set)."""
    if raw is None:
        return []
    if not isinstance(raw, dict):
        return [f"{where}: 应为映射，可设置 {', '.join(KEYS)}"]
    problems = [f"{where}.{k}: 未知设置，可设置 {', '.join(KEYS)}" for k in raw if k not in KEYS]
    for key, pattern in (("icp", ICP), ("police", POLICE), ("site_code", SITE_CODE)):
        value = raw.get(key)
        if value in (None, ""):
            continue
        if not isinstance(value, str) or not pattern.match(value):
            problems.append(f"{where}.{key}: “{value}”不是有效的{KEYS[key]}")
    return problems


def police_url(number: str) -> str:
    match = POLICE.match(number)
    return POLICE_URL.format(code=match[1]) if match else ""
