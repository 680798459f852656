"""Pairing the units of two hierarchies, and the facts a diff derives from the pairing.

Private to :mod:`jiceng.history.differences`. Every function here is a loop over units in hierarchy
order (no recursion); the trees are given as ``kids`` mappings (parent id, ``None`` for the
roots, to the children's ids in sibling order), built once per hierarchy by :func:`tree`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from jiceng.units import OrgUnit

__all__ = ["Tree", "drops", "infer", "pair_by_code", "pair_by_id", "pair_by_name", "tree"]

Kids = dict[str | None, list[str]]


class Tree:
    """One hierarchy's units by id, their positions in hierarchy order and their children.

    >>> t = Tree([OrgUnit(id="s", name="街道", level="street"),
    ...           OrgUnit(id="c", name="社区", level="community", parent="s")])
    >>> t.kids[None], t.kids["s"], t.pos["c"]
    (['s'], ['c'], 1)
    """

    __slots__ = ("by_id", "kids", "order", "pos")

    def __init__(self, units: Iterable[OrgUnit]) -> None:
        self.order: list[OrgUnit] = list(units)
        ids = [unit.id for unit in self.order]
        self.by_id: dict[str, OrgUnit] = dict(zip(ids, self.order, strict=True))
        self.pos: dict[str, int] = dict(zip(ids, range(len(ids)), strict=True))
        self.kids: Kids = {}
        kids = self.kids
        for uid, parent in zip(ids, [unit.parent for unit in self.order], strict=True):
            below = kids.get(parent)
            if below is None:
                kids[parent] = [uid]
            else:
                below.append(uid)


def tree(units: Iterable[OrgUnit]) -> Tree:
    """Return the :class:`Tree` of ``units`` (given in hierarchy order).

    >>> len(tree([]).order)
    0
    """
    return Tree(units)


def pair_by_id(old: Tree, new: Tree) -> dict[str, str]:
    """Pair units with the same id: old id → new id.

    >>> a = tree([OrgUnit(id="s", name="街道", level="street")])
    >>> pair_by_id(a, a)
    {'s': 's'}
    """
    common = old.by_id.keys() & new.by_id.keys()
    return dict(zip(common, common, strict=True))


def _unique_codes(t: Tree) -> dict[str, str]:
    seen: dict[str, str] = {}
    twice: set[str] = set()
    for unit in t.order:
        code = unit.code
        if code is not None:
            if code in seen:
                twice.add(code)
            seen[code] = unit.id
    for code in twice:
        del seen[code]
    return seen


def pair_by_code(old: Tree, new: Tree) -> dict[str, str]:
    """Pair units by division code; the rest (no code, or a code on one side only) by id.

    A code given to two units of one side pairs neither by code.

    >>> a = tree([OrgUnit(id="a", name="街道", level="street", code="511702001000")])
    >>> b = tree([OrgUnit(id="b", name="街道", level="street", code="511702001000"),
    ...           OrgUnit(id="a", name="别的", level="street")])
    >>> pair_by_code(a, b)
    {'a': 'b'}
    """
    new_codes = _unique_codes(new)
    pairs: dict[str, str] = {}
    for code, old_id in _unique_codes(old).items():
        new_id = new_codes.get(code)
        if new_id is not None:
            pairs[old_id] = new_id
    taken = set(pairs.values())
    present = new.by_id
    for unit in old.order:
        uid = unit.id
        if uid not in pairs and uid in present and uid not in taken:
            pairs[uid] = uid
            taken.add(uid)
    return pairs


def pair_by_name(old: Tree, new: Tree) -> dict[str, str]:
    """Pair top-down: roots by name and level, then children by name under paired parents.

    Among siblings (or roots) with the same name, the first in ``old`` pairs with the first in
    ``new``, the second with the second, and so on.

    >>> a = tree([OrgUnit(id="s", name="街道", level="street"),
    ...           OrgUnit(id="c1", name="社区", level="community", parent="s"),
    ...           OrgUnit(id="c2", name="社区", level="community", parent="s")])
    >>> b = tree([OrgUnit(id="S", name="街道", level="street"),
    ...           OrgUnit(id="C", name="社区", level="community", parent="S")])
    >>> pair_by_name(a, b)
    {'s': 'S', 'c1': 'C'}
    """
    pairs: dict[str, str] = {}
    stack: list[tuple[str | None, str | None]] = [(None, None)]
    while stack:
        old_parent, new_parent = stack.pop()
        roots = old_parent is None
        waiting: dict[tuple[str, str], list[str]] = {}
        for uid in new.kids.get(new_parent, ()):
            unit = new.by_id[uid]
            waiting.setdefault((unit.name, unit.level if roots else ""), []).append(uid)
        matched: list[tuple[str | None, str | None]] = []
        for uid in old.kids.get(old_parent, ()):
            unit = old.by_id[uid]
            queue = waiting.get((unit.name, unit.level if roots else ""))
            if queue:
                partner = queue.pop(0)
                pairs[uid] = partner
                matched.append((uid, partner))
        stack.extend(reversed(matched))
    return pairs


def drops(t: Tree, dropped: set[str]) -> list[tuple[str, bool]]:
    """Return the removals that take ``dropped`` out of ``t``: (id, whole subtree), in order.

    A dropped unit whose whole subtree is dropped is removed with it (its dropped descendants are
    then not listed); any other dropped unit is removed alone, its children moving up.

    >>> t = tree([OrgUnit(id="s", name="街道", level="street"),
    ...           OrgUnit(id="c", name="社区", level="community", parent="s"),
    ...           OrgUnit(id="d", name="社区", level="community", parent="s")])
    >>> drops(t, {"s", "c"}), drops(t, {"s", "c", "d"})
    ([('s', False), ('c', True)], [('s', True)])
    """
    if not dropped:
        return []
    whole: set[str] = set()
    for unit in reversed(t.order):
        uid = unit.id
        if uid in dropped and all(kid in whole for kid in t.kids.get(uid, ())):
            whole.add(uid)
    out: list[tuple[str, bool]] = []
    for unit in t.order:
        uid = unit.id
        if uid in dropped and (unit.parent is None or unit.parent not in whole):
            out.append((uid, uid in whole))
    return out


def infer(
    a: Tree,
    b: Tree,
    pairs: Mapping[str, str],
    back: Mapping[str, str],
    candidates: Iterable[str],
) -> tuple[list[tuple[tuple[str, ...], str]], list[tuple[str, tuple[str, ...]]]]:
    """Infer merges and splits from ``a`` to ``b``, looking at the ``candidates`` of ``a``.

    Returns the merges (the unpaired units of ``a``, in ``a``'s order, and the unit of ``b``
    that took all their children) in ``b``'s order of that unit, and the splits (a unit of
    ``a`` and the units of ``b`` its children went to, in ``b``'s order) in ``b``'s order of
    the first of them. See :mod:`jiceng.history.differences` for the rule.

    >>> a = tree([OrgUnit(id="s", name="街道", level="street"),
    ...           OrgUnit(id="c", name="社区", level="community", parent="s"),
    ...           OrgUnit(id="g", name="网格", level="grid", parent="c")])
    >>> b = tree([OrgUnit(id="s", name="街道", level="street"),
    ...           OrgUnit(id="d", name="社区", level="community", parent="s"),
    ...           OrgUnit(id="g", name="网格", level="grid", parent="d")])
    >>> infer(a, b, {"s": "s", "g": "g"}, {"s": "s", "g": "g"}, ["c"])
    ([(('c',), 'd')], [])
    """
    merged: dict[str, list[str]] = {}
    splits: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()
    for uid in sorted(set(candidates), key=a.pos.__getitem__):
        if uid in seen:
            continue
        seen.add(uid)
        kids = a.kids.get(uid)
        if not kids or any(kid not in pairs for kid in kids):
            continue
        targets: dict[str, None] = {}
        for kid in kids:
            parent = b.by_id[pairs[kid]].parent
            if parent is None:
                break
            targets[parent] = None
        else:
            if len(targets) == 1:
                (target,) = targets
                if uid not in pairs:
                    merged.setdefault(target, []).append(uid)
                continue
            chosen = _sorted(b, targets)
            grand = {b.by_id[target].parent for target in chosen}
            if len(grand) == 1 and any(target not in back for target in chosen):
                splits.append((uid, chosen))
    merges = [(tuple(merged[target]), target) for target in _sorted(b, merged)]
    splits.sort(key=lambda split: b.pos[split[1][0]])
    return merges, splits


def _sorted(t: Tree, ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(ids, key=t.pos.__getitem__))
