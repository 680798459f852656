"""A hierarchy as a networkx graph that every networkx writer accepts, and back.

:func:`to_networkx` gives a ``DiGraph`` with an edge from each parent to each child, whose every
attribute is a string or an int, so that ``nx.write_graphml``, ``nx.write_gexf``,
``nx.write_gml`` and ``nx.node_link_data`` take it as it is; :func:`from_networkx` reads what
they wrote back into the same hierarchy. They are :meth:`Hierarchy.to_networkx
<jiceng.Hierarchy.to_networkx>` and :meth:`Hierarchy.from_networkx
<jiceng.Hierarchy.from_networkx>` as functions.

The encoding:

==========================  =====================================================================
graph item                  holds
==========================  =====================================================================
node                        the unit's id, in hierarchy order
edge ``(parent, child)``    the unit's parent (a root has no incoming edge)
``name``, ``level``,        strings, as in the unit
``org_name``, ``code``,
``led_by``
``org_kind``,               the kind's and the status's keys (``"general_branch"``, ``"joint"``)
``org_status``
``households``,             ints
``population``,
``party_members``,
``probationary_members``,
``built_year``
``established``,            ISO dates (``"2004-06-01"``)
``dissolved``
``tags``                    a JSON array (``'["安置小区", "老旧小区"]'``)
``attributes``              a JSON object (``'{"网格员": "张三"}'``), types kept
graph ``scheme``            a built-in scheme's name (``"urban_five_level"``) or the scheme's
                            JSON text
graph ``name``              the same text as ``scheme`` (GEXF keeps a graph's name, nothing else)
==========================  =====================================================================

A node attribute is left out where the unit records nothing (never ``None``), and ``tags`` and
``attributes`` where there are none. What the writers do on their own is undone on reading: GEXF
adds a ``label`` to every node (ignored, with GEXF's layout and time attributes), GML keeps node
ids as its labels, and GraphML and GEXF declare each attribute's type, so ints read back as ints.

Examples
--------
>>> import io, networkx as nx
>>> import jiceng
>>> h = jiceng.examples.tongchuan().hierarchy
>>> g = to_networkx(h)
>>> g.nodes["mafangba-chunlan"]["tags"], g.nodes["mafangba-chunlan"]["households"]
('["安置小区"]', 241)
>>> buffer = io.BytesIO()
>>> nx.write_graphml(g, buffer)
>>> from_networkx(nx.read_graphml(io.BytesIO(buffer.getvalue()))) == h
True
>>> data = nx.node_link_data(g, edges="edges")
>>> from_networkx(nx.node_link_graph(data, edges="edges")) == h
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jiceng.hierarchy import Hierarchy
from jiceng.levels import LevelScheme

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["from_networkx", "to_networkx"]


def to_networkx(h: Hierarchy) -> nx.DiGraph[str]:
    """Return a hierarchy as a ``networkx.DiGraph`` that every networkx writer accepts.

    An edge runs from each parent to each child; nodes are unit ids in hierarchy order;
    attributes are encoded as the module documentation describes (scalars only). O(n).

    Parameters
    ----------
    h
        The hierarchy.

    Returns
    -------
    networkx.DiGraph
        The graph; :func:`from_networkx` turns it (or what a writer made of it) back into ``h``.

    Examples
    --------
    >>> import networkx as nx
    >>> from jiceng.examples import mafangba
    >>> g = to_networkx(mafangba())
    >>> g.number_of_nodes(), list(g.successors("mfb")), g.graph["scheme"]
    (6, ['qt', 'yt'], 'urban_five_level')
    >>> for line in list(nx.generate_gml(g))[:10]:
    ...     print(line)
    graph [
      directed 1
      scheme "urban_five_level"
      name "urban_five_level"
      node [
        id 0
        label "cy"
        name "&#26397;&#38451;&#34903;&#36947;"
        level "street"
      ]
    """
    return h.to_networkx()


def from_networkx(graph: nx.DiGraph[Any], scheme: LevelScheme | None = None) -> Hierarchy:
    """Build a hierarchy from a parent → child ``DiGraph``, such as a networkx reader returns.

    Parameters
    ----------
    graph
        A ``DiGraph`` whose nodes are unit ids with the unit fields as attributes (``name`` and
        ``level`` at least), encoded as :func:`to_networkx` writes them or as plain values;
        attributes that the readers add (``label``) are ignored.
    scheme
        The level scheme; by default the graph's ``scheme`` attribute, else its ``name`` where
        that is a built-in scheme's name or a scheme's JSON, else the five-level urban scheme.

    Returns
    -------
    Hierarchy
        Siblings and roots in the graph's node order.

    Raises
    ------
    IntegrityError
        If a node has more than one predecessor (``multiple_parents``), or as for
        :class:`~jiceng.Hierarchy`.
    InvalidArgumentError
        If ``tags`` is not a JSON array of strings, or the graph's scheme is a string that is not
        a built-in's name nor JSON.
    JicengTypeError
        If ``graph`` is undirected or a multigraph.

    Examples
    --------
    >>> import io, networkx as nx
    >>> from jiceng.examples import mafangba
    >>> lines = nx.generate_gml(to_networkx(mafangba()))
    >>> h = from_networkx(nx.parse_gml(lines))
    >>> h == mafangba(), h.total("mfb", "households")
    (True, 241)
    >>> from_networkx(nx.Graph())
    Traceback (most recent call last):
    ...
    jiceng.errors.JicengTypeError: from_networkx needs a DiGraph (one parent → child edge per \
pair), got Graph
    """
    return Hierarchy.from_networkx(graph, scheme)
