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
from jiceng.io import load

__all__ = ["tongchuan", "tongchuan_path"]


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

    Five streets, 63 communities, 70 grid general branches, 175 compound branches and 480
    building groups, after the district's 2020 reports. The real names and figures (御景上城小区,
    春兰小区, 新锦苑, 小北街社区, …) are kept; the rest is plausible filler, as the dataset's
    ``description`` says. Each call loads a fresh copy.

    Examples
    --------
    >>> district = tongchuan()
    >>> h = district.hierarchy
    >>> compound = h.find("御景上城小区")[0]
    >>> h.total(compound, "households"), len(h.children(compound))
    (2235, 12)
    >>> h.parent(h.find("团包梁社区")[0]).name
    '朝阳街道'
    """
    return load(tongchuan_path())
