"""Deterministic synthetic data: the repository's sample data and the benchmark scales."""
from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
import tempfile
from pathlib import Path
from typing import NamedTuple

SOURCE_DATA = Path(__file__).resolve().parent.parent / "data"

# Files of the fixed data contract that are copied as they are, per package.
CONTRACT_FILES = {
    "stations": ("datapackage.yaml", "streets.csv"),
    "practitioners": ("datapackage.yaml",),
    "lectures": ("datapackage.yaml",),
    "hotlines": ("datapackage.yaml", "hotlines.csv"),
    "holidays": ("datapackage.yaml", "days.csv", "years.csv"),
    "coverage": ("datapackage.yaml", "communities.csv", "targets.csv"),
    "editorial": ("safe-messaging.yaml", "crisis-phrases.yaml", "synonyms.yaml"),
}

SAMPLE = dict(stations=84, practitioners=300, lectures=120, articles=0, seed=20261122, today=dt.date(2026, 11, 22))

STATION_FIELDS = (
    "id", "name", "kind", "level", "street", "community", "address", "latitude", "longitude", "phones",
    "hours", "hours_exceptions", "holidays", "services", "audiences", "eligibility", "eligibility_note",
    "fee", "languages", "accessibility", "area_m2", "staff_count", "functions", "online_url",
    "not_emergency", "verified_on", "verified_source", "status", "closed_on", "closed_reason", "successor",
    "manager_name", "manager_mobile",
)
PRACTITIONER_FIELDS = (
    "registration_number", "name", "qualification", "level", "issuing_body", "status", "status_note",
    "ended_on", "end_reason", "valid_from", "valid_to", "affiliation", "specialties", "languages", "id_card_number",
    "personal_phone", "home_address",
)
FACILITY_FIELDS = ("street", "schools", "general_hospitals", "health_centres")
LECTURE_FIELDS = (
    "id", "title", "summary", "topic", "audiences", "setting", "start", "end", "mode", "station",
    "street", "address", "online_url", "speaker", "organiser", "registration_url", "capacity", "status",
    "previous_start", "sequence", "languages", "sign_language", "free",
)

# Category orders from the datapackages, so list cells come out in one canonical order.
AUDIENCES = ("all", "children", "youth", "students", "parents", "elderly", "perinatal", "workers",
             "teachers", "disabled", "frontline", "special")
LANGUAGES = ("zh", "yue", "hak", "en", "csl")
ACCESSIBILITY = ("step_free", "elevator", "accessible_toilet", "sign_language", "braille", "hearing_loop")
FUNCTIONS = ("reception", "psychoeducation", "smart_platform", "referral")

BOUNDS = (22.505, 114.000, 22.600, 114.115)  # south, west, north, east
JITTER = 0.007  # degrees: keeps every station near its street centre

# ---------------------------------------------------------------- places

COMMUNITIES = {
    "yl": ("百花", "红荔", "园东", "长城", "华林", "上林", "南天", "鹏盛", "园西"),
    "nyu": ("南园", "南华", "巴登", "埔尾", "滨江", "赤尾", "沙埔头", "玉田", "东园"),
    "ft": ("福山", "福安", "岗厦", "皇岗", "水围", "福南", "福华", "口岸"),
    "st": ("沙头", "沙嘴", "沙尾", "上沙", "下沙", "新沙", "金地", "天安", "翠湾"),
    "ml": ("梅林", "梅都", "梅京", "梅丰", "梅河", "孖岭", "上梅林", "下梅林", "新兴"),
    "hf": ("华富", "田面", "莲花北", "彩田", "新田", "黄木岗", "梅岭", "景华"),
    "xmh": ("香蜜", "香岭", "侨香", "竹园", "农园", "东海", "香安", "竹林"),
    "lh": ("景田", "紫荆", "彩虹", "福中", "狮岭", "康欣", "梅坳", "莲新"),
    "hqb": ("华强", "华航", "荔村", "通新岭", "福强", "华红", "华新"),
    "fb": ("福保", "福民", "益田", "石厦", "明月", "新港", "福田村"),
}
ROAD_SUFFIXES = ("路", "一路", "二路", "街", "南路", "北路")
URBAN_VILLAGES = (("st", "上沙"), ("st", "下沙"), ("st", "沙尾"), ("ft", "岗厦"), ("ft", "皇岗"),
                  ("ft", "水围"), ("fb", "石厦"), ("nyu", "赤尾"), ("nyu", "沙埔头"))
HOSPITALS = ("清源", "和煦", "景明", "松涛", "晴岚", "知远")
UNIVERSITIES = ("莲花山职业学院", "香蜜湖财经学院", "福田滨海学院")
COMPANIES = ("福瑞数据科技有限公司", "莲景物业管理有限公司", "深蓝航运服务有限公司", "鹏岚金融服务有限公司",
             "安岭软件有限公司", "晴川设计咨询有限公司", "南岭电子贸易有限公司", "禾丰供应链有限公司",
             "景弘会计师事务所", "青禾文化传播有限公司", "澄海检测技术有限公司", "远帆律师事务所")

# ---------------------------------------------------------------- station kinds

OFFICE_HOURS = ("Mo-Fr 09:00-12:00,14:00-17:30", "Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00",
                "Mo-Fr 08:30-12:00,14:00-18:00", "Tu-Sa 09:00-12:00,14:30-17:30",
                "Mo,We,Fr 14:00-17:30", "Mo-Fr 09:00-12:00,14:00-17:30; Sa-Su 14:00-17:00")
SCHOOL_HOURS = ("Mo-Fr 12:00-13:30,16:30-18:00", "Mo-Fr 08:00-12:00,14:00-17:00", "Mo,Tu,Th 15:30-17:30")
HOSPITAL_HOURS = ("Mo-Fr 08:00-12:00,14:00-17:30; Sa-Su 08:00-12:00", "Mo-Su 08:00-12:00,14:00-17:30",
                  "Mo-Sa 08:00-12:00,14:30-17:30")
LIBRARY_HOURS = ("Tu-Su 09:00-12:00,14:00-21:00", "Sa-Su 14:00-17:00", "Tu-Su 10:00-18:00")
WORKPLACE_HOURS = ("Mo-Fr 12:00-14:00,17:30-19:00", "Tu,Th 14:00-17:00")

class Kind(NamedTuple):
    abbr: str  # the kind's part of a station id
    level: str
    eligibility: str
    fee: str
    holidays: str
    hours: tuple[str, ...]  # weekly hours to choose from
    services: str
    audiences: str
    area: tuple[int, int] | None  # m2; None for hotlines and online platforms
    staff: tuple[int, int]
    weight: int  # how often the kind recurs beyond its one guaranteed row


KINDS = {k: Kind(*spec) for k, spec in {
    "district_center": ("zdzx", "district", "public", "free", "follow", OFFICE_HOURS,
                        "counseling;assessment;psychoeducation;group;crisis;referral", "all", (120, 400), (6, 15), 0),
    "mental_health_center": ("jwzx", "district", "patients", "mixed", "ignore", HOSPITAL_HOURS,
                             "clinic;assessment;counseling;crisis;referral", "all", (200, 600), (10, 30), 0),
    "youth_center": ("wcn", "district", "public", "free", "follow", OFFICE_HOURS,
                     "counseling;assessment;group;family;psychoeducation", "children;youth;parents",
                     (80, 200), (4, 10), 0),
    "street_station": ("xlz", "street", "public", "free", "follow", OFFICE_HOURS,
                       "counseling;psychoeducation;group;referral", "all;elderly;special", (40, 120), (2, 6), 0),
    "community_room": ("sqs", "community", "residents", "free", "follow", OFFICE_HOURS,
                       "counseling;psychoeducation;referral", "all", (20, 60), (1, 3), 40),
    "health_centre_room": ("skz", "community", "public", "free", "follow", OFFICE_HOURS,
                           "counseling;assessment;psychoeducation;referral", "all;elderly;perinatal",
                           (20, 40), (1, 3), 10),
    "school_room": ("xx", "sector", "own_pupils", "free", "follow", SCHOOL_HOURS,
                    "counseling;psychoeducation;group;referral", "students;parents", (20, 60), (1, 3), 15),
    "university_center": ("gx", "sector", "public", "free", "follow", OFFICE_HOURS,
                          "counseling;assessment;psychoeducation;group;crisis;referral", "students;youth",
                          (60, 200), (3, 10), 1),
    "hospital_clinic": ("yy", "sector", "patients", "paid", "ignore", HOSPITAL_HOURS,
                        "clinic;assessment;counseling;referral", "all", (30, 120), (2, 8), 4),
    "maternal_clinic": ("fy", "sector", "patients", "mixed", "ignore", HOSPITAL_HOURS,
                        "clinic;counseling;assessment;family", "perinatal;parents;children", (30, 80), (2, 5), 0),
    "workplace_room": ("dw", "sector", "own_staff", "free", "follow", WORKPLACE_HOURS,
                       "counseling;psychoeducation;group", "workers", (20, 40), (1, 2), 8),
    "union_point": ("gh", "sector", "own_staff", "free", "follow", WORKPLACE_HOURS,
                    "counseling;psychoeducation;referral", "workers", (20, 35), (1, 2), 4),
    "library_lounge": ("jxkt", "community", "public", "free", "follow", LIBRARY_HOURS,
                       "psychoeducation;counseling;group", "all;youth;elderly", (25, 80), (1, 3), 6),
    "justice_room": ("sf", "sector", "clients", "free", "follow", OFFICE_HOURS,
                     "counseling;assessment;crisis;referral", "special;frontline", (20, 40), (1, 3), 4),
    "hotline": ("rx", "district", "public", "free", "ignore", ("24/7",),
                "hotline;crisis;referral", "all", None, (6, 20), 0),
    "online": ("xs", "district", "public", "free", "ignore", ("Mo-Su 08:30-22:00",),
               "online_counseling;assessment;psychoeducation;referral", "all;youth;workers", None, (3, 10), 0),
}.items()}
VIRTUAL_KINDS = ("hotline", "online")
FILL_KINDS = tuple(k for k, spec in KINDS.items() if spec.weight)
FILL_WEIGHTS = tuple(KINDS[k].weight for k in FILL_KINDS)

ELIGIBILITY_NOTES = {
    "public": ("可直接前往，建议提前电话预约。", "欢迎居民来访，首次来访请提前电话预约。"),
    "residents": ("面向本社区居民，请提前电话预约。", "社区居民可预约一对一咨询，预约后按时到访。"),
    "own_pupils": ("仅面向本校学生及家长，可通过班主任或心理老师预约。",),
    "own_staff": ("仅限本单位职工，可通过工会或人事部门预约。",),
    "patients": ("需挂号就诊，可通过医院公众号或窗口挂号。",),
    "clients": ("面向社区矫正对象和来访群众，由工作人员安排。",),
}
# About one station in ten misses the construction standard (>= 20 m2, >= 1 staff, all four functions).
DEFECT_SHARES = (("", 0.88), ("area", 0.04), ("function", 0.04), ("staff", 0.04))
VERIFIED_SOURCES = ("街道办电话核实", "实地走访", "机构自报", "电话回访", "区卫生健康局年度核查", "社区网格员核实")

# ---------------------------------------------------------------- people

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许邓冯韩曹曾彭蔡潘田董袁于余叶蒋杜苏魏程吕丁沈"
            "任姚卢钟姜崔谭陆范汪廖石金韦贾夏方邹熊白孟秦邱侯江尹薛段雷黎史龙陶贺顾毛郝龚邵万钱戴严")
GIVEN = {
    "f": ("晓丽秀美静雅婷欣佳慧梦思雨嘉玉春海淑艳紫", "雯婷敏娟华芳琳颖怡萍洁霞欣璐琪倩燕丹莹蕾"),
    "m": ("志建晓文明国海俊伟家子浩宇振永立天嘉世德", "强明华峰军涛斌杰鹏辉磊波东勇刚宁林龙平超"),
}
# Shared family-and-generation names, so a partial-name search in the registry finds several people.
NAME_FAMILIES = ("林晓雯", "林晓峰", "林晓敏", "林晓东", "陈志强", "陈志明", "陈志华", "王丽娟", "王丽华")

QUALIFICATIONS = {
    # prefix, weight, levels, issuing body, preferred station kinds, preferred specialties
    "counselor": ("FTXL", 34, ("三级", "二级", "二级", "一级"), "福田区心理卫生协会",
                  ("community_room", "street_station", "health_centre_room", "district_center", "workplace_room",
                   "union_point", "online"),
                  ("anxiety", "depression", "stress", "relationships", "family", "emotion", "workplace", "sleep")),
    "psychotherapist": ("FTZL", 8, ("初级", "中级（主管治疗师）", "副高级"), "福田区卫生健康局",
                        ("hospital_clinic", "mental_health_center", "maternal_clinic", "district_center"),
                        ("depression", "anxiety", "bipolar", "sleep", "family", "emotion")),
    "psychiatrist": ("FTJS", 8, ("住院医师", "主治医师", "主治医师", "副主任医师", "主任医师"), "福田区卫生健康局",
                     ("hospital_clinic", "mental_health_center", "maternal_clinic"),
                     ("depression", "anxiety", "bipolar", "dementia", "sleep", "crisis", "autism")),
    "social_worker": ("FTSG", 15, ("助理社会工作师", "中级社会工作师", "中级社会工作师", "高级社会工作师"),
                      "福田区社会工作者协会",
                      ("community_room", "street_station", "justice_room", "district_center", "hotline"),
                      ("family", "help_seeking", "crisis", "dementia", "relationships", "parenting")),
    "school_teacher": ("FTJY", 15, ("专职", "专职", "兼职"), "福田区教育局",
                       ("school_room", "university_center", "youth_center"),
                       ("parenting", "stress", "emotion", "relationships", "autism", "anxiety")),
    "advisor": ("FTGW", 7, ("初级", "中级"), "福田区社会心理服务指导中心",
                ("library_lounge", "community_room", "workplace_room", "union_point"),
                ("stress", "emotion", "relationships", "help_seeking", "sleep")),
    "volunteer": ("FTZY", 13, ("", "", "一星志愿者", "三星志愿者"), "福田区志愿者联合会",
                  ("community_room", "library_lounge", "street_station", "hotline"),
                  ("help_seeking", "emotion", "dementia", "relationships")),
}
SPECIALTIES = ("depression", "anxiety", "bipolar", "dementia", "autism", "sleep", "stress", "parenting", "family",
               "workplace", "relationships", "crisis", "emotion", "help_seeking")
REVOKED_NOTES = ("因违反职业伦理被撤销登记", "因提交虚假材料被撤销登记", "因严重违反服务规范被撤销登记")
# Status mix of the registry; "stale" is active in the source though valid_to has passed.
STATUS_SHARES = (("active", 0.79), ("suspended", 0.06), ("expired", 0.08), ("revoked", 0.03), ("stale", 0.04))
LECTURE_STATUS_SHARES = (("scheduled", 0.90), ("cancelled", 0.05), ("rescheduled", 0.05))

# ---------------------------------------------------------------- lectures and articles

TOPIC_TEXTS = {
    "depression": (
        ("走出情绪低谷：认识抑郁症", "抑郁症是一种常见、可以治疗的疾病，了解它的表现和求助途径。"),
        ("持续心情低落，什么时候该去看医生", "分辨一时的情绪低落与需要专业帮助的抑郁状态，了解就诊流程。"),
        ("陪伴抑郁的家人：家属能做些什么", "学习倾听和陪伴的方法，同时照顾好自己的情绪。"),
        ("抑郁症的规范治疗与康复", "介绍药物治疗、心理治疗和康复期的自我管理，澄清常见误解。"),
        ("青少年抑郁：家长需要留意的信号", "识别孩子情绪和行为的变化，学习与孩子沟通、及时求助。"),
    ),
    "anxiety": (
        ("与焦虑和平相处", "认识焦虑的身心反应，练习呼吸放松和正念等自我调节方法。"),
        ("惊恐发作时怎么办", "了解惊恐发作的表现和应对步骤，知道何时需要就医。"),
        ("考试焦虑的自我调节", "帮助学生和家长正确看待考试压力，掌握放松和时间管理技巧。"),
        ("总担心自己生病：认识健康焦虑", "理解反复担心身体健康背后的心理机制，学会合理就医。"),
        ("社交焦虑：走出“怕见人”的困扰", "了解社交焦虑的常见表现，循序渐进地练习面对社交场合。"),
    ),
    "bipolar": (
        ("认识双相情感障碍", "了解情绪高涨与低落交替出现的特点，以及规范治疗的重要性。"),
        ("情绪过山车：双相障碍的早期识别", "介绍双相障碍的早期信号，帮助患者和家属及早就诊。"),
        ("双相障碍患者的长期自我管理", "规律作息、坚持服药、记录情绪，学习预防复发的方法。"),
        ("家有双相障碍患者：家属支持指南", "帮助家属理解疾病，学习沟通技巧和应对病情波动。"),
        ("双相障碍与抑郁症有何不同", "澄清两种疾病的区别，说明为何需要专业医生诊断。"),
    ),
    "dementia": (
        ("记性差就是老糊涂吗：认识老年期认知障碍", "区分正常衰老与认知障碍，了解早筛查、早干预的意义。"),
        ("守护记忆：认知障碍的早期筛查", "介绍社区可做的简易认知筛查，以及后续就诊途径。"),
        ("照护认知障碍老人的日常技巧", "学习与认知障碍老人沟通、安排日常生活和保证安全的方法。"),
        ("照护者也需要被照顾", "关注长期照护者的压力与情绪，介绍喘息服务和社区支持资源。"),
        ("健脑生活方式：延缓认知衰退", "运动、社交、学习与饮食如何帮助大脑保持活力。"),
    ),
    "autism": (
        ("认识儿童孤独症谱系障碍", "了解孤独症的早期表现，早发现、早干预有助于孩子发展。"),
        ("孩子不爱说话、不看人，要留意什么", "介绍婴幼儿社交沟通发育的关键信号和筛查途径。"),
        ("孤独症儿童的家庭康复训练", "学习在日常生活中支持孩子沟通和社交的实用方法。"),
        ("融合教育：让特殊孩子走进校园", "介绍融合教育的理念和做法，帮助家长和老师共同支持孩子。"),
        ("孤独症儿童家长的心理调适", "关注家长的压力与情绪，分享互助和社会支持资源。"),
    ),
    "sleep": (
        ("睡个好觉：失眠的自我调节", "了解失眠的常见原因，学习睡眠卫生和放松练习。"),
        ("睡不着、醒得早，怎么办", "介绍改善睡眠的行为方法，以及需要就医的情况。"),
        ("手机与睡眠：夜里放下屏幕", "了解睡前使用电子产品对睡眠的影响，建立睡前好习惯。"),
        ("老年人的睡眠变化与调适", "认识随年龄变化的睡眠特点，合理安排午睡和作息。"),
        ("正确认识助眠药物", "了解助眠药物的作用和注意事项，遵医嘱用药。"),
    ),
    "stress": (
        ("压力管理：给心灵减减负", "认识压力的来源和身心信号，学习实用的减压方法。"),
        ("忙碌生活中的情绪急救", "五分钟就能做的呼吸、觉察与放松练习。"),
        ("正念减压入门", "通过简单的正念练习提升专注力，缓解紧张情绪。"),
        ("压力与身体：头痛胃痛背后的情绪", "了解压力如何影响身体健康，学会倾听身体的信号。"),
        ("学会说“不”：设定健康的边界", "在工作和生活中合理拒绝，减少不必要的压力。"),
    ),
    "parenting": (
        ("读懂孩子的情绪", "学习识别和回应孩子的情绪，建立亲密而有边界的亲子关系。"),
        ("青春期亲子沟通", "面对叛逆和沉默，家长如何倾听、如何表达。"),
        ("手机、游戏与孩子：家长怎么管", "和孩子一起制定使用规则，减少亲子冲突。"),
        ("做不焦虑的家长", "觉察自身焦虑对孩子的影响，调整期待，陪伴孩子成长。"),
        ("新学期适应：帮孩子顺利过渡", "了解入学、升学和转学时孩子可能遇到的适应问题，以及家长的支持方法。"),
    ),
    "family": (
        ("经营婚姻：夫妻沟通的艺术", "学习非暴力沟通，减少争吵，增进理解。"),
        ("家庭冲突的化解之道", "认识家庭矛盾的常见模式，学习协商和修复关系的方法。"),
        ("孕产期的心理变化与家庭支持", "了解孕期和产后常见的情绪变化，以及家人如何给予支持。"),
        ("隔代教养：三代同堂的相处之道", "协调祖辈与父母的教养分歧，营造和谐的家庭氛围。"),
        ("父母离异时，如何照顾孩子的感受", "帮助父母在婚姻变化中照顾孩子的情绪与安全感。"),
    ),
    "workplace": (
        ("职场心理健康：远离职业倦怠", "识别倦怠的早期信号，找回工作中的掌控感与意义感。"),
        ("工作与生活的平衡", "合理安排时间和精力，给自己留出休息和陪伴家人的空间。"),
        ("职场人际关系与沟通", "学习与同事、上级有效沟通，处理工作中的分歧。"),
        ("管理者的心理支持技巧", "帮助团队管理者关注员工心理健康，及时发现困难并转介。"),
        ("职业变动期的心理调适", "面对换工作或待业时的情绪应对与资源获取。"),
    ),
    "relationships": (
        ("建立良好的人际关系", "了解人际交往中的常见困扰，学习表达自己和理解他人。"),
        ("孤独感从何而来", "认识孤独感对身心的影响，学习建立和维持社会联结。"),
        ("化解冲突：有话好好说", "学习在分歧中表达需要、倾听对方，找到双方都能接受的办法。"),
        ("新深圳人的社交适应", "初到城市，如何建立新的朋友圈和支持网络。"),
        ("校园人际与同伴关系", "帮助学生处理同伴冲突，识别和应对校园欺凌。"),
    ),
    "crisis": (
        ("心理危机的识别与求助", "了解身边人可能处于心理危机的信号，知道如何陪伴并及时寻求专业帮助。"),
        ("心理急救：陪伴身处困境的人", "学习倾听、陪伴和转介的基本方法，知道什么时候拨打求助电话。"),
        ("守门人培训：做身边人的支持者", "面向社区工作者和志愿者，学习识别风险和转介流程。"),
        ("突发事件后的心理支持", "了解经历突发事件后的常见反应，以及自我照顾与求助途径。"),
        ("校园心理危机的预防与干预", "面向教师和家长，介绍学生心理危机的早期识别和转介流程。"),
    ),
    "emotion": (
        ("情绪调节：做情绪的主人", "认识情绪的作用，学习觉察、接纳和调节情绪的方法。"),
        ("愤怒管理：不被怒火控制", "了解愤怒背后的需要，练习让自己冷静下来的技巧。"),
        ("培养积极情绪，提升幸福感", "通过感恩、运动和社交等方式增加生活中的积极体验。"),
        ("失去之后：认识哀伤", "了解哀伤的过程，陪伴自己和他人度过失去亲人后的艰难时期。"),
        ("情绪日记：看见自己的心情", "学习用简单的记录方法觉察情绪变化，找到调节的线索。"),
    ),
    "help_seeking": (
        ("心理求助并不丢人", "破除对心理问题的偏见，了解身边可以获得的心理服务。"),
        ("如何找到合适的心理咨询师", "了解咨询师的资质和登记查询方法，选择正规的服务机构。"),
        ("社区心理服务室能做什么", "介绍社区心理服务室的服务内容、预约方式和隐私保护。"),
        ("看精神科，没有想象中可怕", "介绍精神心理门诊的就诊流程，消除就医顾虑。"),
        ("心理援助热线怎么用", "介绍 12356 心理援助热线的服务内容和拨打方式。"),
    ),
}
TOPICS = tuple(TOPIC_TEXTS)
MEDICAL_TOPICS = ("depression", "anxiety", "bipolar", "dementia", "sleep", "autism")
TOPIC_AUDIENCES = {"dementia": ("elderly",), "autism": ("parents", "children"), "parenting": ("parents",),
                   "workplace": ("workers",), "crisis": ("frontline",), "family": ("perinatal",)}
SETTING_TOPICS = {
    "school": ("parenting", "stress", "emotion", "relationships", "autism", "sleep", "anxiety", "crisis"),
    "enterprise": ("workplace", "stress", "sleep", "emotion", "depression", "anxiety", "relationships"),
}
SETTING_AUDIENCES = {"school": (("students", "parents"), ("teachers",), ("parents",)),
                     "enterprise": (("workers",),), "government": (("frontline",), ("workers",)),
                     "community": (("all",), ("all", "elderly")), "public_place": (("all",),),
                     "village": (("all",), ("all", "elderly"))}
SETTING_BY_KIND = {"school_room": "school", "university_center": "school", "youth_center": "school",
                   "workplace_room": "enterprise", "union_point": "enterprise", "justice_room": "government",
                   "library_lounge": "public_place", "district_center": "public_place",
                   "hospital_clinic": "public_place", "maternal_clinic": "public_place",
                   "mental_health_center": "public_place"}
SETTING_ORGANISERS = {"school": ("福田区教育局", "福田区未成年人心理健康成长辅导中心"),
                      "enterprise": ("福田区总工会", "福田区社会心理服务指导中心"),
                      "government": ("福田区司法局", "福田区信访局", "福田区社会心理服务指导中心"),
                      "public_place": ("福田区社会心理服务指导中心", "福田区图书馆", "福田区卫生健康局",
                                       "福田区妇女联合会", "福田区残疾人联合会")}
DOCTOR_ROLES = ("医生（精神科主治医师）", "医生（精神科副主任医师）", "主任（精神科主任医师）", "治疗师（心理治疗师）")
COUNSELOR_ROLES = ("老师（二级心理咨询师）", "老师（心理健康教育教师）", "社工（中级社会工作师）",
                   "老师（心理治疗师）", "老师（社会心理服务指导中心）")
START_TIMES = {"school": ((15, 30), (16, 0), (9, 30)), "enterprise": ((12, 30), (14, 30), (19, 0)),
               None: ((9, 30), (10, 0), (14, 30), (15, 0), (19, 0), (19, 30))}

ARTICLE_SENTENCES = {
    "depression": ("抑郁症不是性格软弱，也不是“想开点”就能好，它和高血压一样是需要治疗的疾病。",
                   "如果情绪低落、兴趣减退持续两周以上，并影响了睡眠、食欲和工作学习，应当寻求专业评估。",
                   "规范治疗包括药物、心理治疗和生活方式调整，多数人经过治疗可以明显好转。",
                   "康复期要遵医嘱服药，不要自行停药，定期复诊有助于预防复发。",
                   "家人的理解和陪伴很重要，少讲道理，多倾听，陪他一起去看医生。",
                   "规律运动、晒太阳和保持与亲友的联系，对改善情绪都有帮助。"),
    "anxiety": ("适度的焦虑能帮助我们应对挑战，但过度、持续的担心会消耗身心。",
                "焦虑常伴随心慌、出汗、肌肉紧张和坐立不安等身体反应。",
                "腹式呼吸是简单有效的放松方法：慢慢吸气四秒，屏息片刻，再缓缓呼气六秒。",
                "回避会让焦虑在短期内减轻，长期却会让害怕的范围越来越大。",
                "把担心写下来，区分能做点什么的事和暂时无法改变的事，有助于找回掌控感。",
                "如果焦虑明显影响生活，可以到精神心理门诊或社区心理服务室寻求帮助。"),
    "bipolar": ("双相障碍的特点是情绪高涨和低落交替出现，中间可以有相对平稳的时期。",
                "情绪高涨时可能睡得很少却精力旺盛、话多、花钱冲动，这些都值得留意。",
                "双相障碍需要精神科医生诊断，单用抗抑郁药可能并不合适。",
                "坚持治疗、规律作息和记录情绪变化，是预防复发的关键。",
                "家属可以和患者一起约定病情波动时的应对办法，提前做好准备。",
                "稳定期的患者完全可以正常工作和生活，社会的接纳同样重要。"),
    "dementia": ("偶尔忘事是正常现象，但经常忘记刚发生的事、在熟悉的地方迷路，就需要重视。",
                 "认知障碍早期发现、早期干预，可以延缓病情发展，提高生活质量。",
                 "社区卫生服务中心可以为老年人做简易认知筛查，结果异常再到专科进一步评估。",
                 "与认知障碍老人交流时，语速放慢、一次只说一件事，多给鼓励少纠正。",
                 "家中要做好防走失和防跌倒措施，为老人准备写有联系电话的卡片。",
                 "长期照护很辛苦，照护者也要留出休息时间，必要时寻求喘息服务。"),
    "autism": ("孤独症谱系障碍通常在幼儿期表现出来，核心特点是社交沟通困难和重复刻板行为。",
               "孩子叫名字不回应、很少用手指东西、不与人对视，都值得请专业人员评估。",
               "越早开始干预，孩子在语言、社交和生活自理方面的进步往往越明显。",
               "家庭是最重要的训练场所，日常生活中的吃饭、游戏都可以成为练习机会。",
               "每个孩子都不一样，要根据孩子的特点制定适合的目标，不和别人比较。",
               "家长之间的互助小组可以分享经验，也能缓解照顾孩子带来的压力。"),
    "sleep": ("成年人每晚睡七到八小时比较合适，但睡眠需求因人而异。",
              "尽量每天同一时间上床和起床，周末也不要相差太多。",
              "睡前一小时放下手机，调暗灯光，可以帮助身体做好入睡准备。",
              "躺在床上二十分钟仍睡不着，可以起身做些安静的事，有困意再回到床上。",
              "下午以后少喝咖啡和浓茶，晚餐不宜过饱，睡前避免剧烈运动。",
              "长期失眠可能与情绪问题有关，应到医院睡眠或精神心理门诊就诊，不要自行长期服用助眠药。"),
    "stress": ("压力本身并不可怕，适度的压力能让人保持专注和动力。",
               "长期压力过大时，身体会发出信号：头痛、胃口变化、容易疲劳和烦躁。",
               "把大任务拆成小步骤，每完成一步都给自己一点肯定。",
               "每天留出十分钟做自己喜欢的事，哪怕只是散步或听一首歌。",
               "和信任的人聊一聊，说出来本身就能减轻心里的负担。",
               "如果压力已经影响睡眠和工作，可以预约社区心理服务室的咨询。"),
    "parenting": ("孩子发脾气时，先接住情绪，再讲道理，往往比立刻批评更有效。",
                  "用“你看起来很生气”这样的话说出孩子的感受，能让孩子感到被理解。",
                  "青春期的孩子需要更多的自主空间，家长可以从管理者逐渐转为顾问。",
                  "和孩子一起商量手机使用规则，比单方面没收更容易被遵守。",
                  "家长先照顾好自己的情绪，才能给孩子稳定的陪伴。",
                  "如果孩子长期情绪低落、不愿上学，可以联系学校心理老师或社区心理服务室。"),
    "family": ("健康的家庭关系不是没有矛盾，而是有能力处理矛盾。",
               "表达不满时多用“我感到”开头，少用“你总是”开头，能减少对抗。",
               "孕期和产后情绪波动很常见，家人多分担家务、多陪伴，可以减轻妈妈的压力。",
               "祖辈参与带孩子时，家庭成员之间要商量出一致的规则。",
               "定期安排全家一起的活动，哪怕只是一起吃顿饭、散散步。",
               "婚姻家庭遇到困难时，可以寻求社区或专业机构的家庭辅导。"),
    "workplace": ("职业倦怠常表现为精疲力竭、对工作变得冷漠和成就感下降。",
                  "给工作设定清晰的边界，下班后尽量减少处理工作消息。",
                  "遇到难题时主动和上级沟通，比独自硬扛更能解决问题。",
                  "午间短暂休息和工作间隙的伸展运动，有助于恢复精力。",
                  "很多单位设有心理服务室或工会心理咨询点，职工可以免费预约。",
                  "管理者关心员工的状态，及时发现困难并提供支持，团队会更有韧性。"),
    "relationships": ("良好的人际关系是心理健康的重要保护因素。",
                      "倾听时少打断、少评判，先理解对方想表达什么。",
                      "表达需要时具体一点，比如“希望你周末陪我一起去看望父母”。",
                      "孤独感很常见，参加社区活动、兴趣小组是结识新朋友的好办法。",
                      "发生冲突后，先让情绪平复下来，再找合适的时间沟通。",
                      "遇到欺凌或长期的人际困扰，要及时告诉信任的人并寻求帮助。"),
    "emotion": ("情绪没有好坏之分，每一种情绪都在提醒我们某种需要。",
                "觉察情绪是调节的第一步，可以试着给此刻的感受起个名字。",
                "生气时先离开现场、深呼吸几次，等冷静下来再处理问题。",
                "运动、睡眠和规律饮食是情绪稳定的基础。",
                "记录每天让自己感激的三件小事，能帮助我们更多地注意到生活中的积极面。",
                "失去亲人后的悲伤需要时间，允许自己难过，也可以向亲友和专业人员寻求支持。"),
    "help_seeking": ("每个人是自己心理健康的第一责任人，关注心理健康和关注身体健康一样重要。",
                     "心理咨询适合一般的心理困扰，精神科门诊负责精神疾病的诊断和治疗。",
                     "选择心理咨询服务时，可以在登记名录中查询从业人员的资质和登记状态。",
                     "社区心理服务室、学校心理辅导室和医院心理门诊都可以提供帮助。",
                     "咨询师会为来访者保密，只有在涉及安全等法定情形时才会依法处理。",
                     "遇到情绪困扰时，也可以拨打 12356 心理援助热线。"),
}
ARTICLE_HELP = ("精神疾病可防可治，心理问题及早求助，关心不歧视，心身同健康。",
                "如果感到难以应对，可以拨打 12356 心理援助热线，或到就近的社区心理服务室寻求帮助。",
                "福田区各街道心理服务站和社区心理服务室提供免费的心理咨询，预约方式见站点名录。",
                "遇到紧急情况、有生命危险时，请立即拨打 120 或 110。")
ARTICLE_SOURCES = (("国家卫生健康委 心理健康科普", "https://www.nhc.gov.cn/"),
                   ("中国疾病预防控制中心 健康科普", "https://www.chinacdc.cn/"),
                   ("世界卫生组织 心理健康", "https://www.who.int/zh/health-topics/mental-health"))
ARTICLE_REVIEWERS = (("李主任", "精神科主任医师"), ("周主任", "精神科副主任医师"), ("郑老师", "一级心理咨询师"),
                     ("何医生", "精神科主治医师"))


# ================================================================ public API

def synthesize(out: Path, *, stations: int, practitioners: int, lectures: int, articles: int,
               seed: int = 1, today: dt.date) -> dict[str, int]:
    """Write a complete data dir + content dir under `out`: out/data/<pkg>/... and out/content/articles/*.md.
    Returns counts written."""
    out = Path(out)
    _copy_contract(out / "data")
    streets = _read_streets(SOURCE_DATA / "stations" / "streets.csv")
    # One stream per dataset, so changing one count leaves the other files unchanged.
    station_rows = _stations(random.Random(f"{seed}:stations"), stations, streets, today)
    practitioner_rows = _practitioners(random.Random(f"{seed}:practitioners"), practitioners, station_rows, today)
    lecture_rows = _lectures(random.Random(f"{seed}:lectures"), lectures, station_rows, streets, today)
    _write_csv(out / "data" / "stations" / "stations.csv", STATION_FIELDS, station_rows)
    _write_csv(out / "data" / "practitioners" / "practitioners.csv", PRACTITIONER_FIELDS, practitioner_rows)
    _write_csv(out / "data" / "lectures" / "lectures.csv", LECTURE_FIELDS, lecture_rows)
    _write_csv(out / "data" / "coverage" / "facilities.csv", FACILITY_FIELDS, _facilities(station_rows, streets))
    written = _articles(random.Random(f"{seed}:articles"), articles, out / "content" / "articles", today)
    # The site's own pages (about, privacy) are in the nav; a synthetic site carries the repository's.
    shutil.copytree(SOURCE_DATA.parent / "content" / "pages", out / "content" / "pages", dirs_exist_ok=True)
    return {"stations": len(station_rows), "practitioners": len(practitioner_rows),
            "lectures": len(lecture_rows), "articles": written}


def write_sample(repo_data: Path) -> dict[str, int]:
    """Regenerate the committed sample CSVs under `repo_data` (the contract files there stay untouched)."""
    with tempfile.TemporaryDirectory() as tmp:
        counts = synthesize(Path(tmp), **SAMPLE)
        for pkg in ("stations", "practitioners", "lectures"):
            shutil.copyfile(Path(tmp) / "data" / pkg / f"{pkg}.csv", Path(repo_data) / pkg / f"{pkg}.csv")
    return counts


def _facilities(stations: list[dict], streets) -> list[dict]:
    """Denominators a third above what the stations count, so coverage is partial and never over 100 %."""
    rows = []
    for street in streets:
        row = {"street": street[0]}
        for column, kind in (("schools", "school_room"), ("general_hospitals", "hospital_clinic"),
                             ("health_centres", "health_centre_room")):
            counted = sum(1 for s in stations if s["kind"] == kind and s["street"] == street[0])
            row[column] = counted + (counted + 2) // 3
        rows.append(row)
    return rows


# ================================================================ files

def _copy_contract(data: Path) -> None:
    for pkg, names in CONTRACT_FILES.items():
        (data / pkg).mkdir(parents=True, exist_ok=True)
        for name in names:
            shutil.copyfile(SOURCE_DATA / pkg / name, data / pkg / name)


def _read_streets(path: Path) -> list[tuple[str, str, float, float]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [(r["id"], r["name"], float(r["latitude"]), float(r["longitude"])) for r in csv.DictReader(fh)]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(value)
    return str(value)


def _write_csv(path: Path, fields: tuple[str, ...], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(fields)
        writer.writerows([_cell(row.get(f)) for f in fields] for row in rows)


# ================================================================ shared helpers

def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap target year
        return day.replace(year=day.year + years, day=28)


def _ordered(codes, order: tuple[str, ...]) -> list[str]:
    """Deduplicate list-cell codes and put them in category order, whatever order they were picked in."""
    chosen = set(codes)
    return [c for c in order if c in chosen]


def _person_name(rng: random.Random) -> str:
    first, second = GIVEN[rng.choice("fm")]
    if rng.random() < 0.25:
        return rng.choice(SURNAMES) + rng.choice(second)
    return rng.choice(SURNAMES) + rng.choice(first) + rng.choice(second)


def _landline(rng: random.Random) -> str:
    return f"0755-8{rng.randrange(10_000_000):07d}"


def _fake_mobile(rng: random.Random) -> str:
    # The 13800138xxx family is the customary placeholder, so no real subscriber is implied.
    return f"13800138{rng.randrange(1000):03d}"


def _languages(rng: random.Random, *, yue: float = 0.3, en: float = 0.05, csl: float = 0.04) -> list[str]:
    picked = ["zh"]
    for code, share in (("yue", yue), ("hak", 0.02), ("en", en), ("csl", csl)):
        if rng.random() < share:
            picked.append(code)
    return _ordered(picked, LANGUAGES)


def _street_address(rng: random.Random, street_name: str, community: str, place: str) -> str:
    road = community.removesuffix("村") + rng.choice(ROAD_SUFFIXES)
    return f"深圳市福田区{street_name}街道{road}{rng.randint(1, 88)}号{place}"


# ================================================================ stations

def _station_plan(rng: random.Random, n: int, street_ids: list[str]) -> list[tuple[str, str]]:
    """(kind, street) per row: first every kind and every street, then a weighted fill across streets."""
    plan = [("district_center", "lh"), ("mental_health_center", "ft"), ("youth_center", "hf")]
    plan += [("street_station", s) for s in street_ids]
    plan += [(k, rng.choice(street_ids)) for k in FILL_KINDS]
    plan += [("hotline", ""), ("hotline", ""), ("online", "")]
    for i in range(max(0, n - len(plan))):
        plan.append((rng.choices(FILL_KINDS, FILL_WEIGHTS)[0], street_ids[i % len(street_ids)]))
    return plan[:n]


class _Namer:
    """Hands out names from pools without repeats until a pool is used up, and running numbers."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.queues: dict[str, list[str]] = {}
        self.counters: dict[str, int] = {}

    def pick(self, key: str, pool: tuple[str, ...]) -> str:
        queue = self.queues.setdefault(key, [])
        if not queue:
            queue.extend(pool)
            self.rng.shuffle(queue)
        return queue.pop()

    def community(self, street: str, kind: str) -> str:
        return self.pick(f"{street}-{kind}", COMMUNITIES[street])

    def number(self, key: str, start: int) -> int:
        self.counters[key] = self.counters.get(key, start - 1) + 1
        return self.counters[key]


def _station_name(kind: str, street_name: str, community: str, namer: _Namer, rng: random.Random) -> tuple[str, str]:
    """(name, place within the address) for one station."""
    s = street_name
    if kind == "district_center":
        return "福田区社会心理服务指导中心", "区社会心理服务指导中心三楼"
    if kind == "mental_health_center":
        return "福田区清晖精神卫生中心", "门诊楼二楼"
    if kind == "youth_center":
        return "福田区未成年人心理健康成长辅导中心", "青少年活动中心四楼"
    if kind == "street_station":
        return f"{s}街道心理服务站", "街道综治中心二楼"
    if kind == "community_room":
        suffix = rng.choice(("心理服务室", "心理服务室", "心理咨询室", "心灵驿站"))
        return f"{s}街道{community}社区{suffix}", "社区党群服务中心二楼"
    if kind == "health_centre_room":
        return f"{community}社康中心心理咨询室", "社康中心三楼"
    if kind == "school_room":
        if rng.random() < 0.5:
            return f"福田区第{namer.number('middle', 41)}中学心理辅导室", "校内行政楼二楼"
        return f"福田区第{namer.number('primary', 71)}小学心理辅导室", "校内综合楼一楼"
    if kind == "university_center":
        return f"{namer.pick('university', UNIVERSITIES)}心理健康教育与咨询中心", "学生活动中心三楼"
    if kind == "hospital_clinic":
        return f"福田区{namer.pick('hospital', HOSPITALS)}医院心理门诊", "门诊楼四楼"
    if kind == "maternal_clinic":
        return "福田区安和妇幼保健院心理门诊", "门诊楼三楼"
    if kind == "workplace_room":
        if rng.random() < 0.3:
            return f"{s}街道办事处机关心理服务室", "街道办事处五楼"
        return f"{namer.pick('company', COMPANIES)}职工心理服务室", f"{rng.choice('ABC')}座{rng.randint(5, 28)}楼"
    if kind == "union_point":
        if rng.random() < 0.5:
            return f"{s}街道总工会心理咨询点", "职工服务中心一楼"
        return f"{namer.pick('company', COMPANIES)}工会心理咨询点", f"{rng.choice('ABC')}座{rng.randint(2, 12)}楼"
    if kind == "library_lounge":
        if rng.random() < 0.5:
            return f"福田区图书馆{community}分馆健心客厅", "分馆一楼"
        return f"{s}街道城市书房健心客厅", "城市书房一楼"
    if kind == "justice_room":
        return rng.choice((f"{s}司法所心理服务室", f"{s}街道信访接待心理疏导室",
                           f"{s}街道社区矫正心理辅导室")), "街道综治中心一楼"
    if kind == "hotline":
        return ("福田区心理援助热线", "福田区青少年心理辅导热线")[namer.number("hotline", 0) % 2], ""
    return "福田区心安在线心理服务平台", ""


def _hours_exceptions(rng: random.Random, today: dt.date) -> str:
    """Mostly empty; otherwise one or two dated exceptions within six months of `today`."""
    if rng.random() >= 0.1:
        return ""
    items = []
    for _ in range(rng.choice((1, 1, 2))):
        day = today + dt.timedelta(days=rng.randint(-182, 178))
        form = rng.random()
        if form < 0.4:
            items.append((day, f"{day} 09:00-12:00"))
        elif form < 0.7:
            items.append((day, f"{day} off"))
        else:
            items.append((day, f"{day}..{day + dt.timedelta(days=rng.randint(1, 4))} off"))
    items.sort()
    if len(items) == 2 and items[1][0] <= items[0][0] + dt.timedelta(days=4):
        items.pop()  # overlapping ranges would be ambiguous
    return "; ".join(text for _, text in items)


def _construction(rng: random.Random, kind: str, area_range, staff_range, defect: str) -> tuple:
    """(area, staff, functions), with the given way of missing the construction standard, if any."""
    staff = rng.randint(*staff_range)
    if area_range is None:
        functions = ["psychoeducation", "smart_platform", "referral"] if kind == "online" else ["reception", "referral"]
        return None, staff, functions
    area = rng.randint(*area_range) + (0.5 if rng.random() < 0.2 else 0)
    functions = list(FUNCTIONS)
    if defect == "area":
        area = rng.randint(10, 19)
    elif defect == "function":
        functions.remove(rng.choice(FUNCTIONS[1:]))
    elif defect == "staff":
        staff = 0
    return area, staff, functions


def _station_audiences(rng: random.Random, kind: str, base: str) -> list[str]:
    codes = base.split(";")
    if kind == "community_room":
        codes += rng.sample(("elderly", "parents", "disabled", "special", "youth"), rng.randint(0, 2))
    if kind == "school_room":
        codes.append(rng.choice(("children", "youth")))
    return _ordered(codes, AUDIENCES)


def _station_services(rng: random.Random, base: str) -> list[str]:
    codes = base.split(";")
    if rng.random() < 0.3:
        codes.append(rng.choice(("group", "family", "assessment")))
    return list(dict.fromkeys(codes))


def _accessibility(rng: random.Random, languages: list[str]) -> list[str]:
    codes = [code for code, share in (("step_free", 0.7), ("elevator", 0.5), ("accessible_toilet", 0.35),
                                      ("braille", 0.05), ("hearing_loop", 0.05)) if rng.random() < share]
    if "csl" in languages:
        codes.append("sign_language")
    return _ordered(codes, ACCESSIBILITY)


def _verified_on(rng: random.Random, today: dt.date) -> dt.date:
    # A quarter older than a year, so the staleness flag has something to show.
    days = rng.randint(0, 330) if rng.random() < 0.75 else rng.randint(366, 540)
    return today - dt.timedelta(days=days)


def _station(rng: random.Random, kind: str, street, namer: _Namer, today: dt.date, seq: int, defect: str) -> dict:
    spec = KINDS[kind]
    level, eligibility, fee = spec.level, spec.eligibility, spec.fee
    virtual = kind in VIRTUAL_KINDS
    sid, sname, lat0, lon0 = street if street else ("qu", "", 0.0, 0.0)
    community = "" if virtual else namer.community(sid, kind)
    name, place = _station_name(kind, sname, community, namer, rng)
    if kind == "community_room" and rng.random() < 0.4:
        eligibility = "public"
    if kind == "hospital_clinic" and rng.random() < 0.4:
        fee = "mixed"
    hours = spec.hours[0] if virtual and seq == 1 else rng.choice(spec.hours)
    if kind == "hotline" and seq > 1:
        hours = "Mo-Fr 14:00-22:00; Sa-Su 09:00-21:00"
    elif not virtual and rng.random() < 0.05:
        hours = ""  # by appointment only
    # Sign language needs a screen or a room, so a telephone line never offers it.
    languages = _languages(rng, en=0.2 if level == "district" else 0.05, csl=0 if kind == "hotline" else 0.04)
    area, staff, functions = _construction(rng, kind, spec.area, spec.staff, defect)
    note = "开放时间不固定，请先电话预约。" if not hours and not virtual else rng.choice(ELIGIBILITY_NOTES[eligibility])
    if kind == "hotline":
        note = "直接拨打电话即可，无需预约。"
    elif kind == "online":
        note = "通过网页注册后预约线上咨询或进行自助测评。"
    station_id = f"{sid}-{spec.abbr}-{seq:03d}"
    manager = rng.random() < 0.9
    return {
        "id": station_id, "name": name, "kind": kind, "level": level,
        "street": "" if virtual else sid,
        "community": community if level == "community" else "",
        "address": "" if virtual else _street_address(rng, sname, community, place),
        "latitude": None if virtual else f"{_clamp(lat0 + rng.uniform(-JITTER, JITTER), 0):.5f}",
        "longitude": None if virtual else f"{_clamp(lon0 + rng.uniform(-JITTER, JITTER), 1):.5f}",
        "phones": [_landline(rng) for _ in range(2 if rng.random() < 0.2 else 1)],
        "hours": hours,
        "hours_exceptions": "" if virtual else _hours_exceptions(rng, today),
        "holidays": spec.holidays,
        "services": _station_services(rng, spec.services),
        "audiences": _station_audiences(rng, kind, spec.audiences),
        "eligibility": eligibility, "eligibility_note": note, "fee": fee,
        "languages": languages,
        "accessibility": [] if virtual else _accessibility(rng, languages),
        "area_m2": area, "staff_count": staff, "functions": functions,
        "online_url": _station_url(rng, kind, station_id),
        "not_emergency": True,
        "verified_on": _verified_on(rng, today).isoformat(),
        "verified_source": rng.choice(VERIFIED_SOURCES),
        "manager_name": _person_name(rng) if manager else "",
        "manager_mobile": _fake_mobile(rng) if manager else "",
    }


def _clamp(value: float, axis: int) -> float:
    low, high = BOUNDS[axis], BOUNDS[axis + 2]
    return min(max(value, low + 0.001), high - 0.001)


def _station_url(rng: random.Random, kind: str, station_id: str) -> str:
    if kind == "online":
        return "https://xinan.example.cn/online/"
    bookable = ("district_center", "mental_health_center", "hospital_clinic", "university_center")
    if kind in bookable and rng.random() < 0.5:
        return f"https://xinan.example.cn/booking/{station_id}"
    return ""


def _stations(rng: random.Random, n: int, streets, today: dt.date) -> list[dict]:
    by_id = {s[0]: s for s in streets}
    namer = _Namer(rng)
    plan = _station_plan(rng, n, list(by_id))
    rows = []
    for (kind, street), defect in zip(plan, _deck(rng, len(plan), DEFECT_SHARES)):
        seq = namer.number(f"{street or 'qu'}-{kind}", 1)
        rows.append(_station(rng, kind, by_id.get(street), namer, today, seq, defect))
    return rows


# ================================================================ practitioners

def _deck(rng: random.Random, n: int, shares: tuple[tuple[str, float], ...]) -> list[str]:
    """Exactly the given shares of n (each value at least once when n allows), shuffled: small samples
    then show every case and the mix does not drift with the seed."""
    counts = [max(1, round(n * share)) if n >= len(shares) else 0 for _, share in shares]
    counts[0] = max(0, n - sum(counts[1:]))
    deck = [value for (value, _), count in zip(shares, counts) for _ in range(count)][:n]
    rng.shuffle(deck)
    return deck


def _validity(rng: random.Random, status: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """valid_from and valid_to (inclusive) for a three- or five-year registration, as the status requires."""
    years = rng.choice((3, 5))
    term = (_add_years(today, years) - today).days
    if status in ("expired", "stale"):
        # Lapsed: the stale ones only recently, as happens when data sit unchanged.
        end = today - dt.timedelta(days=rng.randint(1, 200) if status == "stale" else rng.randint(1, 900))
    else:
        end = today + dt.timedelta(days=rng.randint(30, term - 7))
    return _add_years(end + dt.timedelta(days=1), -years), end


def _status_note(rng: random.Random, status: str, today: dt.date, valid_to: dt.date) -> str:
    if status == "suspended":
        until = min(today + dt.timedelta(days=rng.randint(30, 365)), valid_to)
        return f"暂停至 {until}"
    if status == "revoked":
        return rng.choice(REVOKED_NOTES)
    return ""


def _affiliation(rng: random.Random, preferred: tuple[str, ...], by_kind: dict[str, list[str]], all_ids) -> str:
    if rng.random() < 0.1 or not all_ids:
        return ""
    pool = [sid for kind in preferred for sid in by_kind.get(kind, ())]
    return rng.choice(pool or all_ids)


def _specialties(rng: random.Random, preferred: tuple[str, ...]) -> list[str]:
    picked = rng.sample(preferred, rng.randint(1, min(3, len(preferred))))
    if rng.random() < 0.2:
        picked.append(rng.choice(SPECIALTIES))
    return _ordered(picked, SPECIALTIES)


def _id_card(rng: random.Random, today: dt.date) -> str:
    born = today - dt.timedelta(days=rng.randint(22 * 365, 65 * 365))
    return f"440304{born:%Y%m%d}{rng.randrange(1000):03d}{rng.choice('0123456789X')}"


def _home_address(rng: random.Random) -> str:
    street = rng.choice(tuple(COMMUNITIES))
    community = rng.choice(COMMUNITIES[street])
    estate = community.removesuffix("村") + rng.choice(("花园", "小区", "公寓", "苑"))
    return f"深圳市福田区{community}{rng.choice(ROAD_SUFFIXES)}{rng.randint(1, 120)}号{estate}" \
           f"{rng.randint(1, 12)}栋{rng.randint(2, 32)}{rng.randint(1, 8):02d}室"


def _practitioners(rng: random.Random, n: int, stations: list[dict], today: dt.date) -> list[dict]:
    by_kind: dict[str, list[str]] = {}
    for s in stations:
        by_kind.setdefault(s["kind"], []).append(s["id"])
    all_ids = [s["id"] for s in stations]
    quals = tuple(QUALIFICATIONS)
    weights = tuple(q[1] for q in QUALIFICATIONS.values())
    counters: dict[tuple[str, int], int] = {}
    rows = []
    for i, status in enumerate(_deck(rng, n, STATUS_SHARES)):
        # The first rows go through every qualification, so small samples cover them all.
        qual = quals[i] if i < len(quals) else rng.choices(quals, weights)[0]
        prefix, _, levels, body, kinds, topics = QUALIFICATIONS[qual]
        start, end = _validity(rng, status, today)
        key = (prefix, start.year)
        counters[key] = counters.get(key, 0) + rng.randint(1, 3)  # gaps, as in a register with withdrawals
        rows.append({
            "registration_number": f"{prefix}-{start.year}-{counters[key]:05d}",
            "name": NAME_FAMILIES[i] if i < len(NAME_FAMILIES) else _person_name(rng),
            "qualification": qual, "level": rng.choice(levels), "issuing_body": body,
            "status": "active" if status == "stale" else status,
            "status_note": _status_note(rng, status, today, end),
            "valid_from": start.isoformat(), "valid_to": end.isoformat(),
            "affiliation": _affiliation(rng, kinds, by_kind, all_ids),
            "specialties": _specialties(rng, topics),
            "languages": _languages(rng, en=0.05, csl=0.03),
            "id_card_number": _id_card(rng, today),
            "personal_phone": _fake_mobile(rng),
            "home_address": _home_address(rng),
        })
    return rows


# ================================================================ lectures

class _Calendar:
    """Bookings per station, so no station hosts two lectures at once."""

    def __init__(self):
        self.booked: dict[str, list[tuple[dt.datetime, dt.datetime]]] = {}

    def book(self, station: str, start: dt.datetime, end: dt.datetime) -> bool:
        slots = self.booked.setdefault(station, [])
        if any(start < b and a < end for a, b in slots):
            return False
        slots.append((start, end))
        return True


def _when(rng: random.Random, setting, today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    day = today + dt.timedelta(days=rng.randint(-182, 182))
    hour, minute = rng.choice(START_TIMES.get(setting, START_TIMES[None]))
    start = dt.datetime.combine(day, dt.time(hour, minute))
    return start, start + dt.timedelta(minutes=rng.choice((60, 90, 90, 120)))


def _iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+08:00")


def _venue(rng: random.Random, hosts: list[dict], streets, calendar: _Calendar, today: dt.date) -> dict:
    """Where and when: ~70% at a station, ~15% at an address, ~15% online."""
    r = rng.random()
    if r < 0.7 and hosts:
        for _ in range(50):
            station = rng.choice(hosts)
            setting = SETTING_BY_KIND.get(station["kind"], "community")
            start, end = _when(rng, setting, today)
            if calendar.book(station["id"], start, end):
                street = station["street"] if rng.random() < 0.5 else ""
                return dict(station=station["id"], street=street, address="", setting=setting,
                            start=start, end=end, venue_street=station["street"])
    street = rng.choice(streets)
    if r < 0.85:
        setting = rng.choice(("community", "community", "public_place", "enterprise", "government", "school",
                              "village"))
        start, end = _when(rng, setting, today)
        return dict(station="", street=street[0], address=_lecture_address(rng, setting, street), setting=setting,
                    start=start, end=end, venue_street=street[0])
    setting = rng.choice(("community", "public_place", "enterprise", "school", "government"))
    start, end = _when(rng, setting, today)
    return dict(station="", street=street[0] if rng.random() < 0.5 else "", address="", setting=setting,
                start=start, end=end, venue_street=street[0], online_only=True)


def _lecture_address(rng: random.Random, setting: str, street) -> str:
    sid, sname = street[0], street[1]
    community = rng.choice(COMMUNITIES[sid])
    if setting == "village":
        villages = [v for s, v in URBAN_VILLAGES if s == sid] or [community]
        return f"深圳市福田区{sname}街道{rng.choice(villages)}村股份公司礼堂"
    places = {
        "community": f"{community}社区党群服务中心多功能厅",
        "public_place": f"{community}公园文化广场",
        "enterprise": f"{rng.choice(COMPANIES)}一楼报告厅",
        "government": "街道办事处三楼会议室",
        "school": f"福田区第{rng.randint(41, 60)}中学报告厅",
    }
    return f"深圳市福田区{sname}街道{places[setting]}"


def _lecture_audiences(rng: random.Random, setting: str, topic: str, sign_language: bool) -> list[str]:
    codes = list(rng.choice(SETTING_AUDIENCES[setting]))
    if topic in TOPIC_AUDIENCES and (topic != "family" or rng.random() < 0.3):
        codes.append(rng.choice(TOPIC_AUDIENCES[topic]))
    if sign_language:
        codes.append("disabled")
    return _ordered(codes, AUDIENCES)


def _organiser(rng: random.Random, setting: str, street_code: str, streets) -> str:
    if setting in SETTING_ORGANISERS and rng.random() < 0.7:
        return rng.choice(SETTING_ORGANISERS[setting])
    names = {s[0]: s[1] for s in streets}
    if rng.random() < 0.7:
        return f"{names[street_code]}街道办事处"
    return "福田区社会心理服务指导中心"


def _lecture(rng: random.Random, venue: dict, streets) -> dict:
    setting = venue["setting"]
    topic = rng.choice(SETTING_TOPICS.get(setting, TOPICS))
    title, summary = rng.choice(TOPIC_TEXTS[topic])
    sign_language = rng.random() < 0.08
    online = venue.get("online_only", False)
    mode = "online" if online else ("hybrid" if rng.random() < 0.15 else "offline")
    roles = DOCTOR_ROLES if topic in MEDICAL_TOPICS else COUNSELOR_ROLES
    languages = ["zh", "csl"] if sign_language else (["zh", "yue"] if rng.random() < 0.08 else ["zh"])
    capacity = None if (online and rng.random() < 0.6) or rng.random() < 0.1 else rng.randint(20, 200)
    return {
        "title": title, "summary": summary, "topic": topic,
        "audiences": _lecture_audiences(rng, setting, topic, sign_language), "setting": setting,
        "start": venue["start"], "end": venue["end"], "mode": mode,
        "station": venue["station"], "street": venue["street"], "address": venue["address"],
        "speaker": rng.choice(SURNAMES) + rng.choice(roles),
        "organiser": _organiser(rng, setting, venue["venue_street"], streets),
        "capacity": capacity, "languages": languages, "sign_language": sign_language,
        "free": rng.random() < 0.96, "wants_signup": rng.random() < 0.65,
    }


def _revise(rng: random.Random, row: dict, status: str) -> None:
    """Cancelled and rescheduled lectures; each change of status or time raises the iCalendar SEQUENCE."""
    row["status"], row["previous_start"], row["sequence"] = "scheduled", "", 0
    if status == "cancelled":
        row["status"], row["sequence"] = "cancelled", 1
    elif status == "rescheduled":
        moved = dt.timedelta(days=rng.choice((-14, -7, 7, 14)), hours=rng.choice((0, 0, -1, 1)))
        row["status"], row["previous_start"] = "rescheduled", _iso(row["start"] + moved)
        row["sequence"] = rng.randint(1, 2)


def _lectures(rng: random.Random, n: int, stations: list[dict], streets, today: dt.date) -> list[dict]:
    hosts = [s for s in stations if s["kind"] not in VIRTUAL_KINDS]
    calendar = _Calendar()
    rows = []
    for i, status in enumerate(_deck(rng, n, LECTURE_STATUS_SHARES)):
        row = _lecture(rng, _venue(rng, hosts, streets, calendar, today), streets)
        _revise(rng, row, status)
        row["order"] = i
        rows.append(row)
    rows.sort(key=lambda r: (r["start"], r["order"]))
    counters: dict[int, int] = {}
    for row in rows:
        year = row["start"].year
        counters[year] = counters.get(year, 0) + 1
        lid = row["id"] = f"l-{year}-{counters[year]:04d}"
        row["online_url"] = f"https://live.example.cn/xinan/{lid}" if row["mode"] != "offline" else ""
        row["registration_url"] = f"https://xinan.example.cn/signup/{lid}" if row["wants_signup"] else ""
        row["start"], row["end"] = _iso(row["start"]), _iso(row["end"])
    return rows


# ================================================================ articles

TOPIC_ARTICLE_AUDIENCES = {"dementia": ("elderly", "all"), "autism": ("parents",), "parenting": ("parents",),
                           "workplace": ("workers",), "family": ("all", "perinatal"), "sleep": ("all", "elderly")}
ARTICLE_TOPICS = tuple(t for t in TOPICS if t != "crisis")  # keeps synthetic prose out of the safe-messaging lint


def _article_body(rng: random.Random, topic: str) -> str:
    # Each topic sentence once, in a random order and paragraphing, so articles differ but never repeat themselves.
    sentences = rng.sample(ARTICLE_SENTENCES[topic], len(ARTICLE_SENTENCES[topic]))
    size = rng.choice((2, 3))
    paragraphs = ["".join(sentences[i:i + size]) for i in range(0, len(sentences), size)]
    help_text = "".join(rng.sample(ARTICLE_HELP, 2))
    return "\n\n".join([*paragraphs, "## 到哪里求助", help_text]) + "\n"


def _article(rng: random.Random, today: dt.date) -> str:
    topic = rng.choice(ARTICLE_TOPICS)
    title, summary = rng.choice(TOPIC_TEXTS[topic])
    reviewed = today - dt.timedelta(days=rng.randint(0, 300))
    reviewer, credentials = rng.choice(ARTICLE_REVIEWERS)
    author = rng.choice(SURNAMES) + ("医生" if topic in MEDICAL_TOPICS else "老师")
    audiences = _ordered(TOPIC_ARTICLE_AUDIENCES.get(topic, ("all",)), AUDIENCES)
    sources = rng.sample(ARTICLE_SOURCES, rng.randint(1, 2))
    front = [
        "---", f"title: {title}", f"summary: {summary}", f"topics: [{topic}]",
        f"audiences: [{', '.join(audiences)}]", f"authors: [{author}]",
        f"reviewer: {{name: {reviewer}, credentials: {credentials}}}",
        f"reviewed_on: {reviewed}", f"next_review: {_add_years(reviewed, 1)}", f"updated_on: {reviewed}",
        "status: published", "sources:",
        *(f"  - {{title: {t}, url: {u}}}" for t, u in sources),
        "sample: true", "---", "",
    ]
    return "\n".join(front) + _article_body(rng, topic)


def _articles(rng: random.Random, n: int, folder: Path, today: dt.date) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1, n + 1):
        (folder / f"synth-{i:04d}.md").write_text(_article(rng, today), encoding="utf-8", newline="\n")
    return n
