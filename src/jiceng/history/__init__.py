"""Hierarchies over time: the differences between two snapshots (:func:`diff`).

Examples
--------
>>> from jiceng.examples import mafangba
>>> from jiceng.history import diff
>>> len(diff(mafangba(), mafangba()))
0
"""

from jiceng.history.diff import HierarchyDiff, InferredChange, Match, UnitChange, diff

__all__ = ["HierarchyDiff", "InferredChange", "Match", "UnitChange", "diff"]
