"""Hypothesis strategies for community worker pay, for your own tests.

Install with the ``testing`` extra (``pip install "jiceng[testing]"``). Every strategy generates
values that are valid by construction.

- :func:`workers` — a :class:`~jiceng.pay.Worker` in the posts of the built-in 三岗十八级 scheme
  (``head``, ``deputy``, ``other``), with any degree or certificate, a few appraisals and, at
  random, a promotion from ``other``.

Examples
--------
>>> from hypothesis import given, settings
>>> from jiceng.pay import SANGANG_SHIBAJI, Payroll
>>> @settings(max_examples=5, database=None, deadline=None)
... @given(workers())
... def check(worker):
...     payroll = Payroll(SANGANG_SHIBAJI, [worker])
...     assert payroll.get("w1") == worker
>>> check()
"""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import strategies as st

from jiceng.pay.records import AppraisalRating, CertificateLevel, Degree, Worker

__all__ = ["workers"]

_POSTS = ["head", "deputy", "other"]


@st.composite
def workers(
    draw: st.DrawFn,
    *,
    id: str = "w1",
    unit: str = "c1",
    last_appraised: int = 2025,
) -> Worker:
    """Generate a valid worker of the 三岗十八级 posts who started service in 1995–2024.

    Parameters
    ----------
    id, unit
        The worker's id and unit (the name is ``f"{id}号"``).
    last_appraised
        The last year that may have an appraisal; keep it before the current year, since a
        payroll refuses appraisals for a year not yet over.

    Notes
    -----
    The worker holds ``head``, ``deputy`` or ``other``; is hired up to 400 days after service
    starts; has up to eight appraisals in distinct years from the start; and, half the time, a
    post history of ``other`` until a change up to 6,000 days after the start, then ``deputy``
    or ``head``.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None, deadline=None)
    ... @given(workers(id="w7", unit="c2", last_appraised=2020))
    ... def check(worker):
    ...     assert (worker.id, worker.name, worker.unit) == ("w7", "w7号", "c2")
    ...     assert all(a.year <= 2020 for a in worker.appraisals)
    ...     assert datetime.date(1995, 1, 1) <= worker.service_start <= worker.hired
    >>> check()
    """
    start = draw(st.dates(datetime.date(1995, 1, 1), datetime.date(2024, 12, 31)))
    years = list(range(start.year, last_appraised + 1))
    ratings = [rating.value for rating in AppraisalRating]
    appraisals = (
        [
            {"year": year, "rating": draw(st.sampled_from(ratings))}
            for year in draw(st.lists(st.sampled_from(years), unique=True, max_size=8))
        ]
        if years
        else []
    )
    history: list[dict[str, Any]] = []
    if draw(st.booleans()):
        change = start + datetime.timedelta(days=draw(st.integers(1, 6000)))
        history = [
            {
                "post": "other",
                "start": start.isoformat(),
                "end": (change - datetime.timedelta(days=1)).isoformat(),
            },
            {"post": draw(st.sampled_from(["deputy", "head"])), "start": change.isoformat()},
        ]
    return Worker.model_validate(
        {
            "id": id,
            "name": f"{id}号",
            "unit": unit,
            "post": draw(st.sampled_from(_POSTS)),
            "service_start": start.isoformat(),
            "hired": (start + datetime.timedelta(days=draw(st.integers(0, 400)))).isoformat(),
            "degree": draw(st.sampled_from([None, *(degree.value for degree in Degree)])),
            "certificate": draw(
                st.sampled_from([None, *(level.value for level in CertificateLevel)])
            ),
            "appraisals": appraisals,
            "post_history": history,
        }
    )
