"""Bundled example datasets.

Examples
--------
>>> from jiceng import examples
>>> district = examples.tongchuan()
>>> [unit.name for unit in district.hierarchy.roots()]
['东城街道', '西城街道', '朝阳街道', '凤西街道', '凤北街道']
"""

from __future__ import annotations

from importlib import resources

from jiceng.dataset import Dataset
from jiceng.divisions.tables import _read_trusted
from jiceng.hierarchy import Hierarchy
from jiceng.hierarchy import _example as example_hierarchy
from jiceng.io import load

__all__ = ["china", "mafangba", "tongchuan", "tongchuan_path"]


def china() -> Hierarchy:
    """Return the national division tree of 2023 (统计用区划代码, as of 2023-06-30).

    31 provinces, 342 prefectures, 2,978 counties, 41,352 townships and 620,573 village-level
    units on :data:`~jiceng.divisions.ADMINISTRATIVE`, read from the bundled
    ``jiceng/data/china-2023.csv.xz`` on each call (about two seconds; nothing is loaded when
    ``jiceng`` is imported). Keep the result if you need it twice. The units are those
    :func:`jiceng.divisions.read` gives for the file; as the file is the package's own, checked
    row by row when it was made (and by the tests), its rows are not validated again.

    Examples
    --------
    >>> h = china()
    >>> [unit.name for unit in h.children("511702000000")][:5]
    ['东城街道', '西城街道', '朝阳街道', '凤西街道', '凤北街道']
    """
    with resources.as_file(resources.files("jiceng") / "data" / "china-2023.csv.xz") as path:
        return _read_trusted(path)


def mafangba() -> Hierarchy:
    """Return a six-unit excerpt around 马房坝社区, the small hierarchy of the API examples.

    ::

        朝阳街道 cy (street)
        └── 马房坝社区 mfb (community)
            ├── 秋棠片区 qt (grid)
            │   └── 春兰小区 cl (compound, 241 households)
            │       └── 1栋 cl-1 (building, 48 households)
            └── 永泰片区 yt (grid)

    The recorded households of 春兰小区 win over its one building's 48. Each call builds a new
    hierarchy, so examples may edit it.

    Examples
    --------
    >>> h = mafangba()
    >>> len(h), h.total("mfb", "households"), h.total("yt", "households")
    (6, 241, None)
    """
    return example_hierarchy()


def tongchuan_path() -> str:
    """Return the path of the bundled 通川区 dataset file (``jiceng/data/tongchuan.json``).

    Examples
    --------
    >>> tongchuan_path().endswith("tongchuan.json")
    True
    """
    return str(resources.files("jiceng") / "data" / "tongchuan.json")


def tongchuan() -> Dataset:
    """Return the example district 达州市通川区 (Tongchuan, Dazhou, Sichuan) as a dataset.

    The 5 subdistricts and 63 village-level units (62 communities and 龙家庙村) of the 2023 national
    division table, with their names and 12-digit codes; the district itself (511702000000) is
    not a unit. Below them, 70 grids, 175 compounds and 480 buildings, as many as the district's
    2020 reports count 片区党总支, 小区党支部 and 楼栋党小组, whose real names and figures
    (御景上城小区, 春兰小区, 新锦苑, 小北街社区, …) are kept; the rest is plausible filler, as the
    dataset's ``description`` says. Communities hold 2,000–4,000 households with a few just
    outside (马房坝社区, over 50,000 residents, the exception), and every recorded figure is the
    sum of those below it but 马房坝's official population. Each organisation is a 党委, 党总支 or
    党支部 by its members, but for a few approved exceptions (``attributes["approved_exception"]``);
    some compounds are led by a joint or regional organisation and some buildings have no group
    (``org_status``). Each call loads a fresh copy.

    Examples
    --------
    >>> district = tongchuan()
    >>> h = district.hierarchy
    >>> compound = h.find("御景上城小区")[0]
    >>> h.total(compound, "households"), len(h.children(compound))
    (2235, 12)
    >>> community = h[h.find("团包梁社区")[0]]
    >>> community.code, h.parent(community).name, h.parent(community).code
    ('511702003001', '朝阳街道', '511702003000')
    >>> [len(h.children(street)) for street in h.roots()]
    [15, 11, 17, 12, 8]
    >>> village = h[h.find("龙家庙村")[0]]
    >>> village.level, village.code, h.org_kind(village).zh  # 23 party members: a 党支部
    ('community', '511702004200', '党支部')
    """
    return load(tongchuan_path())
