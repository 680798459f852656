"""Generate the bundled example district ``src/jiceng/data/tongchuan.json``.

The example is 达州市通川区 (Tongchuan District, Dazhou, Sichuan): its 5 subdistricts and 63
village-level units (62 communities and 龙家庙村) with their names and 12-digit codes, read from
the committed excerpt of the 2023 national division table (``scripts/data/tongchuan-2023.csv``),
and, from the district's 2020 reports, 70 grids (片区党总支), 175 compounds (小区党支部), 480
buildings (楼栋党小组) and a handful of named units. The reports give only totals below the
communities, so this script places the real facts it names and fills in every other grid,
compound and building with plausible figures drawn from ``random.Random(2020)``.

What the figures mean. The units are 70 grids, 175 compounds and 480 buildings, the counts of
the reports; the reports count organisations, and not every unit here has one of its own, so
the organisations are fewer (the description gives the counts). Each community's size is drawn
from ``random.Random(2022)`` near the Sichuan rule of 2,000–4,000 households and held by its
compounds: old compounds (built up to 2000) beside newer estates keep the figures of their
buildings, listed in full; the estates (or, in a community with none, all its filler compounds)
take up the rest, record their own households and residents, and list only the buildings that
have a 楼栋党小组, which record no figures. Every recorded figure equals the sum of the figures
below it, except 马房坝社区's 50,500 residents: the official figure ("over 50,000"), kept
although its 33 compounds, listed with a few buildings each, hold far fewer (the data below it
is partial). The units' party organisations come from ``random.Random(2023)``: compounds' party
members (communities and grids record none: theirs are their compounds'), probationary members
(预备党员) for some compounds, compounds with fewer than three full members led by a joint branch
(``org_status`` ``joint``, ``led_by`` the compound it is based at) or by their grid's
organisation (``regional``), buildings of compounds listed in full without a 楼栋党小组
(``none``), and the kind of every community's and compound's organisation following its members
(党委 from 100, 党总支 from 50, 党支部 below; ``org_kind`` where it differs from the level's
default); grid areas keep the seed's 片区党总支 whatever their size. A few units keep their
level's kind with fewer or more members than it needs: the approved exceptions, each recorded as
``attributes["approved_exception"]``, a short text naming the approval. After the units it
writes an illustrative
``renovation_policy`` and about twenty old-compound renovation projects (老旧小区改造, batches
2020–2023), whose figures are drawn from a separate ``random.Random(2021)`` so the units do not
depend on them. Last come the pay schemes (the name of the built-in tongchuan_2020 scheme) and about
sixty illustrative community workers (社区工作者) of five named communities, drawn from their own
``random.Random(2026)``. Then come fixed, illustrative service data (服务事项): 14 departments,
44 service items, 小北街社区's party-and-mass service centre with three proxy windows and one
fallback window, and walking times from the centre to the compounds of 西城街道. Last, the
``changes``: what the 2020 table (kept in the same excerpt) shows differently under the five
subdistricts. Each community new in 2023 is established on 2023-06-30, the later table's date
(the tables tell only that it was set up between them), with every grid, compound and building
drawn under it; the units that kept their names under new codes (柏阁, 西河 and 龙家庙村 in
凤西街道) are recoded on that date. The output is deterministic: running the script twice writes
byte-identical files.

Usage::

    python scripts/make_tongchuan.py            # (re)write the bundled file
    python scripts/make_tongchuan.py --check    # exit 1 if the bundled file is out of date
    python scripts/make_tongchuan.py -o OUT     # write somewhere else

Only the standard library is used, and ``jiceng`` is not imported, so the script also works on a
checkout whose package is broken.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import heapq
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from itertools import pairwise
from pathlib import Path

SEED = 2020
OUTPUT = Path(__file__).resolve().parent.parent / "src" / "jiceng" / "data" / "tongchuan.json"

N_STREETS = 5
N_COMMUNITIES = 63
N_GRIDS = 70
N_COMPOUNDS = 175
N_BUILDINGS = 480

#: Compounds in 马房坝社区 (DOMAIN section 2: "33 compounds"), split over its two grid areas.
MAFANGBA_COMPOUNDS = {"mafangba-qiutang": 17, "mafangba-yongtai": 16}
#: Most compounds a filler grid gets, and most buildings a filler compound gets.
MAX_COMPOUNDS_PER_GRID = 5
MAX_BUILDINGS_PER_COMPOUND = 8

#: The committed excerpt of the national division table: 通川区's five subdistricts and their
#: village-level units, as of 2023-06-30 (the rows of 2020-06-30 are kept beside them).
DIVISIONS = Path(__file__).resolve().parent / "data" / "tongchuan-2023.csv"
DIVISION_YEAR = 2023
#: 通川区's own code; the district is not a unit of the file, its subdistricts are the roots.
DISTRICT_DIVISION_CODE = "511702"

DESCRIPTION = (
    "An example district built on 达州市通川区 (Tongchuan District, Dazhou, Sichuan, division code "
    "511702000000; the district itself is not a unit here, its 5 subdistricts (街道, level "
    "`street`) are the roots): a five-level network of 5 subdistricts, 63 communities, 70 grids "
    "(片区), 175 compounds (小区) and 480 buildings (楼栋), as many as the reports' 70 片区党总支, "
    "175 小区党支部 and 480+ 楼栋党小组. From "
    "the national statistical division table of 2023 (统计用区划代码, as of 2023-06-30): the "
    "subdistricts 东城, 西城, 朝阳, 凤西 and 凤北街道 and their 63 village-level units, with their "
    "names and 12-digit codes: 东城 15, 西城 11, 朝阳 17, 凤西 12 and 凤北 8. They are 62 "
    "communities (社区居民委员会, named here without the committee suffix) and one villagers' "
    "committee, 龙家庙村民委员会, named 龙家庙村 and kept at level community of the urban scheme "
    "(tagged 村民委员会). In the 2020 table the same subdistricts held 13, 8, 13, 12 and 8 units: "
    "the file's changes establish the nine communities new in 2023 (东滨, 北翎, 巴凤, 来凤, 石岭, "
    "大寨子, 廖家湾, 金牌 and 红星) on 2023-06-30, the later table's date, with the units drawn "
    "under them, and recode 柏阁, 西河 and 龙家庙村 on that date (the tables tell only that these "
    "changes fell between 2020-06-30 and 2023-06-30). "
    "From the district's 2020 reports: the network totals (70 grids, 175 compounds, 480+ "
    "buildings) and the named units: 朝阳街道's 团包梁社区, whose 御景上城小区 has 2,235 "
    "households, 8,123 residents and 12 buildings; 朝阳街道's 马房坝社区, with 33 compounds, over "
    "50,000 residents (recorded here as 50,500) and two grid areas, 秋棠 and 永泰, whose "
    "resettlement compound 春兰小区 was built in 2004 with 241 households and 831 residents; "
    "凤西街道's 新锦社区, whose resettlement compound 新锦苑 was built in 2011 with 9 buildings "
    "and 611 households; 西城街道's 小北街社区, a smart-community pilot. Everything below the "
    "communities other than those facts is plausible, seeded filler generated by "
    "scripts/make_tongchuan.py: the number of grids and compounds under each community, the grids' "
    "and compounds' names, the buildings, the compounds' households, populations, party members "
    "and build years (including 御景上城小区's build year and 新锦苑's population), and the "
    "communities' sizes, drawn near the Sichuan rule of 2,000–4,000 households (小北街社区's "
    "6,500 residents are illustrative too). The reports count organisations (片区党总支, "
    "小区党支部, 楼栋党小组), and not every unit here has one of its own: {organisations} "
    "Compounds beside newer estates keep the figures of all their buildings; the others record "
    "their own households and residents and list only the buildings with a 楼栋党小组, which "
    "record none. Every recorded figure equals the sum of those below it except 马房坝社区's "
    "50,500 residents, the official figure, above its compounds' partial figures. Party members "
    "are recorded for compounds only (a grid's or a community's are its compounds'), probationary "
    "members (预备党员) for some. The kind of each community's and compound's organisation follows "
    "its members (the grid areas keep the reports' 片区党总支 whatever their size): 党委 from 100, "
    "党总支 from 50, 党支部 below 50 (and at least 3 full members, else the compound is led by a "
    "joint or regional organisation); the approved exceptions, which keep their level's kind, "
    'record the approval as attributes["approved_exception"]. The renovation projects '
    "(老旧小区改造; each renovates its compound's listed buildings), all their figures and dates, "
    "and "
    "the renovation policy (the 2000 cut-off extended locally to 2011, with a 15% cap on "
    "households renovated under the extension) are illustrative as well, except the real compound "
    "facts above. The pay scheme is the built-in tongchuan_2020: 通川区's 差异化岗位等级薪酬, in "
    "force from 2020-09-01 as the first of the district's six measures on community cadres, with "
    "三岗十八级's posts and bands and an illustrative pay level (a reference wage of ¥46,974, "
    "Sichuan's 2019 average wage of urban private-unit employees); the staff of 团包梁, 马房坝, "
    "小北街, 大北街 and 新锦社区 (their names, dates, degrees, certificates, appraisals and "
    "promotions) are illustrative. 小北街社区's party-and-mass service centre, described as of "
    "2020, with 14 departments, 44 service items, 3 proxy windows (代办窗口) and 1 fallback window "
    '(兜底窗口; the "办不成事"反映窗口 name came with 国发〔2022〕5号), the four delivery modes '
    "of the reports (预约+延时, 代办+上门, 自助+兜底, 网办+邮寄) and over 2,000 residents on its "
    "self-service platform (2,150 here), follows the district's reports; the identity card's items "
    "follow 居民身份证法 (60 calendar days, Art. 12; ¥20 for a first application or renewal, ¥40 "
    "for a replacement); the other item details (codes, conditions, materials, steps, time limits, "
    "fees, channels, visits) and the walking times are illustrative."
)

#: The subdistricts' ids by division code (9 digits), in code order.
STREET_IDS = {
    "511702001": "dongcheng",
    "511702002": "xicheng",
    "511702003": "chaoyang",
    "511702004": "fengxi",
    "511702005": "fengbei",
}
#: Communities per subdistrict in the 2023 table; the script fails if the excerpt disagrees.
STREET_SIZES = {"dongcheng": 15, "xicheng": 11, "chaoyang": 17, "fengxi": 12, "fengbei": 8}

#: Every village-level unit's id by its 12-digit code: the pinyin of its name without 社区 (the
#: five units the reports name keep the ids they had before the rebuild on the table).
COMMUNITY_IDS = {
    # 东城街道
    "511702001001": "ermalu",
    "511702001002": "liangshuijing",
    "511702001003": "cuipinglu",
    "511702001004": "wenhuajie",
    "511702001005": "huixianqiao",
    "511702001006": "fengling",
    "511702001007": "zhangjiawan",
    "511702001008": "nanyue",
    "511702001009": "wenjiangci",
    "511702001010": "hujiaba",
    "511702001011": "beiyansi",
    "511702001012": "jianminlu",
    "511702001013": "fenghuang",
    "511702001014": "dongbin",
    "511702001015": "beiling",
    # 西城街道
    "511702002001": "dabeijie",
    "511702002002": "xiaobeijie",
    "511702002003": "heyejie",
    "511702002004": "yongfengjie",
    "511702002005": "hongqilu",
    "511702002006": "xishengsi",
    "511702002007": "pailou",
    "511702002008": "wenfeng",
    "511702002009": "bafeng",
    "511702002010": "laifeng",
    "511702002011": "shiling",
    # 朝阳街道
    "511702003001": "tuanbaoliang",
    "511702003002": "mafangba",
    "511702003003": "longzhuata",
    "511702003004": "jinshansi",
    "511702003005": "jinnan",
    "511702003006": "sihetou",
    "511702003007": "yangping",
    "511702003008": "longquan",
    "511702003009": "ganghua",
    "511702003010": "zaojiaoya",
    "511702003011": "xincufang",
    "511702003012": "tatuo",
    "511702003013": "hongyan",
    "511702003014": "dazhaizi",
    "511702003015": "liaojiawan",
    "511702003016": "jinpai",
    "511702003017": "hongxing",
    # 凤西街道
    "511702004002": "xinjin",
    "511702004003": "bailinkou",
    "511702004004": "gaofengdong",
    "511702004005": "baimiao",
    "511702004006": "pujiazui",
    "511702004008": "shilianhua",
    "511702004009": "qiujiadian",
    "511702004010": "changling",
    "511702004011": "wulidian",
    "511702004012": "baige",
    "511702004013": "xihe",
    "511702004200": "longjiamiao",
    # 凤北街道
    "511702005001": "gaojiaba",
    "511702005002": "xiaogongmiao",
    "511702005003": "xujiaba",
    "511702005004": "shilongxi",
    "511702005005": "zhangjiaba",
    "511702005006": "hanjiaba",
    "511702005007": "xiniushan",
    "511702005008": "shuangyuhu",
}

#: The communities in the order the filler below them is drawn: that of the bundled file before
#: it was rebuilt on the 2023 table (then 14, 12, 13, 12 and 12 communities by subdistrict), so the
#: seeded grids, compounds and buildings, and the projects and walking times on them, keep their
#: figures. Each real community takes the place of one earlier community: the five named ones
#: their own; those whose name an earlier (filler) community had, that one's (高家坝, 龙爪塔,
#: 翠屏路, 塔沱, 金南, 徐家坝, 肖公庙), except in 西城街道, whose communities take the places
#: 西城 had, the walking times being drawn there; the others the places left in their subdistrict,
#: then the places left over, in code order.
LAYOUT_ORDER: tuple[str, ...] = (
    "ermalu",
    "liangshuijing",
    "gaojiaba",
    "wenhuajie",
    "huixianqiao",
    "longzhuata",
    "fengling",
    "zhangjiawan",
    "cuipinglu",
    "nanyue",
    "wenjiangci",
    "hujiaba",
    "beiyansi",
    "tatuo",
    "dabeijie",
    "xiaobeijie",
    "heyejie",
    "yongfengjie",
    "hongqilu",
    "xishengsi",
    "pailou",
    "wenfeng",
    "jianminlu",
    "bafeng",
    "laifeng",
    "shiling",
    "tuanbaoliang",
    "mafangba",
    "jinshansi",
    "sihetou",
    "yangping",
    "longquan",
    "ganghua",
    "zaojiaoya",
    "xincufang",
    "hongyan",
    "dazhaizi",
    "liaojiawan",
    "jinpai",
    "xinjin",
    "jinnan",
    "bailinkou",
    "xujiaba",
    "gaofengdong",
    "baimiao",
    "pujiazui",
    "shilianhua",
    "qiujiadian",
    "changling",
    "wulidian",
    "baige",
    "shilongxi",
    "zhangjiaba",
    "hanjiaba",
    "xiniushan",
    "shuangyuhu",
    "fenghuang",
    "dongbin",
    "beiling",
    "xiaogongmiao",
    "hongxing",
    "xihe",
    "longjiamiao",
)
#: The earlier file shuffled this many filler community names before drawing the layout; the
#: draw keeps that step so that every later figure stays.
EARLIER_FILLER_NAMES = 58
#: A separate seed for the communities' sizes, so the layout never depends on them.
SIZE_SEED = 2022
#: Households of a community (DOMAIN section 1: 2,000–4,000, a Sichuan rule), drawn from a
#: normal distribution about the middle of the rule (mean, standard deviation) and drawn again
#: until it falls in the range, so that a few fall just outside the rule.
COMMUNITY_HOUSEHOLDS = (3_000, 550)
COMMUNITY_HOUSEHOLDS_RANGE = (1_700, 4_600)
#: A villagers' committee (龙家庙村) is smaller and not held to the urban rule.
VILLAGE_HOUSEHOLDS = (700, 1_200)
#: Fewest households a compound that takes up a community's size may hold.
MIN_COMPOUND_HOUSEHOLDS = 150
#: 小北街社区's households and residents: its recorded 6,500 residents are illustrative.
XIAOBEIJIE_SIZE = (2_300, 6_500)
#: A separate seed for the party organisations, so the layout never depends on them.
PARTY_SEED = 2023
#: Party members a compound's residents count, per resident (members registered with the
#: community's organisations, not with their work units), drawn uniformly.
MEMBER_RATE = (0.003, 0.028)
#: Compounds with this many members or more record their probationary members (预备党员) with
#: this chance, at a share of the members drawn uniformly.
PROBATIONARY_FROM = 10
PROBATIONARY_CHANCE = 0.6
PROBATIONARY_SHARE = (0.04, 0.10)
#: Chance that a building of a compound listed in full has no 楼栋党小组 (org_status none).
NO_GROUP_CHANCE = 0.08
#: Full members a unit needs for a branch of its own, and the most units a joint branch joins
#: (支部工作条例（试行） Art. 4).
BRANCH_MIN_FULL = 3
JOINT_LIMIT = 5
#: Compounds built up to this year (the national renovation cut-off) are old compounds.
OLD_UNTIL = 2000
#: The compounds the reports describe, whose figures are recorded as the reports give them.
REAL_COMPOUNDS = ("tuanbaoliang-yujingshangcheng", "mafangba-chunlan", "xinjin-xinjinyuan")

#: Facts of named communities: (population, tags).
COMMUNITY_FACTS: dict[str, tuple[int | None, list[str]]] = {
    # 小北街: over 2,000 residents follow its platform; 6,500 (about 2,300 households) is
    # illustrative.
    "xiaobeijie": (6_500, ["智慧社区试点"]),
    "mafangba": (50_500, ["超大社区"]),
}
#: Where a named community must be: DOMAIN section 2 and the table agree.
NAMED_COMMUNITIES = {
    "tuanbaoliang": ("团包梁社区", "chaoyang"),
    "mafangba": ("马房坝社区", "chaoyang"),
    "xinjin": ("新锦社区", "fengxi"),
    "xiaobeijie": ("小北街社区", "xicheng"),
    "dabeijie": ("大北街社区", "xicheng"),
}
#: The tag of a villagers' committee kept at the urban scheme's community level.
VILLAGE_TAG = "村民委员会"
#: Party organisation kinds by the members a unit's organisation counts (DOMAIN section 1):
#: a 党委 from 100, a 党总支 from 50, a 党支部 below.
COMMITTEE_FROM = 100
GENERAL_BRANCH_FROM = 50
#: The kinds' file keys and names.
ORG_KINDS = {"committee": "党委", "general_branch": "党总支", "branch": "党支部"}
#: Each level's default kind in the urban five-level scheme; a unit records ``org_kind`` only
#: where its kind differs.
LEVEL_KINDS = {"community": "committee", "grid": "general_branch", "compound": "branch"}
#: The approved exceptions, recorded as ``attributes["approved_exception"]`` (a short text naming
#: the approval, for a compliance check to read): by level, the member counts that qualify, how
#: many units (the first in file order) keep their level's kind despite them, and the approval.
APPROVED_EXCEPTIONS: dict[str, tuple[range, int, str]] = {
    "community": (range(80, 100), 2, "区委组织部批复同意设立社区党委（2020年）"),
    "compound": (range(51, 71), 2, "街道党工委报区委组织部批准保留小区党支部（2021年）"),
}

#: Name parts for filler compounds: newer commercial estates and older work-unit compounds.
ESTATE_PREFIXES = (
    "锦绣", "阳光", "翠湖", "金色", "滨江", "和谐", "幸福", "康乐", "盛世", "蓝湾", "碧水", "丽景",
    "紫荆", "东方", "世纪", "天悦", "君悦", "兴业", "安居", "福康", "佳和", "祥和", "瑞丰", "雅居",
    "书香", "江湾", "锦华", "明珠", "金桂", "银杏", "梧桐", "枫林", "荷塘", "桃源", "怡景", "凤城",
)  # fmt: skip
ESTATE_SUFFIXES = ("小区", "花园", "苑", "家园", "新城")
WORK_UNITS = (
    "供电局", "粮食局", "邮电局", "纺织厂", "钢铁厂", "化肥厂", "水泥厂", "烟草公司", "农业局",
    "交通局", "税务局", "地质队", "运输公司", "医药公司", "丝绸厂", "印刷厂", "林业局",
    "川东机械厂",
)  # fmt: skip
WORK_UNIT_SUFFIXES = ("宿舍", "家属院", "生活区", "职工小区")
#: Filler compounds built up to this year are named as work-unit compounds.
WORK_UNIT_UNTIL = 1997

CHINESE_DIGITS = "零一二三四五六七八九"


@dataclass
class Building:
    """A building (楼栋) with its households and residents; ``org_status`` none if no group."""

    households: int
    population: int
    org_status: str | None = None


@dataclass
class Compound:
    """A residential compound (小区); ``real`` compounds carry recorded figures."""

    id: str
    name: str
    built_year: int
    party_members: int
    buildings: list[Building] = field(default_factory=list)
    households: int | None = None
    population: int | None = None
    tags: list[str] = field(default_factory=list)
    #: Whether ``buildings`` are all its buildings (so they carry the compound's figures) or
    #: only those with a 楼栋党小组 (the compound then records its own figures).
    listed_in_full: bool = True
    probationary: int | None = None
    kind: str = "branch"
    org_status: str | None = None
    led_by: str | None = None
    approved: str | None = None

    @property
    def total_households(self) -> int:
        """Its recorded households, else its buildings'."""
        if self.households is not None:
            return self.households
        return sum(b.households for b in self.buildings)

    @property
    def total_population(self) -> int:
        """Its recorded residents, else its buildings'."""
        if self.population is not None:
            return self.population
        return sum(b.population for b in self.buildings)


@dataclass
class Grid:
    """A grid area (网格 / 片区) and its compounds."""

    id: str
    name: str
    compounds: list[Compound] = field(default_factory=list)
    kind: str = "general_branch"

    @property
    def party_members(self) -> int:
        """The members of its compounds."""
        return sum(k.party_members for k in self.compounds)


@dataclass
class Community:
    """A community (社区) and its grids."""

    id: str
    name: str
    code: str | None = None
    population: int | None = None
    tags: list[str] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    established: str | None = None
    kind: str = "committee"
    approved: str | None = None

    @property
    def compounds(self) -> list[Compound]:
        """Its compounds, grid by grid."""
        return [k for g in self.grids for k in g.compounds]

    @property
    def party_members(self) -> int:
        """The members of its compounds."""
        return sum(k.party_members for k in self.compounds)

    @property
    def short_name(self) -> str:
        """The name without the trailing 社区."""
        return self.name.removesuffix("社区")


@dataclass
class Street:
    """A subdistrict (街道) and its communities."""

    id: str
    name: str
    code: str | None = None
    communities: list[Community] = field(default_factory=list)


def chinese_ordinal(n: int) -> str:
    """Return 一, 二, … 九十九 for ``n`` in 1..99."""
    if not 1 <= n <= 99:
        raise ValueError(f"ordinal out of range: {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CHINESE_DIGITS[ones]
    head = "" if tens == 1 else CHINESE_DIGITS[tens]
    return head + "十" + (CHINESE_DIGITS[ones] if ones else "")


def split_evenly(total: int, parts: int) -> list[int]:
    """Split ``total`` into ``parts`` near-equal ints, the remainder on the first parts."""
    base, rest = divmod(total, parts)
    return [base + 1 if i < rest else base for i in range(parts)]


def allocate(rng: random.Random, n_slots: int, total: int, cap: int) -> list[int]:
    """Give each of ``n_slots`` at least 1 and at most ``cap``, summing exactly to ``total``."""
    if not n_slots <= total <= n_slots * cap:
        raise ValueError(f"cannot put {total} into {n_slots} slots of 1..{cap}")
    counts = [1] * n_slots
    for _ in range(total - n_slots):
        open_slots = [i for i, c in enumerate(counts) if c < cap]
        counts[rng.choice(open_slots)] += 1
    return counts


def filler_building(rng: random.Random) -> Building:
    """Draw a building of 20–120 households at 2.6–3.2 residents per household."""
    households = rng.randint(20, 120)
    return Building(households, households * rng.randint(260, 320) // 100)


def real_buildings(n: int, households: int, population: int) -> list[Building]:
    """Make ``n`` buildings whose households and residents add up exactly to the totals."""
    return [
        Building(h, p)
        for h, p in zip(split_evenly(households, n), split_evenly(population, n), strict=True)
    ]


def filler_compound_name(rng: random.Random, built_year: int, taken: set[str]) -> str:
    """Draw a compound name not yet ``taken`` in its community, and add it to ``taken``."""
    while True:
        if built_year <= WORK_UNIT_UNTIL:
            name = rng.choice(WORK_UNITS) + rng.choice(WORK_UNIT_SUFFIXES)
        else:
            name = rng.choice(ESTATE_PREFIXES) + rng.choice(ESTATE_SUFFIXES)
        if name not in taken:
            taken.add(name)
            return name


def territory_name(name: str) -> str:
    """Return a village-level unit's territory name: its committee's name without the suffix."""
    for suffix, replacement in (
        ("社区居民委员会", "社区"),
        ("社区居委会", "社区"),
        ("居民委员会", "社区"),
        ("村民委员会", "村"),
    ):
        if name.endswith(suffix):
            return name.removesuffix(suffix) + replacement
    raise ValueError(f"not a village-level committee: {name}")


def read_divisions(year: int = DIVISION_YEAR) -> list[Street]:
    """Read the subdistricts and communities of ``year`` from the committed table excerpt."""
    with DIVISIONS.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if int(r["year"]) == year]
    streets: dict[str, Street] = {}
    for row in rows:
        if row["parent_code"] == DISTRICT_DIVISION_CODE:
            sid = STREET_IDS[row["code"]]
            streets[row["code"]] = Street(sid, row["name"], row["code"] + "000")
    for row in rows:
        if row["parent_code"] in streets:
            name = territory_name(row["name"])
            cid = COMMUNITY_IDS[row["code"]]
            population, tags = COMMUNITY_FACTS.get(cid, (None, []))
            if name.endswith("村"):
                tags = [*tags, VILLAGE_TAG]
            community = Community(cid, name, row["code"], population, list(tags))
            streets[row["parent_code"]].communities.append(community)
    out = [streets[code] for code in sorted(streets)]
    sizes = {s.id: len(s.communities) for s in out}
    if sizes != STREET_SIZES or len(rows) != len(out) + sum(sizes.values()):
        raise ValueError(f"the table excerpt holds {sizes}, not {STREET_SIZES}")
    placed = {c.id: (c.name, s.id) for s in out for c in s.communities}
    for cid, where in NAMED_COMMUNITIES.items():
        if placed.get(cid) != where:
            raise ValueError(f"{cid} is {placed.get(cid)}, not {where}")
    return out


def drawn(streets: list[Street]) -> list[Community]:
    """Return the communities in ``LAYOUT_ORDER``, the order their filler is drawn in."""
    by_id = {c.id: c for s in streets for c in s.communities}
    if sorted(by_id) != sorted(LAYOUT_ORDER) or len(LAYOUT_ORDER) != N_COMMUNITIES:
        raise ValueError("LAYOUT_ORDER does not list every community once")
    return [by_id[cid] for cid in LAYOUT_ORDER]


def build_streets(rng: random.Random) -> list[Street]:
    """Lay out subdistricts, communities and grids (compounds are added by ``fill_compounds``)."""
    streets = read_divisions()
    rng.shuffle(list(range(EARLIER_FILLER_NAMES)))
    communities = drawn(streets)
    # 马房坝 has its two real grid areas; six more communities, drawn by lot, get two grids.
    others = [c.id for c in communities if c.id != "mafangba"]
    two_grids = {"mafangba", *rng.sample(others, N_GRIDS - N_COMMUNITIES - 1)}
    for community in communities:
        if community.id == "mafangba":
            community.grids = [
                Grid("mafangba-qiutang", "秋棠片区"),
                Grid("mafangba-yongtai", "永泰片区"),
            ]
            continue
        for n in range(1, 3 if community.id in two_grids else 2):
            name = f"{community.short_name}第{chinese_ordinal(n)}网格"
            community.grids.append(Grid(f"{community.id}-g{n}", name))
    return streets


def fill_compounds(rng: random.Random, streets: list[Street]) -> None:
    """Place the real compounds, then add seeded filler compounds and buildings."""
    communities = drawn(streets)
    grids = {g.id: g for c in communities for g in c.grids}
    real = [
        (
            "tuanbaoliang-g1",
            Compound(
                "tuanbaoliang-yujingshangcheng",
                "御景上城小区",
                built_year=2012,
                party_members=58,
                buildings=real_buildings(12, 2235, 8123),
                households=2235,
                population=8123,
            ),
        ),
        (
            "mafangba-qiutang",
            Compound(
                "mafangba-chunlan",
                "春兰小区",
                built_year=2004,
                party_members=14,
                buildings=real_buildings(5, 241, 831),
                households=241,
                population=831,
                tags=["安置小区"],
            ),
        ),
        (
            "xinjin-g1",
            Compound(
                "xinjin-xinjinyuan",
                "新锦苑",
                built_year=2011,
                party_members=21,
                buildings=real_buildings(9, 611, 1893),
                households=611,
                population=1893,
                tags=["安置小区"],
            ),
        ),
    ]
    for grid_id, compound in real:
        grids[grid_id].compounds.append(compound)

    # How many compounds each grid ends up with.
    free_grids = [g for g in grids.values() if g.id not in MAFANGBA_COMPOUNDS]
    free_total = N_COMPOUNDS - sum(MAFANGBA_COMPOUNDS.values())
    wanted = dict(MAFANGBA_COMPOUNDS)
    wanted.update(
        zip(
            (g.id for g in free_grids),
            allocate(rng, len(free_grids), free_total, MAX_COMPOUNDS_PER_GRID),
            strict=True,
        )
    )

    # Filler compounds, with their names and years; buildings come after, once all are known.
    filler: list[Compound] = []
    for community in communities:
        taken = {c.name for g in community.grids for c in g.compounds}
        for grid in community.grids:
            for n in range(1, wanted[grid.id] - len(grid.compounds) + 1):
                year = rng.randint(1985, 2015)
                name = filler_compound_name(rng, year, taken)
                compound = Compound(f"{grid.id}-c{n}", name, year, party_members=0)
                grid.compounds.append(compound)
                filler.append(compound)

    real_total = sum(len(c.buildings) for _, c in real)
    counts = allocate(rng, len(filler), N_BUILDINGS - real_total, MAX_BUILDINGS_PER_COMPOUND)
    for compound, n_buildings in zip(filler, counts, strict=True):
        compound.buildings = [filler_building(rng) for _ in range(n_buildings)]
        # Drawn and later replaced by ``draw_party_members``; the draw stays so that every
        # building after it keeps its figures.
        compound.party_members = rng.randint(3, min(60, 6 + 7 * n_buildings))


def unit(
    uid: str,
    name: str,
    level: str,
    org_name: str | None,
    *,
    parent: str | None = None,
    org_kind: str | None = None,
    org_status: str | None = None,
    led_by: str | None = None,
    code: str | None = None,
    households: int | None = None,
    population: int | None = None,
    party_members: int | None = None,
    probationary_members: int | None = None,
    built_year: int | None = None,
    established: str | None = None,
    tags: list[str] | None = None,
    attributes: dict[str, str] | None = None,
) -> dict[str, object]:
    """Build one unit record, keys in file order, absent values omitted."""
    record: dict[str, object] = {
        "id": uid,
        "name": name,
        "level": level,
        "parent": parent,
        "org_name": org_name,
        "org_kind": org_kind,
        "org_status": org_status,
        "led_by": led_by,
        "code": code,
        "households": households,
        "population": population,
        "party_members": party_members,
        "probationary_members": probationary_members,
        "built_year": built_year,
        "established": established,
        "tags": tags or None,
        "attributes": attributes or None,
    }
    return {k: v for k, v in record.items() if v is not None}


def split_by(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights``, rounding down, the rest on the first parts."""
    shares = [int(total * w / sum(weights)) for w in weights]
    for i in range(total - sum(shares)):
        shares[i % len(shares)] += 1
    return shares


def size_communities(streets: list[Street]) -> None:
    """Give each community a size near the 2,000–4,000-household rule, held by its compounds.

    A community's households are drawn from ``random.Random(SIZE_SEED)``. Its real compounds keep
    their figures, and so do its old compounds (built up to ``OLD_UNTIL``) where it has newer
    estates to take up the rest: their buildings are listed in full and carry the figures. The
    rest of the community's households go to its estates (where it has none, to all its filler
    compounds); such a compound's buildings are only those with a 楼栋党小组, so it records its
    own households and residents and its buildings record none. 马房坝 keeps its compounds as
    drawn, listed in full: its recorded 50,500 residents are the official figure, and the data
    below it is partial.
    """
    rng = random.Random(SIZE_SEED)
    for c in (c for s in streets for c in s.communities):
        if c.id == "mafangba":
            continue
        residents: int | None = None
        if c.id == "xiaobeijie":
            target, residents = XIAOBEIJIE_SIZE
        elif VILLAGE_TAG in c.tags:
            target = rng.randint(*VILLAGE_HOUSEHOLDS)
        else:
            low, high = COMMUNITY_HOUSEHOLDS_RANGE
            target = 0
            while not low <= target <= high:
                target = round(rng.gauss(*COMMUNITY_HOUSEHOLDS))
        filler = [k for k in c.compounds if k.id not in REAL_COMPOUNDS]
        growing = [k for k in filler if k.built_year > OLD_UNTIL] or filler
        if not growing:
            continue
        grown = {k.id for k in growing}
        kept = sum(k.total_households for k in c.compounds if k.id not in grown)
        weights = [len(k.buildings) * rng.uniform(0.6, 1.4) for k in growing]
        floor = MIN_COMPOUND_HOUSEHOLDS * len(growing)
        shares = split_by(max(target - kept - floor, 0), weights)
        for k, share in zip(growing, shares, strict=True):
            k.households = MIN_COMPOUND_HOUSEHOLDS + share
            k.population = k.households * rng.randint(260, 320) // 100
            k.listed_in_full = False
        if residents is not None:
            others = sum(k.total_population for k in c.compounds) - growing[-1].total_population
            growing[-1].population = residents - others


def kind_of(members: int) -> str:
    """Return the kind an organisation of ``members`` party members has (DOMAIN section 1)."""
    if members >= COMMITTEE_FROM:
        return "committee"
    return "general_branch" if members >= GENERAL_BRANCH_FROM else "branch"


def draw_party_members(streets: list[Street]) -> None:
    """Draw the compounds' party members and set up every unit's party organisation.

    From ``random.Random(PARTY_SEED)``: each filler compound's members (``MEMBER_RATE`` of its
    residents; the real compounds keep theirs), the probationary members of some, and which
    buildings of compounds listed in full have no 楼栋党小组. A compound with fewer than
    ``BRANCH_MIN_FULL`` full members has no branch of its own: it joins the joint branch
    (联合党支部) of the largest compound of its grid and of its age (old compounds with old, newer
    estates with estates) that has one, at most five units to a joint branch, or, with no members
    or no such compound, is led by its grid's organisation (区域联建).
    Every organisation's kind then follows its members (a joint branch counts those of the units
    it joins; a grid or community those of its compounds), except the first units of
    ``APPROVED_EXCEPTIONS``, which keep their level's kind with the approval recorded.
    """
    rng = random.Random(PARTY_SEED)
    communities = [c for s in streets for c in s.communities]
    for k in (k for c in communities for k in c.compounds):
        if k.id not in REAL_COMPOUNDS:
            k.party_members = int(k.total_population * rng.uniform(*MEMBER_RATE))
        if k.party_members >= PROBATIONARY_FROM and rng.random() < PROBATIONARY_CHANCE:
            k.probationary = max(1, round(k.party_members * rng.uniform(*PROBATIONARY_SHARE)))
        if k.listed_in_full and k.id not in REAL_COMPOUNDS:
            for b in k.buildings:
                if rng.random() < NO_GROUP_CHANCE:
                    b.org_status = "none"
    approvals = dict.fromkeys(APPROVED_EXCEPTIONS, 0)

    def settle(level: str, members: int) -> tuple[str, str | None]:
        kind, default = kind_of(members), LEVEL_KINDS[level]
        qualifying, most, approval = APPROVED_EXCEPTIONS.get(level, (range(0), 0, ""))
        if kind != default and members in qualifying and approvals[level] < most:
            approvals[level] += 1
            return default, approval
        return kind, None

    for c in communities:
        for g in c.grids:
            bases = sorted(
                (
                    k
                    for k in g.compounds
                    if k.party_members - (k.probationary or 0) >= BRANCH_MIN_FULL
                ),
                key=lambda k: -k.party_members,
            )
            joined = {k.id: [k.party_members] for k in bases}
            for k in g.compounds:
                if k.party_members - (k.probationary or 0) >= BRANCH_MIN_FULL:
                    continue
                old = k.built_year <= OLD_UNTIL
                base = next(
                    (
                        b
                        for b in bases
                        if len(joined[b.id]) < JOINT_LIMIT and (b.built_year <= OLD_UNTIL) == old
                    ),
                    None,
                )
                if k.party_members and base is not None:
                    k.org_status, k.led_by = "joint", base.id
                    joined[base.id].append(k.party_members)
                else:
                    k.org_status, k.led_by = "regional", g.id
            for k in g.compounds:
                if k.org_status is None:
                    k.kind, k.approved = settle("compound", sum(joined[k.id]))
            # The seed's 70 片区党总支: a grid area's organisation stays a general branch
            # whatever its members, and the compliance check reports those past the norm.
            g.kind = LEVEL_KINDS["grid"]
        c.kind, c.approved = settle("community", c.party_members)
    if approvals != {level: most for level, (_, most, _) in APPROVED_EXCEPTIONS.items()}:
        raise AssertionError(f"approved exceptions {approvals} != {APPROVED_EXCEPTIONS}")


def org_name(name: str, kind: str | None) -> str | None:
    """Return the name of the organisation of ``kind`` of territory ``name``, or None if none."""
    return None if kind is None else f"{name}{ORG_KINDS[kind]}"


def approved(text: str | None) -> dict[str, str] | None:
    """Return the attributes recording an approved exception, if any."""
    return None if text is None else {"approved_exception": text}


def records(streets: list[Street]) -> list[dict[str, object]]:
    """Flatten the tree into records, each parent before its children (pre-order)."""
    out: list[dict[str, object]] = []
    for s in streets:
        out.append(unit(s.id, s.name, "street", f"{s.name}党工委", code=s.code))
        for c in s.communities:
            out.append(
                unit(
                    c.id,
                    c.name,
                    "community",
                    org_name(c.name, c.kind),
                    org_kind=None if c.kind == LEVEL_KINDS["community"] else c.kind,
                    parent=s.id,
                    code=c.code,
                    population=c.population,
                    established=c.established,
                    tags=c.tags,
                    attributes=approved(c.approved),
                )
            )
            for g in c.grids:
                out.append(
                    unit(
                        g.id,
                        g.name,
                        "grid",
                        org_name(g.name, g.kind),
                        org_kind=None if g.kind == LEVEL_KINDS["grid"] else g.kind,
                        parent=c.id,
                        established=c.established,
                    )
                )
                for k in g.compounds:
                    own = k.org_status is None
                    out.append(
                        unit(
                            k.id,
                            k.name,
                            "compound",
                            org_name(k.name, k.kind if own else None),
                            parent=g.id,
                            org_kind=None if not own or k.kind == "branch" else k.kind,
                            org_status=k.org_status,
                            led_by=k.led_by,
                            households=k.households,
                            population=k.population,
                            party_members=k.party_members,
                            probationary_members=k.probationary,
                            built_year=k.built_year,
                            established=c.established,
                            tags=k.tags,
                            attributes=approved(k.approved),
                        )
                    )
                    out.extend(
                        unit(
                            f"{k.id}-b{n}",
                            f"{n}栋",
                            "building",
                            None if b.org_status else f"{k.name}{n}栋党小组",
                            parent=k.id,
                            org_status=b.org_status,
                            households=b.households if k.listed_in_full else None,
                            population=b.population if k.listed_in_full else None,
                            established=c.established,
                        )
                        for n, b in enumerate(k.buildings, start=1)
                    )
    return out


def organisations(units: list[dict[str, object]]) -> str:
    """Say how many units of each level have an organisation of their own, and of which kinds."""
    parts = []
    for level, noun in (("community", "communities"), ("grid", "grids"), ("compound", "compounds")):
        at = [u for u in units if u["level"] == level]
        kinds = Counter(str(u.get("org_kind", LEVEL_KINDS[level])) for u in at if "org_name" in u)
        named = ", ".join(f"{kinds[k]} {ORG_KINDS[k]}" for k in ORG_KINDS if kinds[k])
        parts.append(f"of the {len(at)} {noun}, {kinds.total()} have their own ({named})")
    status = Counter(str(u.get("org_status", "own")) for u in units)
    groups = sum(u["level"] == "building" and "org_name" in u for u in units)
    return (
        "; ".join(parts)
        + f"; {status['joint']} compounds are led by a joint branch (联合党支部) based at another "
        f"compound of their grid and {status['regional']} by their grid's organisation (区域联建); "
        f"{groups} of the {N_BUILDINGS} buildings have a 楼栋党小组, {status['none']} none."
    )


def check_counts(units: list[dict[str, object]]) -> None:
    """Fail loudly if the generated data breaks a count the tests rely on."""
    expected = {
        "street": N_STREETS,
        "community": N_COMMUNITIES,
        "grid": N_GRIDS,
        "compound": N_COMPOUNDS,
        "building": N_BUILDINGS,
    }
    found = {level: sum(u["level"] == level for u in units) for level in expected}
    if found != expected:
        raise AssertionError(f"level counts {found} != {expected}")
    ids = [u["id"] for u in units]
    if len(set(ids)) != len(ids):
        raise AssertionError("duplicate ids")
    sizes = {s: sum(u.get("parent") == s for u in units) for s in STREET_SIZES}
    if sizes != STREET_SIZES:
        raise AssertionError(f"communities by street {sizes} != {STREET_SIZES}")
    streets = {str(u["id"]): str(u["code"]) for u in units if u["level"] == "street"}
    codes = [str(u["code"]) for u in units if "code" in u]
    for u in units:
        if u["level"] == "community" and str(u["code"])[:9] != streets[str(u["parent"])][:9]:
            raise AssertionError(f"{u['id']}: code {u['code']} not under its subdistrict's")
    if len(set(codes)) != len(codes) or len(codes) != N_STREETS + N_COMMUNITIES:
        raise AssertionError("division codes repeat or are missing")
    kinds = Counter(str(u.get("org_kind", "committee")) for u in units if u["level"] == "community")
    if kinds["committee"] + kinds["general_branch"] < 2 * N_COMMUNITIES / 3:
        raise AssertionError(f"implausible community organisation kinds {dict(kinds)}")
    households: Counter[str] = Counter()
    for u in reversed(units):  # children before parents
        own = u.get("households")
        if own is not None and households[str(u["id"])] not in (0, own):
            raise AssertionError(f"{u['id']}: {own} households, {households[str(u['id'])]} below")
        households[str(u["id"])] = int(str(own)) if own is not None else households[str(u["id"])]
        if u.get("parent") is not None:
            households[str(u["parent"])] += households[str(u["id"])]
    low, high = COMMUNITY_HOUSEHOLDS_RANGE
    sizes = [households[str(u["id"])] for u in units if u["level"] == "community"]
    within = sum(2_000 <= n <= 4_000 for n in sizes)
    # 龙家庙村 may be below the range and 马房坝 above it; no other community.
    if within < 0.8 * N_COMMUNITIES or not low <= sorted(sizes)[1] <= sorted(sizes)[-2] <= high:
        raise AssertionError(f"implausible community households {sorted(sizes)}")


# -- history between the two tables (the ``changes`` section) ----------------------------------

#: The earlier table in the excerpt, and its communities per subdistrict (the README's figures).
EARLIER_YEAR = 2020
EARLIER_SIZES = {"dongcheng": 13, "xicheng": 8, "chaoyang": 13, "fengxi": 12, "fengbei": 8}
#: The date of every change between the tables: the 2023 table's statistics date (2023-06-30).
#: The tables tell only that a change fell between 2020-06-30 and 2023-06-30; a unit new in 2023
#: is ``established`` on this date, with every unit below it.
CHANGE_DATE = "2023-06-30"
CHANGE_NOTE = "统计用区划代码 2020 (2020-06-30) → 2023 (2023-06-30)"


def mark_history(streets: list[Street]) -> list[tuple[str, str, str]]:
    """Date the communities new since the earlier table; return the recodings (id, old, new).

    A community of the 2023 table is the earlier table's unit of the same name in the same
    subdistrict (its code may have changed), or else new. The script fails if an earlier unit
    is gone, since the file would then need units that the 2023 table does not give.
    """
    with DIVISIONS.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if int(r["year"]) == EARLIER_YEAR]
    earlier = {
        (row["parent_code"], territory_name(row["name"])): row["code"]
        for row in rows
        if row["parent_code"] in STREET_IDS
    }
    sizes = Counter(STREET_IDS[street] for street, _ in earlier)
    if dict(sizes) != EARLIER_SIZES:
        raise ValueError(f"the {EARLIER_YEAR} excerpt holds {dict(sizes)}, not {EARLIER_SIZES}")
    recodes = []
    for street in streets:
        for community in street.communities:
            old = earlier.pop((street.code[:9] if street.code else "", community.name), None)
            if old is None:
                community.established = CHANGE_DATE
            elif old != community.code:
                recodes.append((community.id, old, str(community.code)))
    if earlier:
        raise ValueError(f"units of {EARLIER_YEAR} gone by {DIVISION_YEAR}: {sorted(earlier)}")
    return recodes


def changes(
    units: list[dict[str, object]], recodes: list[tuple[str, str, str]]
) -> list[dict[str, object]]:
    """Return the events between the tables: the new communities, then the recodings.

    Each new community is established with its subtree, in code order; the recodings follow.
    """
    events: list[dict[str, object]] = []
    tops = [u for u in units if u["level"] == "community" and "established" in u]
    for top in sorted(tops, key=lambda u: str(u["code"])):
        below = {str(top["id"])}
        subtree = [top]
        for u in units:
            if u.get("parent") in below:
                below.add(str(u["id"]))
                subtree.append(u)
        events.append(
            {
                "date": CHANGE_DATE,
                "kind": "establish",
                "resulting": [u["id"] for u in subtree],
                "units": subtree,
                "note": CHANGE_NOTE,
            }
        )
    for uid, old, new in sorted(recodes, key=lambda r: r[2]):
        events.append(
            {
                "date": CHANGE_DATE,
                "kind": "recode",
                "original": [uid],
                "resulting": [uid],
                "old": old,
                "new": new,
                "note": CHANGE_NOTE,
            }
        )
    established = {str(u["id"]) for u in units if "established" in u}
    listed = {uid for e in events if e["kind"] == "establish" for uid in e["resulting"]}  # type: ignore[attr-defined]
    if listed != established:
        raise AssertionError("an established unit is not in an establish event")
    return events


# -- renovation projects (老旧小区改造) --------------------------------------------------------

#: A separate seed, so the projects never disturb the units drawn from ``SEED``.
RENOVATION_SEED = 2021
#: The illustrative local policy: the national 2000 cut-off, extended to 2011 within a 15% cap.
RENOVATION_POLICY: dict[str, object] = {
    "cutoff_year": 2000,
    "extended_cutoff_year": 2011,
    "extended_share_cap": "0.15",
}
LIFECYCLE = (
    "applied",
    "planned",
    "consulting",
    "designing",
    "under_construction",
    "completed",
    "handed_over",
)
#: Statuses from which construction has started; such projects are fully funded.
UNDER_WAY = ("under_construction", "completed", "handed_over")
#: The range a project's cost per household must fall in (DOMAIN section 3: ¥14,000–27,000).
COST_PER_HOUSEHOLD = (14_000, 27_000)
FEN = Decimal("0.01")
#: The matters of 民法典 Art. 278 (items 6–8) that need three quarters of those voting.
THREE_QUARTERS = ("raise_fund", "rebuild", "common_parts")


@dataclass(frozen=True)
class ProjectSpec:
    """What a project renovates and how far it has come; the figures are drawn from it."""

    compound: str
    batch: int
    status: str
    #: For a suspended or cancelled project, the stage it was in when that happened.
    stage: str | None = None
    #: The id after the batch year; the compound's community by default.
    slug: str | None = None
    lifts: int = 0
    extras: tuple[str, ...] = ()
    special_bond: bool = False
    maintenance_fund: bool = False
    #: Add a lift vote for one more stairwell that fails for want of a quorum.
    failed_lift_vote: bool = False
    note: str | None = None
    tags: tuple[str, ...] = ()


#: The projects, by batch. 2021-chunlan and 2022-xinjinyuan renovate the real compounds; the
#: others renovate filler compounds built up to 2000. Batches 2021 and 2022 hold enough
#: households built up to 2000 to keep the extended cut-off's share within the 15% cap.
PROJECT_SPECS: tuple[ProjectSpec, ...] = (
    ProjectSpec("yangping-g1-c1", 2020, "handed_over", maintenance_fund=True, tags=("示范项目",)),
    ProjectSpec("gaojiaba-g1-c2", 2020, "handed_over", extras=("充电桩",)),
    ProjectSpec(
        "mafangba-chunlan",
        2021,
        "completed",
        slug="chunlan",
        lifts=3,
        extras=("适老化改造",),
        tags=("安置小区",),
    ),
    ProjectSpec("pujiazui-g1-c1", 2021, "handed_over", lifts=2, maintenance_fund=True),
    ProjectSpec("shiling-g1-c1", 2021, "handed_over", extras=("社区养老服务站",)),
    ProjectSpec("zaojiaoya-g1-c1", 2021, "completed", extras=("充电桩",)),
    ProjectSpec("baimiao-g1-c2", 2021, "completed", maintenance_fund=True),
    ProjectSpec(
        "xinjin-xinjinyuan",
        2022,
        "under_construction",
        slug="xinjinyuan",
        extras=("充电桩", "适老化改造", "智慧社区系统"),
        special_bond=True,
        tags=("安置小区",),
    ),
    ProjectSpec(
        "wulidian-g1-c3",
        2022,
        "completed",
        lifts=4,
        special_bond=True,
        maintenance_fund=True,
        failed_lift_vote=True,
    ),
    ProjectSpec("baige-g1-c3", 2022, "under_construction", lifts=2, extras=("社区养老服务站",)),
    ProjectSpec("wenhuajie-g1-c3", 2022, "under_construction"),
    ProjectSpec("xiaogongmiao-g2-c2", 2022, "designing", lifts=2),
    ProjectSpec("pailou-g1-c2", 2022, "suspended", stage="designing", note="地下管线权属待协调"),
    ProjectSpec("dabeijie-g1-c2", 2022, "completed", extras=("智慧社区系统",)),
    ProjectSpec("shilianhua-g1-c1", 2022, "under_construction", extras=("充电桩",)),
    ProjectSpec("bailinkou-g1-c1", 2022, "consulting"),
    ProjectSpec("longzhuata-g1-c1", 2022, "under_construction", maintenance_fund=True),
    ProjectSpec("sihetou-g1-c2", 2023, "applied"),
    ProjectSpec("tatuo-g1-c2", 2023, "planned", extras=("适老化改造",)),
    ProjectSpec(
        "xujiaba-g1-c1", 2023, "cancelled", stage="consulting", note="业主表决未通过改造方案"
    ),
)

#: Measures paid per household, in order: (category, item, unit, typical yuan per household).
#: Their quantities come from ``quantity_of``; items with no unit carry no quantity.
SHARED_MEASURES: tuple[tuple[str, str, str | None, int], ...] = (
    ("basic", "雨污分流", "米", 2800),
    ("basic", "管网改造", "米", 2300),
    ("basic", "外墙修缮", "平方米", 4200),
    ("basic", "屋面防水", "平方米", 1400),
    ("basic", "道路硬化", "平方米", 1600),
    ("basic", "安防监控", "个", 350),
    ("basic", "消防设施", None, 600),  # fire safety is basic work (国办发〔2020〕23号)
    ("improvement", "绿化亮化", "平方米", 900),
)
#: Optional measures of their own price: (category, unit).
EXTRA_MEASURES = {
    "加装电梯": ("improvement", "部"),
    "充电桩": ("improvement", "个"),
    "适老化改造": ("improvement", None),
    "智慧社区系统": ("upgrade", None),
    "社区养老服务站": ("upgrade", "处"),
}


def money(value: Decimal) -> str:
    """Format yuan with exactly two decimals."""
    return f"{value.quantize(FEN):.2f}"


def round_down(value: Decimal, step: int) -> Decimal:
    """Round yuan down to a multiple of ``step``."""
    return (value / step).to_integral_value(rounding=ROUND_FLOOR) * step


def split_by_weights(total: Decimal, weights: list[float]) -> list[Decimal]:
    """Split ``total`` yuan by ``weights`` to the fen, the last part taking the remainder."""
    scale = sum(weights)
    parts = [(total * Decimal(w / scale)).quantize(FEN) for w in weights[:-1]]
    return [*parts, total - sum(parts)]


def quantity_of(rng: random.Random, item: str, households: int, floor_area: Decimal) -> Decimal:
    """Draw a plausible quantity of a shared measure for a compound."""
    area = float(floor_area)
    if item == "雨污分流":
        return Decimal(f"{households * rng.uniform(1.8, 2.6):.1f}")
    if item == "管网改造":
        return Decimal(f"{households * rng.uniform(3.0, 4.5):.1f}")
    if item == "外墙修缮":
        return Decimal(f"{area * rng.uniform(0.85, 1.05):.2f}")
    if item == "屋面防水":
        return Decimal(f"{area * 1.1 / rng.uniform(5.5, 6.5):.2f}")
    if item == "道路硬化":
        return Decimal(f"{households * rng.uniform(5.0, 8.0):.2f}")
    if item == "安防监控":
        return Decimal(max(8, households // rng.randint(8, 11)))
    if item == "绿化亮化":
        return Decimal(f"{households * rng.uniform(2.0, 4.0):.2f}")
    raise ValueError(f"no quantity rule for {item}")


def draw_measures(
    rng: random.Random, spec: ProjectSpec, households: int, floor_area: Decimal, target: Decimal
) -> list[dict[str, object]]:
    """Draw the measures: the priced extras first, then the shared ones fill up ``target``.

    The target is raised where the extras leave less than ¥10,500–12,500 per household.
    """
    extras: dict[str, tuple[Decimal, Decimal | None]] = {}
    if spec.lifts:
        extras["加装电梯"] = (
            Decimal(spec.lifts * rng.randrange(560_000, 720_000, 1_000)),
            Decimal(spec.lifts),
        )
    for item in spec.extras:
        if item == "充电桩":
            n = rng.randint(12, 40)
            extras[item] = (Decimal(n * rng.randrange(5_500, 8_500, 100)), Decimal(n))
        elif item == "适老化改造":
            extras[item] = (Decimal(households * rng.randint(300, 520)), None)
        elif item == "智慧社区系统":
            extras[item] = (Decimal(rng.randrange(280_000, 460_000, 1_000)), None)
        elif item == "社区养老服务站":
            extras[item] = (Decimal(rng.randrange(420_000, 780_000, 1_000)), Decimal(1))
        else:
            raise ValueError(f"unknown extra measure {item}")
    fixed = sum((cost for cost, _ in extras.values()), Decimal(0))
    target = max(target, fixed + households * rng.randint(10_500, 12_500))
    shared = [
        m for m in SHARED_MEASURES if m[1] not in ("安防监控", "消防设施") or rng.random() < 0.7
    ]
    costs = split_by_weights(target - fixed, [m[3] * rng.uniform(0.8, 1.25) for m in shared])
    out: list[dict[str, object]] = []
    for (category, item, unit_name, _), cost in zip(shared, costs, strict=True):
        measure: dict[str, object] = {"category": category, "item": item}
        if unit_name is not None:
            measure["quantity"] = str(quantity_of(rng, item, households, floor_area))
            measure["unit"] = unit_name
        measure["cost"] = money(cost)
        out.append(measure)
    category_order = ("basic", "improvement", "upgrade")
    for item in sorted(extras, key=lambda i: category_order.index(EXTRA_MEASURES[i][0])):
        cost, quantity = extras[item]
        category, unit_name = EXTRA_MEASURES[item]
        measure = {"category": category, "item": item}
        if quantity is not None and unit_name is not None:
            measure["quantity"] = str(quantity)
            measure["unit"] = unit_name
        measure["cost"] = money(cost)
        out.append(measure)
    # Keep the basic, improvement, upgrade order of the categories.
    out.sort(key=lambda m: category_order.index(str(m["category"])))
    return out


def draw_funding(
    rng: random.Random,
    spec: ProjectSpec,
    households: int,
    measures: list[dict[str, object]],
    reached: str,
) -> list[dict[str, object]]:
    """Draw the funding: all of the cost once construction starts, part of it before."""
    if reached == "applied" or spec.status == "cancelled":
        return []
    costs = {str(m["item"]): Decimal(str(m["cost"])) for m in measures}
    cost = sum(costs.values(), Decimal(0))
    central = round_down(cost * Decimal(rng.uniform(0.38, 0.46)), 1_000)
    if reached == "planned":
        return [{"source": "central_subsidy", "amount": money(central)}]
    provincial = round_down(cost * Decimal(rng.uniform(0.04, 0.07)), 1_000)
    municipal = round_down(cost * Decimal(rng.uniform(0.07, 0.11)), 1_000)
    government = [
        {"source": "central_subsidy", "amount": money(central)},
        {"source": "provincial", "amount": money(provincial)},
        {"source": "municipal", "amount": money(municipal)},
    ]
    if reached not in UNDER_WAY:
        return government
    others: list[dict[str, object]] = []
    if spec.special_bond:
        bond = round_down(cost * Decimal(rng.uniform(0.10, 0.14)), 10_000)
        others.append({"source": "special_bond", "amount": money(bond)})
    if "加装电梯" in costs:
        share = (costs["加装电梯"] * Decimal(rng.uniform(0.35, 0.5))).quantize(Decimal(1))
        others.append({"source": "residents", "amount": money(share), "note": "加装电梯业主分摊"})
    elif rng.random() < 0.6:
        share = Decimal(households * rng.randint(150, 350))
        others.append({"source": "residents", "amount": money(share), "note": "业主自筹"})
    if spec.maintenance_fund:
        share = (costs["屋面防水"] * Decimal(rng.uniform(0.4, 0.7))).quantize(Decimal(1))
        others.append({"source": "maintenance_fund", "amount": money(share), "note": "屋面防水"})
    pipes = costs["管网改造"] * Decimal(rng.uniform(0.3, 0.5))
    others.append(
        {
            "source": "utility",
            "amount": money(pipes.quantize(Decimal(1))),
            "note": "供水、燃气、电力管线单位",
        }
    )
    if "充电桩" in costs:
        others.append(
            {
                "source": "social_capital",
                "amount": money(costs["充电桩"]),
                "note": "充电桩运营企业投资建设",
            }
        )
    paid = sum((Decimal(str(f["amount"])) for f in government + others), Decimal(0))
    district = cost - paid
    if district < cost * Decimal("0.03"):
        raise AssertionError(f"{spec.compound}: the district's share {district} is too small")
    return [*government, {"source": "district", "amount": money(district)}, *others]


def draw_vote(
    rng: random.Random,
    matter: str,
    on: datetime.date,
    owners: int,
    area: Decimal,
    *,
    outcome: str = "passed",
    scope: str | None = None,
) -> dict[str, object]:
    """Draw a vote under 民法典 Art. 278 that has ``outcome`` passed, not_quorate or rejected."""

    def at_least(fraction: Decimal, of: Decimal) -> Decimal:
        return (of * fraction).quantize(FEN, rounding=ROUND_CEILING)

    if outcome == "not_quorate":
        voting = min(round(owners * rng.uniform(0.40, 0.58)), (2 * owners - 1) // 3)
    else:
        voting = max(-(-2 * owners // 3), round(owners * rng.uniform(0.72, 0.94)))
    area_voting = (area * voting / owners * Decimal(rng.uniform(0.98, 1.02))).quantize(FEN)
    if outcome != "not_quorate":
        area_voting = max(area_voting, at_least(Decimal(2) / 3, area))
    area_voting = min(area_voting, area)
    if outcome == "rejected":
        agreeing = min(round(voting * rng.uniform(0.32, 0.46)), voting // 2)
    elif matter in THREE_QUARTERS:
        agreeing = max(-(-3 * voting // 4), round(voting * rng.uniform(0.80, 0.97)))
    else:
        agreeing = max(voting // 2 + 1, round(voting * rng.uniform(0.70, 0.93)))
    area_agreeing = (area_voting * agreeing / voting * Decimal(rng.uniform(0.98, 1.02))).quantize(
        FEN
    )
    if outcome == "rejected":
        area_agreeing = min(area_agreeing, (area_voting / 2).quantize(FEN, rounding=ROUND_FLOOR))
    elif matter in THREE_QUARTERS:
        area_agreeing = max(area_agreeing, at_least(Decimal(3) / 4, area_voting))
    else:
        area_agreeing = max(area_agreeing, (area_voting / 2).quantize(FEN) + FEN)
    area_agreeing = min(area_agreeing, area_voting)
    vote: dict[str, object] = {
        "matter": matter,
        "on": on.isoformat(),
        "owners": owners,
        "area": money(area),
        "owners_voting": voting,
        "area_voting": money(area_voting),
        "owners_agreeing": agreeing,
        "area_agreeing": money(area_agreeing),
    }
    if scope is not None:
        vote["scope"] = scope
    if (vote_reason(vote) is None) != (outcome == "passed"):
        raise AssertionError(f"vote {vote} was drawn to be {outcome}")
    return vote


def vote_reason(vote: dict[str, object]) -> str | None:
    """Return why a vote fails 民法典 Art. 278, or ``None`` if it passes."""
    owners, voting, agreeing = (
        int(str(vote[k])) for k in ("owners", "owners_voting", "owners_agreeing")
    )
    area, area_voting, area_agreeing = (
        Decimal(str(vote[k])) for k in ("area", "area_voting", "area_agreeing")
    )
    if not (agreeing <= voting <= owners and area_agreeing <= area_voting <= area):
        return "counts out of order"
    if 3 * voting < 2 * owners or 3 * area_voting < 2 * area:
        return "not quorate"
    if vote["matter"] in THREE_QUARTERS:
        if 4 * agreeing < 3 * voting or 4 * area_agreeing < 3 * area_voting:
            return "fewer than three quarters agreed"
    elif 2 * agreeing <= voting or 2 * area_agreeing <= area_voting:
        return "not more than half agreed"
    return None


def draw_history(
    rng: random.Random, spec: ProjectSpec
) -> tuple[list[dict[str, object]], dict[str, datetime.date]]:
    """Draw the dated status changes; also return the date each stage was entered."""
    reached = spec.stage or spec.status
    stages = LIFECYCLE[: LIFECYCLE.index(reached) + 1]
    gaps = {
        "planned": None,
        "consulting": (15, 35),
        "designing": (45, 75),
        "under_construction": (60, 100),
        "completed": (200, 300),
        "handed_over": (40, 90),
    }
    entered: dict[str, datetime.date] = {
        "applied": datetime.date(spec.batch - 1, rng.randint(9, 11), rng.randint(1, 28))
    }
    day = entered["applied"]
    for stage in stages[1:]:
        gap = gaps[stage]
        if gap is None:
            day = datetime.date(spec.batch, rng.randint(2, 3), rng.randint(1, 28))
        else:
            day += datetime.timedelta(days=rng.randint(*gap))
        entered[stage] = day
    history: list[dict[str, object]] = [
        {"status": stage, "on": entered[stage].isoformat()} for stage in stages
    ]
    if spec.status != reached:
        day += datetime.timedelta(days=rng.randint(90, 150))
        entered[spec.status] = day
        change: dict[str, object] = {"status": spec.status, "on": day.isoformat()}
        if spec.note is not None:
            change["note"] = spec.note
        history.append(change)
    return history, entered


def draw_consultations(
    rng: random.Random,
    spec: ProjectSpec,
    compound: Compound,
    floor_area: Decimal,
    entered: dict[str, datetime.date],
) -> list[dict[str, object]]:
    """Draw the owners' votes: the plan, then one per stairwell that gets a lift."""
    if "consulting" not in entered:
        return []
    households = sum(b.households for b in compound.buildings)
    exclusive = (floor_area * Decimal(rng.uniform(0.80, 0.86))).quantize(FEN)
    opened = entered["consulting"]
    closes = entered.get("designing", opened + datetime.timedelta(days=60))
    plan_day = opened + datetime.timedelta(days=rng.randint(10, (closes - opened).days - 10))
    # Using the maintenance fund is item 5 of 民法典 Art. 278; any other plan is item 9. Both
    # need more than half of those voting; a lift (rebuilding, item 7) needs three quarters.
    matter = "use_fund" if spec.maintenance_fund else "other"
    if spec.status == "cancelled":
        return [draw_vote(rng, "other", plan_day, households, exclusive, outcome="rejected")]
    if "designing" not in entered:
        return [draw_vote(rng, matter, plan_day, households, exclusive, outcome="not_quorate")]
    votes = [draw_vote(rng, matter, plan_day, households, exclusive)]
    n_stairwells = spec.lifts + spec.failed_lift_vote
    wells = rng.sample(
        [(b, u) for b in range(1, len(compound.buildings) + 1) for u in (1, 2, 3)], n_stairwells
    )
    for n, (building, stairwell) in enumerate(sorted(wells)):
        day = plan_day + datetime.timedelta(days=rng.randint(0, (closes - plan_day).days))
        owners = rng.randint(12, 18)
        area = (Decimal(owners) * Decimal(rng.uniform(68, 86))).quantize(FEN)
        outcome = "not_quorate" if spec.failed_lift_vote and n == 0 else "passed"
        scope = f"{building}栋{stairwell}单元"
        votes.append(draw_vote(rng, "rebuild", day, owners, area, outcome=outcome, scope=scope))
    votes.sort(key=lambda v: str(v["on"]))
    return votes


def projects(streets: list[Street]) -> list[dict[str, object]]:
    """Draw the renovation projects of ``PROJECT_SPECS`` on the generated compounds."""
    rng = random.Random(RENOVATION_SEED)
    compounds = {
        k.id: (c, k) for s in streets for c in s.communities for g in c.grids for k in g.compounds
    }
    out: list[dict[str, object]] = []
    for spec in PROJECT_SPECS:
        community, compound = compounds[spec.compound]
        households = sum(b.households for b in compound.buildings)
        # A cost per household, and a floor area that puts the cost at ¥240–295 per m².
        per_household = rng.uniform(17_000, 23_500)
        target = Decimal(households * per_household).quantize(FEN)
        floor_area = Decimal(households * per_household / rng.uniform(240, 295)).quantize(FEN)
        reached = spec.stage or spec.status
        history, entered = draw_history(rng, spec)
        measures = draw_measures(rng, spec, households, floor_area, target)
        project: dict[str, object] = {
            "id": f"{spec.batch}-{spec.slug or community.id}",
            "name": f"{compound.name}老旧小区改造",
            "compound": compound.id,
            "batch": spec.batch,
            "households": households,
            "buildings": len(compound.buildings),
            "floor_area": money(floor_area),
            "measures": measures,
            "funding": draw_funding(rng, spec, households, measures, reached),
            "consultations": draw_consultations(rng, spec, compound, floor_area, entered),
            "history": history,
        }
        if "planned" in entered:
            start = entered["planned"] + datetime.timedelta(days=rng.randint(130, 170))
            project["planned_start"] = start.isoformat()
            project["planned_completion"] = (
                start + datetime.timedelta(days=rng.randint(240, 330))
            ).isoformat()
        if "under_construction" in entered:
            project["actual_start"] = entered["under_construction"].isoformat()
        if "completed" in entered:
            project["actual_completion"] = entered["completed"].isoformat()
        project["tags"] = list(spec.tags)
        out.append({k: v for k, v in project.items() if v not in (None, [])})
    return out


def check_projects(units: list[dict[str, object]], found: list[dict[str, object]]) -> None:
    """Fail loudly if the projects break a rule of jiceng's portfolio or a fact tests rely on."""
    by_id = {str(u["id"]): u for u in units}
    households_of: dict[str, int] = {}
    for u in units:
        if u["level"] == "building" and "households" in u:
            parent = str(u["parent"])
            households_of[parent] = households_of.get(parent, 0) + int(str(u["households"]))
    # A project renovates its compound's listed buildings: the whole compound where they are
    # listed in full (with their figures), part of it where the compound records its own.
    part_of = {
        str(u["id"]): int(str(u["households"]))
        for u in units
        if u["level"] == "compound" and "households" in u and str(u["id"]) not in households_of
    }

    def community_of(uid: str) -> str:
        while by_id[uid]["level"] != "community":
            uid = str(by_id[uid]["parent"])
        return uid

    ids = [str(p["id"]) for p in found]
    if len(set(ids)) != len(ids):
        raise AssertionError("duplicate project ids")
    cutoff = int(str(RENOVATION_POLICY["cutoff_year"]))
    extended_cutoff = int(str(RENOVATION_POLICY["extended_cutoff_year"]))
    cap = Decimal(str(RENOVATION_POLICY["extended_share_cap"]))
    batches: dict[int, list[int]] = {}
    total_cost, total_households = Decimal(0), 0
    low, high = COST_PER_HOUSEHOLD
    for p in found:
        pid, compound = str(p["id"]), by_id[str(p["compound"])]
        kid, households = str(compound["id"]), int(str(p["households"]))
        if compound["level"] != "compound" or not (
            households == households_of.get(kid) or 0 < households < part_of.get(kid, 0)
        ):
            raise AssertionError(f"{pid}: not a compound, or households differ from it")
        history = p["history"]
        statuses = [str(h["status"]) for h in history]
        days = [str(h["on"]) for h in history]
        if days != sorted(days):
            raise AssertionError(f"{pid}: history out of date order")
        main = [s for s in statuses if s not in ("suspended", "cancelled")]
        if main != list(LIFECYCLE[: len(main)]) or statuses[: len(main)] != main:
            raise AssertionError(f"{pid}: history {statuses} leaves the lifecycle")
        cost = sum((Decimal(str(m["cost"])) for m in p["measures"]), Decimal(0))
        funded = sum((Decimal(str(f["amount"])) for f in p.get("funding", [])), Decimal(0))
        per = cost / int(str(p["households"]))
        if not low <= per <= high:
            raise AssertionError(f"{pid}: ¥{per:.2f} per household is out of range")
        if "under_construction" in statuses:
            started = days[statuses.index("under_construction")]
            if funded != cost:
                raise AssertionError(f"{pid}: funding {funded} != cost {cost}")
            if not any(
                vote_reason(v) is None and str(v["on"]) <= started for v in p["consultations"]
            ):
                raise AssertionError(f"{pid}: construction without a passed vote")
        if statuses[-1] != "cancelled":
            total_cost += cost
            total_households += int(str(p["households"]))
            built = int(str(compound["built_year"]))
            if built > extended_cutoff:
                raise AssertionError(f"{pid}: built {built}, not eligible")
            extended = int(str(p["households"])) if built > cutoff else 0
            batch = batches.setdefault(int(str(p["batch"])), [0, 0])
            batch[0] += int(str(p["households"]))
            batch[1] += extended
    for year, (households, extended) in sorted(batches.items()):
        if extended > cap * households:
            raise AssertionError(f"batch {year}: {extended} of {households} households extended")
    if not low <= total_cost / total_households <= high:
        raise AssertionError("portfolio cost per household out of range")
    for community, only in (("mafangba", "2021-chunlan"), ("xinjin", "2022-xinjinyuan")):
        inside = [str(p["id"]) for p in found if community_of(str(p["compound"])) == community]
        if inside != [only]:
            raise AssertionError(f"projects in {community}: {inside}, not [{only!r}]")


# -- community workers (社区工作者) --------------------------------------------------------------

#: A separate seed, so the staff never disturb the units or the projects.
STAFF_SEED = 2026
#: The file's pay schemes, named by built-in template (the loader resolves the name).
PAY_SCHEMES = ["tongchuan_2020"]
#: The last appraised year: the staff are described as of late 2026.
LAST_APPRAISAL_YEAR = 2025
#: The day the staff are described on, and the template's probation in months.
STAFF_AS_OF = datetime.date(2026, 11, 26)
PROBATION_MONTHS = 6
#: Most workers a community has (DOMAIN section 5: commonly at most 17).
MAX_STAFF = 17
#: Drawn ratings and their weights; 不称职 is never drawn, but set in ``N_INCOMPETENT`` years.
RATING_WEIGHTS = (("excellent", 15), ("competent", 84.2), ("basically_competent", 0.8))
N_INCOMPETENT = 2
#: The national social-work examination (社会工作者职业水平考试) began in 2008.
CERTIFICATES_FROM = 2008


@dataclass(frozen=True)
class StaffSpec:
    """Whom a community employs: one head, its deputies and its other staff."""

    community: str
    deputies: int
    #: Other staff, including the ``new_hires``.
    others: int
    #: Days in 2026 on which other staff were newly hired (service starts the same day).
    new_hires: tuple[str, ...] = ()
    #: The day the head, until then a deputy, became head.
    head_promoted: str | None = None
    #: The day the first deputy, until then other staff, became a deputy.
    deputy_promoted: str | None = None
    #: The head's certificate where it is set rather than drawn.
    head_certificate: str | None = None


#: The staffed communities; 17 in 马房坝 (the most a community commonly has), 60 in all. The 2026
#: hires are in communities the docs' 2026-01-01 examples do not roll up. A deputy became head at
#: the 2021 community election (换届), and another worker became a deputy in 2023.
STAFF_SPECS: tuple[StaffSpec, ...] = (
    StaffSpec("tuanbaoliang", deputies=2, others=9, deputy_promoted="2023-08-01"),
    StaffSpec("mafangba", deputies=3, others=13, head_certificate="senior"),
    StaffSpec("xiaobeijie", deputies=2, others=8, new_hires=("2026-07-06",)),
    StaffSpec("dabeijie", deputies=2, others=7, new_hires=("2026-03-16",)),
    StaffSpec(
        "xinjin", deputies=1, others=8, new_hires=("2026-09-01",), head_promoted="2021-03-18"
    ),
)

#: Common surnames in 达州, with the local 向, 苟, 蒲 and 冉.
SURNAMES = (
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "胡", "朱", "何",
    "郭", "罗", "谢", "唐", "邓", "冯", "蒋", "曾", "彭", "向", "雷", "廖", "袁", "杜", "任",
    "熊", "苟", "蒲", "冉", "汪", "钟", "付", "程", "龚", "谭",
)  # fmt: skip
#: Given names by the generation that started service: before 2006, 2006–2014, from 2015. No
#: given name is drawn twice.
GIVEN_NAMES = (
    (
        "建华", "秀英", "国强", "桂芳", "德明", "淑芬", "红梅", "志刚", "丽华", "永红", "小平",
        "春梅", "建国", "玉兰", "海燕", "卫东", "明", "静", "军", "英", "勇", "平", "霞", "文军",
        "素华", "德全", "光明", "家蓉", "朝辉", "秀琼",
    ),
    (
        "晓燕", "丽娟", "伟", "敏", "燕", "杰", "涛", "婷", "娟", "芳", "晓东", "小军", "海波",
        "雪梅", "丹", "莉", "刚", "春燕", "晓丽", "成林", "小兰", "俊", "亚琴", "利", "建", "波",
        "红英", "晓波", "艳", "玲", "小林", "志勇", "维", "鹏飞", "晓琴", "雪",
    ),
    (
        "思雨", "欣怡", "浩然", "雨涵", "子轩", "梦瑶", "佳琪", "俊杰", "婷婷", "宇航", "晓雪",
        "雪莹", "文博", "诗琪", "一鸣", "嘉怡", "睿", "鑫", "瑶", "倩", "洁", "琳", "磊", "鹏",
        "钰", "梓涵", "雨桐", "佳怡", "子豪", "梦洁", "晨曦", "昊", "可欣", "思琪", "天宇", "语嫣",
        "明轩", "静怡", "博文", "紫涵",
    ),
)  # fmt: skip


def draw_day(rng: random.Random, year: int) -> datetime.date:
    """Draw a day of ``year`` (the 1st to the 28th of a month)."""
    return datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))


def pick(rng: random.Random, weighted: tuple[tuple[str | None, float], ...]) -> str | None:
    """Draw one value of ``(value, weight)`` pairs."""
    values = [v for v, _ in weighted]
    return rng.choices(values, weights=[w for _, w in weighted])[0]


def draw_name(rng: random.Random, started: int, taken: set[str]) -> str:
    """Draw a name of the worker's generation whose given name is not yet ``taken``; take it."""
    pool = GIVEN_NAMES[0 if started < 2006 else 1 if started < 2015 else 2]
    given = rng.choice([g for g in pool if g not in taken])
    taken.add(given)
    return rng.choice(SURNAMES) + given


def draw_degree(rng: random.Random, started: int) -> str | None:
    """Draw the highest degree: older staff often have none, newer ones mostly a bachelor's."""
    if started < 2006:
        return pick(rng, ((None, 3), ("associate", 4), ("bachelor", 3)))
    if started < 2015:
        return pick(rng, ((None, 1), ("associate", 4), ("bachelor", 5)))
    return pick(rng, (("associate", 3), ("bachelor", 6), ("master", 1)))


def draw_certificate(rng: random.Random, started: int) -> str | None:
    """Draw a social-work certificate, likelier the longer the worker could have sat the exam."""
    years = STAFF_AS_OF.year - max(started, CERTIFICATES_FROM)
    held = min(0.6, 0.15 + 0.04 * years)
    if rng.random() >= held:
        return None
    return "social_worker" if years >= 4 and rng.random() < 0.4 else "assistant"


def draw_appraisals(rng: random.Random, start: datetime.date) -> list[tuple[int, str]]:
    """Draw one rating for every full calendar year served, up to ``LAST_APPRAISAL_YEAR``."""
    first = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    return [
        (year, str(pick(rng, RATING_WEIGHTS))) for year in range(first, LAST_APPRAISAL_YEAR + 1)
    ]


@dataclass
class Staffer:
    """A community worker (社区工作者) as drawn; ``record`` gives the file's form."""

    unit: str
    post: str
    name: str
    service_start: datetime.date
    hired: datetime.date
    degree: str | None = None
    certificate: str | None = None
    #: ``(year, rating)`` for every full calendar year served.
    appraisals: list[tuple[int, str]] = field(default_factory=list)
    #: ``(post, start, end)`` spells, the last one open (``end`` None).
    post_history: list[tuple[str, datetime.date, datetime.date | None]] = field(
        default_factory=list
    )
    id: str = ""

    def record(self) -> dict[str, object]:
        """Return the worker record, keys in file order, empty values omitted."""
        spells = []
        for post, start, end in self.post_history:
            spell: dict[str, object] = {"post": post, "start": start.isoformat()}
            if end is not None:
                spell["end"] = end.isoformat()
            spells.append(spell)
        record: dict[str, object] = {
            "id": self.id,
            "name": self.name,
            "unit": self.unit,
            "post": self.post,
            "service_start": self.service_start.isoformat(),
            "hired": self.hired.isoformat(),
            "degree": self.degree,
            "certificate": self.certificate,
            "appraisals": [{"year": y, "rating": r} for y, r in self.appraisals],
            "post_history": spells,
        }
        return {k: v for k, v in record.items() if v not in (None, [])}


def draw_worker(
    rng: random.Random,
    community: str,
    post: str,
    start: datetime.date,
    taken: set[str],
    *,
    moved: bool = True,
    certificate: str | None = None,
) -> Staffer:
    """Draw a worker of ``community`` whose service began on ``start``.

    Unless ``moved`` is false, some workers are drawn as having moved here from another community
    or subdistrict a few years after their service began, so they were hired later.
    """
    hired = start
    if moved and start.year < LAST_APPRAISAL_YEAR - 3 and rng.random() < 0.2:
        latest = (datetime.date(LAST_APPRAISAL_YEAR, 1, 1) - start).days
        hired = start + datetime.timedelta(days=rng.randint(365, min(6 * 365, latest)))
    degree = draw_degree(rng, start.year)
    drawn = draw_certificate(rng, start.year)
    return Staffer(
        unit=community,
        post=post,
        name=draw_name(rng, start.year, taken),
        service_start=start,
        hired=hired,
        degree=degree,
        certificate=certificate or drawn,
        appraisals=draw_appraisals(rng, start),
    )


def promoted(worker: Staffer, before: str, day: str) -> Staffer:
    """Give ``worker`` the post ``before`` from hiring until the day before ``day``."""
    on = datetime.date.fromisoformat(day)
    worker.post_history = [
        (before, worker.hired, on - datetime.timedelta(days=1)),
        (worker.post, on, None),
    ]
    return worker


def staff() -> list[Staffer]:
    """Draw the workers of ``STAFF_SPECS``: per community the head, the deputies, then others."""
    rng = random.Random(STAFF_SEED)
    taken: set[str] = set()  # given names
    out: list[Staffer] = []
    for spec in STAFF_SPECS:
        c = spec.community
        if spec.head_promoted is not None:
            start = draw_day(rng, rng.randint(2004, 2011))
            head = draw_worker(rng, c, "head", start, taken, moved=False)
            promoted(head, "deputy", spec.head_promoted)
        else:
            start = draw_day(rng, rng.randint(1998, 2008))
            head = draw_worker(rng, c, "head", start, taken, certificate=spec.head_certificate)
        deputies = []
        for n in range(spec.deputies):
            if n == 0 and spec.deputy_promoted is not None:
                start = draw_day(rng, rng.randint(2011, 2016))
                deputy = draw_worker(rng, c, "deputy", start, taken, moved=False)
                deputies.append(promoted(deputy, "other", spec.deputy_promoted))
            else:
                start = draw_day(rng, rng.randint(2002, 2014))
                deputies.append(draw_worker(rng, c, "deputy", start, taken))
        others = [
            draw_worker(rng, c, "other", draw_day(rng, rng.randint(2008, 2025)), taken)
            for _ in range(spec.others - len(spec.new_hires))
        ]
        for day in spec.new_hires:
            start = datetime.date.fromisoformat(day)
            others.append(draw_worker(rng, c, "other", start, taken, moved=False))
        deputies.sort(key=lambda w: w.service_start)
        others.sort(key=lambda w: w.service_start)
        for n, worker in enumerate([head, *deputies, *others], start=1):
            worker.id = f"{c}-w{n:02d}"
            out.append(worker)

    # 不称职 (incompetent) in one year each for a few other staff of different communities.
    candidates = [w for w in out if w.post == "other" and len(w.appraisals) >= 4]
    chosen: list[Staffer] = []
    while len(chosen) < N_INCOMPETENT:
        worker = rng.choice(candidates)
        if all(worker.unit != w.unit for w in chosen):
            chosen.append(worker)
    for worker in chosen:
        n = rng.randrange(len(worker.appraisals))
        worker.appraisals[n] = (worker.appraisals[n][0], "incompetent")
    return out


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return the same day ``months`` later (days are the 1st–28th, so it always exists)."""
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


def check_workers(units: list[dict[str, object]], workers: list[Staffer]) -> None:
    """Fail loudly if the staff break a rule of jiceng's payroll or a fact the data promises."""
    levels = {str(u["id"]): u["level"] for u in units}
    ids = [w.id for w in workers]
    names = [w.name for w in workers]
    if len(set(ids)) != len(ids) or len(set(names)) != len(names):
        raise AssertionError("duplicate worker ids or names")
    if not all(i.isascii() for i in ids):
        raise AssertionError("a worker id is not ASCII")
    ratings = Counter(rating for w in workers for _, rating in w.appraisals)
    new_hires = on_probation = 0
    for w in workers:
        if levels.get(w.unit) != "community":
            raise AssertionError(f"{w.id}: {w.unit} is not a community")
        start, hired = w.service_start, w.hired
        if hired < start:
            raise AssertionError(f"{w.id}: hired before service started")
        if start.year == STAFF_AS_OF.year:
            if hired != start or not 3 <= start.month <= 9:
                raise AssertionError(f"{w.id}: a 2026 hire outside March–September")
            new_hires += 1
            on_probation += add_months(hired, PROBATION_MONTHS) > STAFF_AS_OF
        elif not 1998 <= start.year <= LAST_APPRAISAL_YEAR:
            raise AssertionError(f"{w.id}: service starts in {start.year}")
        first = start.year if (start.month, start.day) == (1, 1) else start.year + 1
        if [y for y, _ in w.appraisals] != list(range(first, LAST_APPRAISAL_YEAR + 1)):
            raise AssertionError(f"{w.id}: appraisals are not one per full year served")
        if w.post_history:
            last_post, _, last_end = w.post_history[-1]
            if last_post != w.post or last_end is not None:
                raise AssertionError(f"{w.id}: the last post spell is not the current post")
            for (_, a_start, a_end), (_, b_start, _) in pairwise(w.post_history):
                if a_end is None or not a_start <= a_end < b_start:
                    raise AssertionError(f"{w.id}: post spells overlap or are out of order")
    for spec in STAFF_SPECS:
        posts = Counter(w.post for w in workers if w.unit == spec.community)
        if posts["head"] != 1 or not 1 <= posts["deputy"] <= 3:
            raise AssertionError(f"{spec.community}: posts {dict(posts)}")
        if posts.total() > MAX_STAFF:
            raise AssertionError(f"{spec.community}: {posts.total()} workers")
    if not 2 <= new_hires <= 3 or on_probation < 1:
        raise AssertionError(f"{new_hires} new hires, {on_probation} on probation")
    if ratings["incompetent"] != N_INCOMPETENT or not 2 <= ratings["basically_competent"] <= 6:
        raise AssertionError(f"ratings {dict(ratings)}")
    if not ratings["competent"] > 3 * ratings["excellent"] > 0:
        raise AssertionError(f"ratings {dict(ratings)}")


# -- service items and the service centre (服务事项、党群服务中心) -------------------------------

#: The departments whose items 小北街社区's centre offers (DOMAIN section 2: 14 departments), in
#: file order: (id, name, short name, item-code letters).
DEPARTMENTS: tuple[tuple[str, str, str, str], ...] = (
    ("minzheng", "通川区民政局", "民政局", "MZ"),
    ("renshe", "通川区人力资源和社会保障局", "人社局", "RS"),
    ("yibao", "通川区医疗保障局", "医保局", "YB"),
    ("weijian", "通川区卫生健康局", "卫健局", "WJ"),
    ("canlian", "通川区残疾人联合会", "残联", "CL"),
    ("zhujian", "通川区住房和城乡建设局", "住建局", "ZJ"),
    ("gongan", "达州市公安局通川区分局", "公安分局", "GA"),
    ("tuiyijunren", "通川区退役军人事务局", "退役军人事务局", "TY"),
    ("jiaoyu", "通川区教育局", "教育局", "JY"),
    ("shijian", "通川区市场监督管理局", "市场监管局", "SJ"),
    ("sifa", "通川区司法局", "司法局", "SF"),
    ("shuiwu", "国家税务总局达州市通川区税务局", "税务局", "SW"),
    ("zonggonghui", "通川区总工会", "总工会", "GH"),
    ("xicheng-office", "通川区西城街道办事处", "西城街道办事处", "XC"),
)
#: The district's division code, the head of every item code.
DISTRICT_CODE = "511702"
N_SERVICES = 44
#: Names the tests and docs rely on.
REQUIRED_SERVICES = (
    "高龄补贴",
    "最低生活保障",
    "残疾人证",
    "居住证",
    "生育登记",
    "城乡居民基本养老保险参保",
    "临时救助",
    "公租房申请",
)
CHANNELS = ("window", "online", "mobile", "self_service_terminal", "post")
MODES = ("appointment_extended", "proxy_home", "self_service_fallback", "online_post")
ITEM_TYPES = (
    "licence",
    "confirmation",
    "adjudication",
    "benefit",
    "award",
    "filing",
    "other_power",
    "public_service",
)
SCOPES = ("none", "district", "city", "province", "nationwide")
REMOTE_CHANNELS = {"online", "mobile", "post"}


def material(
    name: str,
    *,
    form: str = "either",
    source: str | None = "申请人自备",
    condition: str | None = None,
    copies: int = 1,
) -> dict[str, object]:
    """Build a material record; one with a ``condition`` is needed only then (not required)."""
    record: dict[str, object] = {"name": name}
    if condition is not None:
        record["required"] = False
        record["condition"] = condition
    record["form"] = form
    if copies != 1:
        record["copies"] = copies
    if source is not None:
        record["source"] = source
    return record


ID_CARD = material("居民身份证")
ID_AND_HUKOU = material("居民身份证和户口簿")
DECLARATION = material(
    "家庭经济状况声明及核对授权书", form="paper", source="社区提供样表，申请人及家庭成员签字"
)


@dataclass(frozen=True)
class ServiceSpec:
    """One service item as the centre's guide shows it; ``record`` gives the file's form."""

    code: str
    name: str
    type: str
    department: str
    legal_basis: tuple[str, ...]
    conditions: tuple[str, ...]
    materials: tuple[dict[str, object], ...]
    steps: tuple[str, ...]
    channels: tuple[str, ...]
    visits: int
    modes: tuple[str, ...]
    scope: str
    #: ``(statutory, promised)`` days; ``None`` for an instant case (即办件).
    days: tuple[int, int] | None = None
    #: How ``days`` count, ``(statutory, promised)``: "working" (工作日, written as the default
    #: by omission) or "calendar" (自然日), as the law that sets the limit counts.
    day_units: tuple[str, str] = ("working", "working")
    #: Why the item needs an on-site visit (必须现场办理原因), where the guide says.
    on_site_reason: str | None = None
    #: The code (after the district) of the main item, and the business case under it.
    parent: str | None = None
    case: str | None = None
    #: A charged item's fee record (``charged`` is added); free items have none.
    fee: dict[str, object] | None = None
    applicants: tuple[str, ...] = ("natural_person",)

    @property
    def id(self) -> str:
        """The item code, e.g. ``511702-MZ-001``."""
        return f"{DISTRICT_CODE}-{self.code}"

    def record(self) -> dict[str, object]:
        """Return the item record, keys in file order, default and empty values omitted."""
        record: dict[str, object] = {"id": self.id, "name": self.name, "type": self.type}
        record["department"] = self.department
        if self.parent is not None:
            record["parent"] = f"{DISTRICT_CODE}-{self.parent}"
        if self.case is not None:
            record["case"] = self.case
        record["legal_basis"] = list(self.legal_basis)
        record["conditions"] = list(self.conditions)
        record["materials"] = list(self.materials)
        record["steps"] = list(self.steps)
        if self.days is None:
            record["instant"] = True
        else:
            statutory_unit, promised_unit = self.day_units
            record["statutory_days"] = self.days[0]
            if statutory_unit != "working":
                record["statutory_unit"] = statutory_unit
            record["promised_days"] = self.days[1]
            if promised_unit != "working":
                record["promised_unit"] = promised_unit
        if self.fee is not None:
            record["fee"] = {"charged": True, **self.fee}
        record["channels"] = list(self.channels)
        record["visits"] = self.visits
        record["modes"] = list(self.modes)
        if self.on_site_reason is not None:
            record["on_site_reason"] = self.on_site_reason
        record["applicants"] = list(self.applicants)
        record["scope"] = self.scope
        return record


#: The 44 items of 小北街社区's platform (DOMAIN section 2), by department. The kinds of item are
#: real; their codes, conditions, materials, steps, time limits, fees, channels and visits are
#: illustrative, phrased as a generic guide would phrase them.
SERVICES: tuple[ServiceSpec, ...] = (
    # 民政局
    ServiceSpec(
        "MZ-001",
        "最低生活保障",
        "benefit",
        "minzheng",
        legal_basis=("《社会救助暂行办法》", "《最低生活保障审核确认办法》"),
        conditions=(
            "申请人在户籍所在地提出申请",
            "共同生活的家庭成员人均收入低于当地最低生活保障标准",
            "家庭财产状况符合当地规定",
        ),
        materials=(
            ID_AND_HUKOU,
            DECLARATION,
            material(
                "残疾证明或疾病诊断证明",
                condition="家庭成员有残疾或重病的",
                source="相关机构出具",
            ),
        ),
        steps=("申请", "受理", "家庭经济状况调查核对", "公示", "审核确认"),
        days=(30, 20),
        channels=("window", "online", "mobile"),
        visits=1,
        modes=("proxy_home", "appointment_extended"),
        scope="district",
    ),
    ServiceSpec(
        "MZ-002",
        "特困人员救助供养",
        "benefit",
        "minzheng",
        legal_basis=("《社会救助暂行办法》", "《特困人员认定办法》"),
        conditions=(
            "无劳动能力、无生活来源",
            "无法定赡养、抚养、扶养义务人，或者其法定义务人无履行义务能力",
        ),
        materials=(
            ID_AND_HUKOU,
            DECLARATION,
            material(
                "生活自理能力评估材料",
                form="paper",
                condition="申请集中供养的",
                source="评估机构出具",
            ),
        ),
        steps=("申请", "受理", "调查核实", "公示", "审核确认"),
        days=(30, 20),
        channels=("window", "online"),
        visits=2,
        modes=("proxy_home",),
        scope="district",
    ),
    ServiceSpec(
        "MZ-003",
        "临时救助",
        "benefit",
        "minzheng",
        legal_basis=("《社会救助暂行办法》", "《国务院关于全面建立临时救助制度的通知》"),
        conditions=(
            "因突发事件、意外伤害、重大疾病等原因，基本生活暂时出现严重困难",
            "经其他社会救助后基本生活仍有严重困难",
        ),
        materials=(
            ID_CARD,
            material("临时救助申请书", form="paper", source="社区提供样表"),
            material("医疗费用票据、事故证明等困难情况材料", condition="有相关票据或证明的"),
        ),
        steps=("申请", "受理", "审核", "审批", "发放"),
        days=(15, 10),
        channels=("window", "online", "mobile"),
        visits=1,
        modes=("proxy_home", "self_service_fallback"),
        scope="district",
    ),
    ServiceSpec(
        "MZ-004",
        "高龄补贴",
        "benefit",
        "minzheng",
        legal_basis=("《中华人民共和国老年人权益保障法》",),
        conditions=("具有本区户籍", "年满80周岁"),
        materials=(
            material(
                "居民身份证（线上核验身份，无需提交）",
                form="electronic",
                source="线上实名认证和人脸识别",
            ),
            material("本人社会保障卡或银行账户信息", form="electronic", source="申请人线上填报"),
        ),
        steps=("线上申请", "受理", "审核", "公示", "发放"),
        days=(20, 10),
        channels=("window", "online", "mobile"),
        visits=0,
        modes=("online_post", "proxy_home"),
        scope="district",
    ),
    ServiceSpec(
        "MZ-005",
        "低收入人口认定",
        "confirmation",
        "minzheng",
        legal_basis=(
            "《社会救助暂行办法》",
            "《关于加强低收入人口动态监测做好分层分类社会救助工作的意见》",
        ),
        conditions=("家庭人均收入和财产状况符合当地低收入人口认定条件",),
        materials=(ID_AND_HUKOU, DECLARATION),
        steps=("申请", "受理", "经济状况核对", "公示", "认定"),
        days=(30, 20),
        channels=("window", "online", "mobile"),
        visits=1,
        modes=("proxy_home",),
        scope="district",
    ),
    ServiceSpec(
        "MZ-006",
        "残疾人两项补贴",
        "benefit",
        "minzheng",
        legal_basis=("《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》",),
        conditions=(
            "持有第二代中华人民共和国残疾人证",
            "生活补贴面向低保家庭中的残疾人，护理补贴面向一级、二级重度残疾人",
        ),
        materials=(
            ID_CARD,
            material("残疾人证", source="政务数据共享，可免提交"),
        ),
        steps=("申请", "受理", "审核", "审定", "发放"),
        days=(20, 15),
        channels=("window", "online", "mobile"),
        visits=0,
        modes=("online_post", "proxy_home"),
        scope="nationwide",
    ),
    ServiceSpec(
        "RS-001",
        "城乡居民基本养老保险参保",
        "public_service",
        "renshe",
        legal_basis=(
            "《中华人民共和国社会保险法》",
            "《国务院关于建立统一的城乡居民基本养老保险制度的意见》",
        ),
        conditions=("年满16周岁（不含在校学生）", "未参加职工基本养老保险"),
        materials=(
            ID_CARD,
            material("参保登记表", form="paper", condition="在窗口办理的", source="窗口提供"),
        ),
        steps=("申请", "受理", "登记"),
        channels=("window", "online", "mobile", "self_service_terminal"),
        visits=0,
        modes=("online_post", "self_service_fallback"),
        scope="province",
    ),
    ServiceSpec(
        "RS-002",
        "就业创业证申领",
        "public_service",
        "renshe",
        legal_basis=("《就业服务与就业管理规定》",),
        conditions=("法定劳动年龄内、有劳动能力的城乡劳动者",),
        materials=(ID_CARD,),
        steps=("申请", "受理", "核验", "发证"),
        channels=("window", "online", "mobile"),
        visits=0,
        modes=("online_post", "proxy_home"),
        scope="nationwide",
    ),
    ServiceSpec(
        "RS-003",
        "失业登记",
        "public_service",
        "renshe",
        legal_basis=("《中华人民共和国就业促进法》", "《就业服务与就业管理规定》"),
        conditions=("法定劳动年龄内、有劳动能力、有就业要求、处于无业状态",),
        materials=(ID_CARD,),
        steps=("申请", "受理", "登记"),
        channels=("window", "online", "mobile"),
        visits=0,
        modes=("online_post", "appointment_extended"),
        scope="nationwide",
    ),
    ServiceSpec(
        "RS-004",
        "灵活就业人员社保登记",
        "public_service",
        "renshe",
        legal_basis=("《中华人民共和国社会保险法》",),
        conditions=("无雇工的个体工商户、未在用人单位参保的非全日制从业人员及其他灵活就业人员",),
        materials=(ID_CARD,),
        steps=("申请", "受理", "登记"),
        channels=("window", "online", "mobile"),
        visits=0,
        modes=("online_post",),
        scope="province",
    ),
    ServiceSpec(
        "RS-005",
        "社会保障卡申领",
        "public_service",
        "renshe",
        legal_basis=("《中华人民共和国社会保险法》",),
        conditions=("在本地参加社会保险的人员",),
        materials=(
            ID_CARD,
            material("本人近期免冠照片", condition="照片库中没有可用照片的"),
        ),
        steps=("申请", "受理", "制卡", "发卡"),
        days=(20, 10),
        channels=("window", "online", "mobile", "post"),
        visits=1,
        modes=("appointment_extended", "online_post"),
        scope="nationwide",
    ),
    ServiceSpec(
        "RS-006",
        "社会保障卡补换",
        "public_service",
        "renshe",
        parent="RS-005",
        case="renew",
        legal_basis=("《中华人民共和国社会保险法》",),
        conditions=("社会保障卡遗失、损坏或有效期届满",),
        materials=(ID_CARD,),
        steps=("挂失并申请", "受理", "制卡", "邮寄或领取"),
        days=(10, 5),
        fee={"standard": "按省定补换卡工本费标准收取"},
        channels=("window", "online", "mobile", "post"),
        visits=0,
        modes=("online_post",),
        scope="nationwide",
    ),
    ServiceSpec(
        "RS-007",
        "养老资格认证",
        "public_service",
        "renshe",
        legal_basis=("《中华人民共和国社会保险法》",),
        conditions=("领取基本养老保险待遇的人员",),
        materials=(material("居民身份证", form="electronic", source="人脸识别核验，无需提交"),),
        steps=("登录认证平台", "人脸识别", "完成认证"),
        channels=("online", "mobile", "self_service_terminal", "window"),
        visits=0,
        modes=("proxy_home", "self_service_fallback"),
        scope="nationwide",
    ),
    ServiceSpec(
        "RS-008",
        "就业困难人员认定",
        "confirmation",
        "renshe",
        legal_basis=("《中华人民共和国就业促进法》",),
        conditions=("已办理失业登记", "属于当地规定的就业困难人员类别"),
        materials=(
            ID_CARD,
            material(
                "所属类别的证明材料",
                condition="政务数据共享无法核验的",
                source="相关部门出具",
            ),
        ),
        steps=("申请", "受理", "审核", "公示", "认定"),
        days=(20, 10),
        channels=("window", "online", "mobile"),
        visits=1,
        modes=("proxy_home", "appointment_extended"),
        scope="district",
    ),
    # 医保局
    ServiceSpec(
        "YB-001",
        "城乡居民基本医疗保险参保",
        "public_service",
        "yibao",
        legal_basis=(
            "《中华人民共和国社会保险法》",
            "《国务院关于整合城乡居民基本医疗保险制度的意见》",
        ),
        conditions=("未参加职工基本医疗保险的本地户籍居民或持居住证的常住居民",),
        materials=(
            material("居民身份证或户口簿"),
            material("居住证", condition="非本地户籍居民", source="政务数据共享"),
        ),
        steps=("申请", "受理", "登记"),
        channels=("window", "online", "mobile", "self_service_terminal"),
        visits=0,
        modes=("online_post", "self_service_fallback"),
        scope="province",
    ),
    ServiceSpec(
        "YB-002",
        "医疗救助",
        "benefit",
        "yibao",
        legal_basis=(
            "《社会救助暂行办法》",
            "《国务院办公厅关于健全重特大疾病医疗保险和救助制度的意见》",
        ),
        conditions=(
            "属于医疗救助对象",
            "医疗费用经基本医疗保险、大病保险等报销后个人负担仍然较重",
        ),
        materials=(
            ID_CARD,
            material("医疗费用票据和费用清单", form="paper", source="医疗机构出具"),
            material("出院记录或诊断证明", form="paper", source="医疗机构出具"),
        ),
        steps=("申请", "受理", "审核", "审批", "发放"),
        days=(20, 15),
        channels=("window", "online"),
        visits=1,
        modes=("proxy_home",),
        scope="district",
    ),
    ServiceSpec(
        "YB-003",
        "门诊慢特病待遇认定",
        "confirmation",
        "yibao",
        legal_basis=("《中华人民共和国社会保险法》",),
        conditions=("参加基本医疗保险", "所患疾病属于本地门诊慢特病病种范围"),
        materials=(
            material("居民身份证或社会保障卡"),
            material("病历、检查报告等病情证明材料", form="paper", source="医疗机构出具"),
        ),
        steps=("申请", "受理", "鉴定", "认定"),
        days=(20, 15),
        channels=("window", "online"),
        visits=2,
        modes=("proxy_home", "appointment_extended"),
        scope="city",
    ),
    # 卫健局
    ServiceSpec(
        "WJ-001",
        "生育登记",
        "public_service",
        "weijian",
        legal_basis=("《中华人民共和国人口与计划生育法》", "《四川省人口与计划生育条例》"),
        conditions=("夫妻一方户籍或现居住地在本省",),
        materials=(material("夫妻双方居民身份证", form="electronic", source="政务数据共享"),),
        steps=("在线申请", "信息核验", "登记"),
        channels=("online", "mobile", "window"),
        visits=0,
        modes=("online_post", "proxy_home"),
        scope="province",
    ),
    ServiceSpec(
        "WJ-002",
        "独生子女父母奖励",
        "award",
        "weijian",
        legal_basis=("《中华人民共和国人口与计划生育法》", "《四川省人口与计划生育条例》"),
        conditions=("符合国家和本省规定的独生子女父母奖励条件",),
        materials=(
            ID_AND_HUKOU,
            material(
                "独生子女父母光荣证或相关证明",
                form="paper",
                condition="计划生育信息系统中无记录的",
            ),
        ),
        steps=("申请", "受理", "审核", "公示", "发放"),
        days=(30, 20),
        channels=("window", "online", "mobile"),
        visits=0,
        modes=("online_post", "proxy_home"),
        scope="district",
    ),
    ServiceSpec(
        "WJ-003",
        "计划生育家庭特别扶助",
        "benefit",
        "weijian",
        legal_basis=("《中华人民共和国人口与计划生育法》",),
        conditions=("独生子女死亡或伤残，且未再生育或收养子女", "女方年满49周岁"),
        materials=(
            ID_AND_HUKOU,
            material("子女死亡或伤残的证明材料", form="paper", source="相关机构出具"),
        ),
        steps=("申请", "受理", "审核", "公示", "确认"),
        days=(30, 20),
        channels=("window", "online"),
        visits=1,
        modes=("proxy_home",),
        scope="district",
    ),
    ServiceSpec(
        "WJ-004",
        "孕产妇健康管理",
        "public_service",
        "weijian",
        legal_basis=("《国家基本公共卫生服务规范（第三版）》",),
        conditions=("辖区内常住的孕产妇",),
        materials=(ID_CARD,),
        steps=("建立母子健康手册", "孕期健康管理", "产后访视"),
        channels=("window", "mobile"),
        visits=1,
        modes=("appointment_extended", "proxy_home"),
        scope="district",
    ),
    ServiceSpec(
        "WJ-005",
        "0-6岁儿童健康管理",
        "public_service",
        "weijian",
        legal_basis=("《国家基本公共卫生服务规范（第三版）》",),
        conditions=("辖区内常住的0-6岁儿童",),
        materials=(
            material("母子健康手册", form="paper"),
            material("预防接种证", form="paper", condition="已开始预防接种的"),
        ),
        steps=("新生儿家庭访视", "建立健康档案", "定期健康检查"),
        channels=("window", "mobile"),
        visits=1,
        modes=("appointment_extended", "proxy_home"),
        scope="district",
    ),
    ServiceSpec(
        "WJ-006",
        "80岁以上高龄老人体检",
        "public_service",
        "weijian",
        legal_basis=("《国家基本公共卫生服务规范（第三版）》",),
        conditions=("辖区内常住的80周岁以上老年人",),
        materials=(ID_CARD,),
        steps=("预约", "体检", "反馈结果"),
        channels=("window", "mobile"),
        visits=1,
        modes=("appointment_extended", "proxy_home"),
        scope="district",
    ),
    ServiceSpec(
        "WJ-007",
        "老年人优待证",
        "public_service",
        "weijian",
        legal_basis=("《中华人民共和国老年人权益保障法》",),
        conditions=("年满60周岁的本省户籍老年人或在本省居住的老年人",),
        materials=(
            ID_CARD,
            material("本人近期免冠照片", form="electronic", source="申请人线上上传"),
        ),
        steps=("申请", "受理", "制证", "邮寄或领取"),
        days=(10, 5),
        channels=("window", "online", "mobile", "post"),
        visits=0,
        modes=("online_post", "proxy_home"),
        scope="province",
    ),
    ServiceSpec(
        "WJ-008",
        "家庭医生签约服务",
        "public_service",
        "weijian",
        legal_basis=("《中华人民共和国基本医疗卫生与健康促进法》",),
        conditions=("辖区内常住居民，自愿签约",),
        materials=(ID_CARD,),
        steps=("选择签约团队", "签订服务协议", "提供签约服务"),
        channels=("window", "mobile"),
        visits=0,
        modes=("proxy_home",),
        scope="district",
    ),
    # 残联
    ServiceSpec(
        "CL-001",
        "残疾人证",
        "public_service",
        "canlian",
        legal_basis=("《中华人民共和国残疾人保障法》",),
        conditions=("本区户籍居民，残疾状况符合残疾评定标准",),
        materials=(
            ID_AND_HUKOU,
            material("本人近期免冠照片", form="paper", copies=3),
            material("既往病历或检查报告", form="paper", condition="有既往病历或检查报告的"),
        ),
        steps=("申请", "受理", "残疾评定", "审核", "发证"),
        days=(30, 20),
        channels=("window", "online", "mobile"),
        visits=2,
        modes=("proxy_home", "appointment_extended"),
        scope="district",
    ),
    ServiceSpec(
        "CL-002",
        "残疾人证换领",
        "public_service",
        "canlian",
        parent="CL-001",
        case="renew",
        legal_basis=("《中华人民共和国残疾人保障法》",),
        conditions=("残疾人证有效期届满或损毁",),
        materials=(ID_CARD, material("原残疾人证", form="paper")),
        steps=("申请", "受理", "审核", "发证"),
        days=(15, 10),
        channels=("window", "online", "mobile", "post"),
        visits=1,
        modes=("online_post", "proxy_home"),
        scope="nationwide",
    ),
    ServiceSpec(
        "CL-003",
        "残疾人证迁移",
        "public_service",
        "canlian",
        parent="CL-001",
        case="change",
        legal_basis=("《中华人民共和国残疾人保障法》",),
        conditions=("持证残疾人户籍迁移",),
        materials=(ID_AND_HUKOU, material("原残疾人证", form="paper")),
        steps=("申请", "受理", "迁移审核", "办结"),
        days=(15, 10),
        channels=("window", "online"),
        visits=1,
        modes=("online_post",),
        scope="nationwide",
    ),
    ServiceSpec(
        "CL-004",
        "残疾人辅助器具申请",
        "public_service",
        "canlian",
        legal_basis=("《中华人民共和国残疾人保障法》",),
        conditions=("持有残疾人证，经评估需要适配辅助器具",),
        materials=(ID_CARD, material("残疾人证", source="政务数据共享，可免提交")),
        steps=("申请", "需求评估", "审核", "适配", "回访"),
        days=(30, 20),
        channels=("window", "mobile"),
        visits=2,
        modes=("proxy_home", "appointment_extended"),
        scope="district",
    ),
    # 住建局
    ServiceSpec(
        "ZJ-001",
        "公租房申请",
        "confirmation",
        "zhujian",
        legal_basis=("《公共租赁住房管理办法》",),
        conditions=(
            "在本地无住房或者住房面积低于规定标准",
            "收入、财产低于规定标准",
            "外来务工人员在本地稳定就业达到规定年限",
        ),
        materials=(
            ID_AND_HUKOU,
            material("公共租赁住房申请表", form="paper", source="窗口提供"),
            material("收入和住房情况证明或承诺", source="相关单位出具或申请人承诺"),
        ),
        steps=("申请", "受理", "审核", "公示", "轮候配租"),
        days=(30, 20),
        channels=("window", "online", "mobile"),
        visits=2,
        modes=("proxy_home", "appointment_extended"),
        scope="district",
    ),
    # 公安分局
    ServiceSpec(
        "GA-001",
        "居住证",
        "public_service",
        "gongan",
        legal_basis=("《居住证暂行条例》",),
        conditions=(
            "离开常住户口所在地，到本地居住半年以上",
            "有合法稳定就业、合法稳定住所、连续就读条件之一",
        ),
        materials=(
            ID_CARD,
            material("房屋租赁合同或房屋产权证明"),
            material("就业或就读证明", condition="以就业或就读条件申领的"),
        ),
        steps=("居住登记", "申请", "受理", "制证", "发证"),
        days=(15, 7),
        channels=("window", "online", "mobile"),
        visits=1,
        modes=("appointment_extended", "online_post"),
        scope="province",
    ),
    # 居民身份证法 Art. 12: issued within 60 days (六十日, calendar days) of the application;
    # Art. 20 and the national fee standard: ¥20 for a first application or a renewal on expiry
    # (waived for residents on 低保), ¥40 for a replacement of a lost card (补领), not waived.
    ServiceSpec(
        "GA-002",
        "居民身份证申领",
        "confirmation",
        "gongan",
        legal_basis=("《中华人民共和国居民身份证法》",),
        conditions=("首次申领或有效期满换领居民身份证的中国公民",),
        materials=(
            material("户口簿", form="paper", condition="首次申领的"),
            material("原居民身份证", form="paper", condition="有效期满换领的"),
        ),
        steps=("受理", "采集信息", "审核", "制证", "领取或邮寄"),
        days=(60, 15),
        day_units=("calendar", "working"),
        on_site_reason="本人到场采集人像和指纹信息",
        fee={
            "amount": "20",
            "basis": "《中华人民共和国居民身份证法》第二十条；居民身份证工本费标准",
            "waivable": True,
        },
        channels=("window", "post"),
        visits=1,
        modes=("appointment_extended", "proxy_home", "online_post"),
        scope="nationwide",
    ),
    ServiceSpec(
        "GA-004",
        "居民身份证补领",
        "confirmation",
        "gongan",
        parent="GA-002",
        case="replace",
        legal_basis=("《中华人民共和国居民身份证法》",),
        conditions=("居民身份证丢失需要补领的中国公民",),
        materials=(material("户口簿", form="paper"),),
        steps=("受理", "采集信息", "审核", "制证", "领取或邮寄"),
        days=(60, 15),
        day_units=("calendar", "working"),
        on_site_reason="本人到场采集人像和指纹信息",
        fee={
            "amount": "40",
            "basis": "《中华人民共和国居民身份证法》第二十条；居民身份证工本费标准",
        },
        channels=("window", "post"),
        visits=1,
        modes=("appointment_extended", "online_post"),
        scope="nationwide",
    ),
    ServiceSpec(
        "GA-003",
        "户籍证明",
        "public_service",
        "gongan",
        legal_basis=("《中华人民共和国户口登记条例》",),
        conditions=("需要证明户籍信息的本人或其委托人",),
        materials=(ID_CARD,),
        steps=("申请", "核验", "出具"),
        channels=("online", "mobile", "window"),
        visits=0,
        modes=("online_post",),
        scope="nationwide",
    ),
    # 退役军人事务局
    ServiceSpec(
        "TY-001",
        "优抚对象抚恤补助",
        "benefit",
        "tuiyijunren",
        legal_basis=("《军人抚恤优待条例》", "《中华人民共和国退役军人保障法》"),
        conditions=("经认定的优抚对象",),
        materials=(
            ID_CARD,
            material("优抚对象身份证明", source="退役军人事务部门档案"),
        ),
        steps=("申请", "受理", "审核", "审批", "发放"),
        days=(30, 20),
        channels=("window", "online"),
        visits=1,
        modes=("proxy_home",),
        scope="district",
    ),
    ServiceSpec(
        "TY-002",
        "退役军人优待证",
        "public_service",
        "tuiyijunren",
        legal_basis=("《中华人民共和国退役军人保障法》",),
        conditions=("退役军人和其他符合条件的优抚对象",),
        materials=(
            ID_CARD,
            material("退役证件"),
            material("本人近期免冠照片", form="electronic"),
        ),
        steps=("申请", "信息采集", "审核", "制证", "发放"),
        days=(30, 20),
        channels=("window", "online", "mobile"),
        visits=1,
        modes=("proxy_home", "appointment_extended"),
        scope="province",
    ),
    ServiceSpec(
        "TY-003",
        "义务兵家庭优待金",
        "benefit",
        "tuiyijunren",
        legal_basis=("《军人抚恤优待条例》",),
        conditions=("义务兵入伍前户籍在本区",),
        materials=(ID_AND_HUKOU, material("入伍通知书", source="兵役机关出具")),
        steps=("申请", "受理", "审核", "发放"),
        days=(20, 15),
        channels=("window", "online", "mobile"),
        visits=1,
        modes=("proxy_home", "online_post"),
        scope="district",
    ),
    # 教育局
    ServiceSpec(
        "JY-001",
        "入学证明",
        "public_service",
        "jiaoyu",
        legal_basis=("《中华人民共和国义务教育法》",),
        conditions=("适龄儿童少年申请在本区接受义务教育",),
        materials=(
            material("户口簿或居住证"),
            material("房屋产权证明或租赁合同"),
        ),
        steps=("申请", "受理", "审核", "出具"),
        days=(5, 3),
        channels=("window", "online", "mobile"),
        visits=1,
        modes=("appointment_extended", "proxy_home"),
        scope="district",
    ),
    # 市场监管局
    ServiceSpec(
        "SJ-001",
        "个体工商户登记代办",
        "licence",
        "shijian",
        legal_basis=("《市场主体登记管理条例》", "《促进个体工商户发展条例》"),
        conditions=("有经营能力的公民", "经营场所符合规定"),
        materials=(
            material("经营者居民身份证"),
            material("经营场所使用证明", source="申请人自备或承诺"),
        ),
        steps=("申请", "受理", "审核", "发照"),
        channels=("window", "online", "mobile"),
        visits=0,
        modes=("online_post", "proxy_home"),
        scope="city",
    ),
    # 司法局
    ServiceSpec(
        "SF-001",
        "法律援助申请",
        "other_power",
        "sifa",
        legal_basis=("《中华人民共和国法律援助法》",),
        conditions=(
            "经济困难，或属于法律规定免予核查经济状况的情形",
            "申请事项属于法律援助范围",
        ),
        materials=(
            ID_CARD,
            material("经济困难状况说明表", form="paper", source="申请人填写并承诺"),
            material("与申请事项有关的材料"),
        ),
        steps=("申请", "受理", "审查", "决定", "指派"),
        days=(7, 5),
        channels=("window", "online", "mobile"),
        visits=1,
        modes=("proxy_home", "appointment_extended"),
        scope="city",
    ),
    ServiceSpec(
        "SF-002",
        "人民调解",
        "public_service",
        "sifa",
        legal_basis=("《中华人民共和国人民调解法》",),
        conditions=("民间纠纷当事人自愿申请调解",),
        materials=(
            material("当事人居民身份证"),
            material("与纠纷有关的书面材料", condition="有书面证据的"),
        ),
        steps=("申请", "受理", "调解", "达成协议", "回访"),
        days=(30, 15),
        channels=("window", "mobile"),
        visits=2,
        modes=("appointment_extended", "proxy_home"),
        applicants=("natural_person", "legal_person"),
        scope="none",
    ),
    # 税务局
    ServiceSpec(
        "SW-001",
        "城乡居民社会保险费缴纳",
        "public_service",
        "shuiwu",
        legal_basis=("《中华人民共和国社会保险法》",),
        conditions=("已参加城乡居民基本养老保险或基本医疗保险",),
        materials=(material("居民身份证或社会保障卡", form="electronic"),),
        steps=("选择险种和档次", "缴费", "获取电子票据"),
        channels=("online", "mobile", "self_service_terminal", "window"),
        visits=0,
        modes=("online_post", "self_service_fallback"),
        scope="province",
    ),
    # 总工会
    ServiceSpec(
        "GH-001",
        "困难职工帮扶",
        "public_service",
        "zonggonghui",
        legal_basis=("《中华人民共和国工会法》",),
        conditions=("本区工会会员", "家庭生活困难，符合困难职工认定标准"),
        materials=(
            ID_CARD,
            material("困难职工帮扶申请表", form="paper", source="基层工会提供"),
            material("收入和困难情况证明", source="相关单位出具"),
        ),
        steps=("申请", "基层工会审核", "入户核实", "公示", "帮扶"),
        days=(30, 20),
        channels=("window", "online"),
        visits=1,
        modes=("proxy_home",),
        scope="district",
    ),
    # 西城街道办事处
    ServiceSpec(
        "XC-001",
        "住房公积金提取咨询",
        "public_service",
        "xicheng-office",
        legal_basis=("《住房公积金管理条例》",),
        conditions=("住房公积金缴存职工或其委托人",),
        materials=(ID_CARD,),
        steps=("咨询", "政策解答", "转办"),
        channels=("window", "online", "mobile"),
        visits=0,
        modes=("online_post", "appointment_extended"),
        applicants=("natural_person", "legal_person"),
        scope="city",
    ),
)

CENTRE_ID = "xiaobeijie-centre"
#: The centre is described as the district's 2020 reports describe it.
CENTRE_AS_OF = "2020-12-31"
WEEKDAYS = [1, 2, 3, 4, 5]
#: Opening hours: two regular weekday slots, the weekday evening (延时) and Saturday morning by
#: appointment (预约).
MORNING = {"days": WEEKDAYS, "start": "08:30", "end": "12:00"}
AFTERNOON = {"days": WEEKDAYS, "start": "14:00", "end": "17:30"}
EVENING = {"days": WEEKDAYS, "start": "17:30", "end": "19:30", "kind": "extended"}
SATURDAY = {"days": [6], "start": "09:00", "end": "12:00", "kind": "appointment"}
#: The proxy windows (DOMAIN section 2: three) and the departments whose items each takes;
#: 代办窗口三 takes every item the first two do not ("all_routine").
PROXY_WINDOWS: tuple[tuple[str, str, tuple[str, ...] | None, bool], ...] = (
    ("daiban-1", "代办窗口一", ("minzheng", "canlian", "tuiyijunren", "zonggonghui"), True),
    ("daiban-2", "代办窗口二", ("renshe", "yibao", "weijian", "shuiwu"), False),
    ("daiban-3", "代办窗口三", None, False),
)


def departments() -> list[dict[str, object]]:
    """Return the department records."""
    return [{"id": d, "name": name, "short_name": short} for d, name, short, _ in DEPARTMENTS]


def centres() -> list[dict[str, object]]:
    """Return 小北街社区's centre: every item, three proxy windows and the fallback window."""
    windows: list[dict[str, object]] = []
    for wid, name, taken, evening in PROXY_WINDOWS:
        window: dict[str, object] = {"id": wid, "name": name, "kind": "proxy"}
        if taken is None:
            window["all_routine"] = True
        else:
            window["items"] = [s.id for s in SERVICES if s.department in taken]
        window["hours"] = [MORNING, AFTERNOON, *([EVENING] if evening else []), SATURDAY]
        windows.append(window)
    # A 2020 centre's fallback window is a 兜底窗口: the "办不成事"反映窗口 name came with
    # 国发〔2022〕5号.
    windows.append(
        {
            "id": "doudi",
            "name": "兜底窗口",
            "kind": "fallback",
            "hours": [MORNING, AFTERNOON, EVENING, SATURDAY],
        }
    )
    return [
        {
            "id": CENTRE_ID,
            "name": "小北街社区党群服务中心",
            "unit": "xiaobeijie",
            "items": [s.id for s in SERVICES],
            "windows": windows,
            "modes": list(MODES),
            "as_of": CENTRE_AS_OF,
            "floor_area": "650",
            "platform_users": 2150,
        }
    ]


#: Illustrative walking times in minutes between the centre and the compounds of 西城街道,
#: only ever between the centre and compounds. 小北街's and 大北街's compounds and the nearest of
#: 荷叶街 and 西圣寺 are within 10 minutes; most others 12–25 minutes; 来凤, 文凤 and 红旗路's
#: second grid lie beyond; 石岭 and 巴凤 (across the river) are linked to each other only.
WALKING_TIMES: tuple[tuple[str, str, float], ...] = (
    (CENTRE_ID, "xiaobeijie-g1-c1", 3),
    (CENTRE_ID, "xiaobeijie-g1-c2", 5.5),
    ("xiaobeijie-g1-c1", "xiaobeijie-g1-c2", 4),
    (CENTRE_ID, "dabeijie-g1-c1", 7),
    ("xiaobeijie-g1-c2", "dabeijie-g1-c2", 4),
    (CENTRE_ID, "dabeijie-g1-c2", 11),
    ("dabeijie-g1-c1", "dabeijie-g1-c2", 5),
    (CENTRE_ID, "yongfengjie-g1-c1", 8.5),
    ("xiaobeijie-g1-c1", "heyejie-g1-c1", 6),
    ("yongfengjie-g1-c1", "heyejie-g1-c1", 7),
    ("heyejie-g1-c1", "heyejie-g1-c2", 4),
    ("heyejie-g1-c2", "heyejie-g1-c3", 3.5),
    ("yongfengjie-g1-c1", "yongfengjie-g1-c2", 5),
    ("dabeijie-g1-c1", "pailou-g1-c1", 8),
    ("pailou-g1-c1", "pailou-g1-c2", 4.5),
    ("dabeijie-g1-c2", "xishengsi-g1-c1", 9),
    ("xishengsi-g1-c1", "xishengsi-g1-c2", 5),
    ("yongfengjie-g1-c2", "hongqilu-g1-c1", 7),
    ("hongqilu-g1-c1", "hongqilu-g1-c2", 4),
    ("hongqilu-g1-c2", "hongqilu-g2-c1", 6),
    ("pailou-g1-c2", "wenfeng-g1-c1", 10),
    ("heyejie-g1-c3", "laifeng-g1-c1", 11),
    ("laifeng-g1-c1", "laifeng-g1-c2", 4),
    ("laifeng-g1-c2", "laifeng-g1-c3", 5),
    ("shiling-g1-c1", "bafeng-g1-c1", 9),
)


def walking_times() -> list[dict[str, object]]:
    """Return the walking-time edges; whole minutes are written as ints."""
    return [{"a": a, "b": b, "minutes": int(m) if m == int(m) else m} for a, b, m in WALKING_TIMES]


def walking_minutes(source: str) -> dict[str, float]:
    """Return the shortest walking time from ``source`` to every node it reaches (Dijkstra)."""
    graph: dict[str, list[tuple[str, float]]] = {}
    for a, b, m in WALKING_TIMES:
        graph.setdefault(a, []).append((b, m))
        graph.setdefault(b, []).append((a, m))
    best = {source: 0.0}
    queue = [(0.0, source)]
    while queue:
        dist, node = heapq.heappop(queue)
        if dist > best[node]:
            continue
        for other, m in graph.get(node, []):
            if dist + m < best.get(other, float("inf")):
                best[other] = dist + m
                heapq.heappush(queue, (dist + m, other))
    return best


def check_services(
    units: list[dict[str, object]],
    depts: list[dict[str, object]],
    items: list[dict[str, object]],
    found: list[dict[str, object]],
) -> None:
    """Fail loudly if the items, centre or walking times break a rule of jiceng or a stated fact."""
    by_id = {str(u["id"]): u for u in units}
    dept_ids = [str(d["id"]) for d in depts]
    item_ids = [str(i["id"]) for i in items]
    names = [str(i["name"]) for i in items]
    if len(dept_ids) != 14 or len(set(dept_ids)) != 14 or not all(d.isascii() for d in dept_ids):
        raise AssertionError(f"departments {dept_ids}")
    if len(item_ids) != N_SERVICES or len(set(item_ids)) != N_SERVICES:
        raise AssertionError("not 44 distinct item ids")
    if len(set(names)) != N_SERVICES or not set(REQUIRED_SERVICES) <= set(names):
        raise AssertionError("item names repeat, or a required name is missing")
    for i in items:
        iid, visits, channels = i["id"], int(str(i["visits"])), set(i["channels"])
        if i["department"] not in dept_ids or i["type"] not in ITEM_TYPES:
            raise AssertionError(f"{iid}: department or type")
        if "parent" in i and i["parent"] not in item_ids:
            raise AssertionError(f"{iid}: unknown parent")
        if not channels or not channels <= set(CHANNELS) or not set(i["modes"]) <= set(MODES):
            raise AssertionError(f"{iid}: channels or modes")
        if not 1 <= len(i["modes"]) <= 3 or i["scope"] not in SCOPES:
            raise AssertionError(f"{iid}: modes or scope")
        if not 1 <= len(i["legal_basis"]) <= 2 or not 1 <= len(i["conditions"]) <= 3:
            raise AssertionError(f"{iid}: legal basis or conditions")
        if not 1 <= len(i["materials"]) <= 4 or not 3 <= len(i["steps"]) <= 5:
            raise AssertionError(f"{iid}: materials or steps")
        if visits not in (0, 1, 2) or (visits == 0 and not channels & REMOTE_CHANNELS):
            raise AssertionError(f"{iid}: {visits} visits over {sorted(channels)}")
        if i.get("instant"):
            if "statutory_days" in i or "promised_days" in i:
                raise AssertionError(f"{iid}: an instant case with time limits")
        elif not 0 < int(str(i["promised_days"])) <= int(str(i["statutory_days"])):
            raise AssertionError(f"{iid}: time limits out of order")
    zero = sum(i["visits"] == 0 for i in items)
    at_most_one = sum(int(str(i["visits"])) <= 1 for i in items)
    if not 0.35 <= zero / N_SERVICES <= 0.45 or not 0.8 <= at_most_one / N_SERVICES <= 0.9:
        raise AssertionError(f"{zero} items need no visit, {at_most_one} at most one")
    gaoling = items[names.index("高龄补贴")]
    if gaoling["visits"] != 0 or set(gaoling["modes"]) != {"online_post", "proxy_home"}:
        raise AssertionError("高龄补贴 is not handled online")
    if not 2 <= sum("parent" in i for i in items) <= 4:
        raise AssertionError("not 2–4 sub-items")
    card, lost = items[names.index("居民身份证申领")], items[names.index("居民身份证补领")]
    fees = (card["fee"]["amount"], lost["fee"]["amount"], lost["case"])  # type: ignore[index]
    if fees != ("20", "40", "replace") or card.get("statutory_unit") != "calendar":
        raise AssertionError("the identity card's fees, cases or time limit")
    for i in items:
        if "on_site_reason" in i and i["visits"] == 0:
            raise AssertionError(f"{i['id']}: a reason for a visit it does not need")

    (centre,) = found
    if centre["items"] != item_ids or by_id[str(centre["unit"])]["level"] != "community":
        raise AssertionError("the centre does not offer every item, or serves no community")
    windows = centre["windows"]
    if centre["modes"] != list(MODES) or any("办不成事" in w["name"] for w in windows):
        raise AssertionError("the 2020 centre's modes, or its fallback window's 2022 name")
    kinds = Counter(w["kind"] for w in windows)
    if kinds != Counter({"proxy": 3, "fallback": 1}):
        raise AssertionError(f"windows {dict(kinds)}")
    for iid in item_ids:
        if not any(
            w["kind"] == "proxy" and (w.get("all_routine") or iid in w.get("items", []))
            for w in windows
        ):
            raise AssertionError(f"no proxy window takes {iid}")

    nodes = {n for a, b, _ in WALKING_TIMES for n in (a, b)}
    for node in nodes - {CENTRE_ID}:
        if node not in by_id or by_id[node]["level"] != "compound":
            raise AssertionError(f"walking node {node} is not a compound")
    xicheng = [
        uid
        for uid, u in by_id.items()
        if u["level"] == "compound"
        and by_id[str(by_id[str(u["parent"])]["parent"])]["parent"] == "xicheng"
    ]
    minutes = walking_minutes(CENTRE_ID)
    within = [c for c in xicheng if minutes.get(c, 99) <= 10]
    middle = [c for c in xicheng if 12 <= minutes.get(c, 99) <= 25]
    unreached = [c for c in xicheng if c not in minutes]
    if not {"xiaobeijie-g1-c1", "xiaobeijie-g1-c2"} <= set(within) or len(within) == len(xicheng):
        raise AssertionError(f"the 10-minute circle reaches {within}")
    if len(middle) < 3 or not 1 <= len(unreached) <= 2 or set(xicheng) - nodes != set():
        raise AssertionError(f"12–25 minutes: {middle}; no path: {unreached}")


def render() -> str:
    """Generate the complete file text."""
    rng = random.Random(SEED)
    streets = build_streets(rng)
    fill_compounds(rng, streets)
    size_communities(streets)
    draw_party_members(streets)
    recodes = mark_history(streets)
    units = records(streets)
    check_counts(units)
    renovations = projects(streets)
    check_projects(units, renovations)
    workers = staff()
    check_workers(units, workers)
    depts = departments()
    items = [s.record() for s in SERVICES]
    offices = centres()
    check_services(units, depts, items, offices)
    document = {
        "format": "jiceng/1",
        "name": "通川区 (达州市) example district",
        "description": DESCRIPTION.format(organisations=organisations(units)),
        "units": units,
        "renovation_policy": RENOVATION_POLICY,
        "projects": renovations,
        "pay_schemes": PAY_SCHEMES,
        "workers": [w.record() for w in workers],
        "departments": depts,
        "services": items,
        "centres": offices,
        "walking_times": walking_times(),
        "changes": changes(units, recodes),
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT, help="file to write")
    parser.add_argument(
        "--check", action="store_true", help="only check that the file is up to date"
    )
    args = parser.parse_args(argv)
    text = render()
    output: Path = args.output
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else None
        if current != text:
            print(f"{output} is out of date: run scripts/make_tongchuan.py", file=sys.stderr)
            return 1
        print(f"{output} is up to date")
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
