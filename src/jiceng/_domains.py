"""The domains of a dataset file, in the order their sections stand in a file.

Each entry is a domain package's :class:`~jiceng._section.FileSection`. This list is the one
place that names the domains for :mod:`jiceng.dataset` and :mod:`jiceng.io`; adding a domain adds
one line here.
"""

from __future__ import annotations

from typing import Any

from jiceng._section import FileSection
from jiceng.history.section import SECTION as HISTORY
from jiceng.pay.section import SECTION as PAY
from jiceng.renovation.section import SECTION as RENOVATION
from jiceng.services.section import SECTION as SERVICES

__all__ = ["SECTIONS"]

SECTIONS: tuple[FileSection[Any], ...] = (RENOVATION, PAY, SERVICES, HISTORY)
"""Every domain's file section."""
