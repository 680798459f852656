"""Conversions of :class:`~jiceng.Hierarchy` to and from networkx graphs.

:class:`GraphConversions` is a base class of ``Hierarchy``, like
:class:`~jiceng._queries.LevelsAndTotals`: it relies on the index, the scheme and
``from_records`` that the hierarchy provides, and names no other class. The encoding is
:mod:`jiceng._graph`'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self

from jiceng._graph import graph_of, records_of
from jiceng._index import CodeCheck, Index
from jiceng.levels import LevelScheme

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["GraphConversions"]


class GraphConversions:
    """``to_networkx`` and ``from_networkx``; a base of :class:`~jiceng.Hierarchy`.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> mafangba().to_networkx().number_of_edges()
    5
    """

    __slots__ = ()

    _index: Index
    _scheme: LevelScheme

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        scheme: LevelScheme = ...,
        *,
        codes: CodeCheck = "strict",
    ) -> Self:
        raise NotImplementedError  # provided by Hierarchy

    def to_networkx(self) -> nx.DiGraph[str]:
        """Return a ``networkx.DiGraph`` with an edge from each parent to each child.

        Nodes are unit ids, added in hierarchy order. Every attribute is a string or an int, so
        every networkx writer (GraphML, GEXF, GML, node-link JSON) accepts the graph: a node's
        attributes are the unit's fields other than ``id`` and ``parent``, left out where the
        unit records nothing, with dates as ISO strings and ``tags`` as a JSON array; the graph
        attributes ``scheme`` and ``name`` hold a built-in scheme's name or the scheme's JSON
        text. :func:`jiceng.interop.networkx.to_networkx` describes the encoding in full. O(n).

        Examples
        --------
        >>> import networkx as nx
        >>> from jiceng.examples import mafangba
        >>> g = mafangba().to_networkx()
        >>> g.nodes["cl"]["households"], g.graph["scheme"], nx.is_arborescence(g)
        (241, 'urban_five_level', True)
        >>> type(mafangba()).from_networkx(g) == mafangba()
        True
        """
        return graph_of(self._index.ordered(), self._scheme)

    @classmethod
    def from_networkx(cls, graph: nx.DiGraph[Any], scheme: LevelScheme | None = None) -> Self:
        """Build a hierarchy from a ``DiGraph`` whose edges run from parent to child.

        Node attributes are the unit fields (``name`` and ``level`` at least), as
        :meth:`to_networkx` writes them or as plain values; a node's parent is its one
        predecessor; siblings keep the graph's node order. Readers' extra attributes (GEXF's
        ``label``) are ignored, so any file :meth:`to_networkx`'s graph was written to reads
        back. The scheme is ``scheme``, else the graph attribute ``scheme`` (a scheme, its
        dict, JSON or a built-in's name), else a built-in's name or scheme JSON in ``name``
        (what GEXF keeps), else the default.

        Raises
        ------
        IntegrityError
            If a node has more than one predecessor (code ``multiple_parents``), an ``id`` or
            ``parent`` attribute that contradicts the graph (``attribute_mismatch``), or as for
            the constructor.
        pydantic.ValidationError
            If node attributes do not make a valid unit, or the graph's scheme is invalid.
        InvalidArgumentError
            If ``tags`` is a string but not a JSON array of strings, or the graph's scheme is a
            string that names no built-in scheme and is not JSON.
        TypeError
            If ``graph`` is not a ``DiGraph`` (undirected, or a multigraph).

        Examples
        --------
        >>> import networkx as nx
        >>> g = nx.DiGraph()
        >>> g.add_node("s", name="西城街道", level="street")
        >>> g.add_node("c", name="大北街社区", level="community", tags='["老旧小区"]')
        >>> g.add_edge("s", "c")
        >>> from jiceng import Hierarchy
        >>> h = Hierarchy.from_networkx(g)
        >>> h.parent("c").name, h["c"].tags
        ('西城街道', ('老旧小区',))
        """
        records, chosen = records_of(graph, scheme)
        return cls.from_records(records, chosen)
