"""Hypothesis strategies for jiceng's records, hierarchies and domain engines, for your own tests.

Install with the ``testing`` extra (``pip install "jiceng[testing]"``). Every strategy generates
values that are valid by construction. The hierarchy's strategies are in
:mod:`jiceng.testing.hierarchy`; each domain's are in a module named for it
(:mod:`jiceng.testing.renovation`: projects, consultation votes and allocations;
:mod:`jiceng.testing.pay`: workers; :mod:`jiceng.testing.services`: service items, catalogues
and centres).
All are importable from :mod:`jiceng.testing` itself.

Examples
--------
>>> from hypothesis import HealthCheck, given, settings
>>> from jiceng.testing import hierarchies
>>> @settings(max_examples=20, deadline=None, database=None,
...           suppress_health_check=[HealthCheck.too_slow])
... @given(hierarchies(max_units=30))
... def test_every_non_root_has_its_parent_among_its_ancestors(h):
...     for unit in h:
...         parent = h.parent(unit)
...         assert (parent is None) == (unit.parent is None)
...         assert parent is None or h.is_ancestor(parent, unit)
>>> test_every_non_root_has_its_parent_among_its_ancestors()
"""

from jiceng.testing.hierarchy import (
    NESTED_SCHEME,
    chains,
    chinese_names,
    deep_chain,
    hierarchies,
    level_schemes,
    org_units,
    unit_lists,
)
from jiceng.testing.pay import workers
from jiceng.testing.renovation import (
    allocation_weights,
    allocations,
    consultations,
    renovation_projects,
)
from jiceng.testing.services import catalogues, centres_with_requests, service_items

__all__ = [
    "NESTED_SCHEME",
    "allocation_weights",
    "allocations",
    "catalogues",
    "centres_with_requests",
    "chains",
    "chinese_names",
    "consultations",
    "deep_chain",
    "hierarchies",
    "level_schemes",
    "org_units",
    "renovation_projects",
    "service_items",
    "unit_lists",
    "workers",
]
