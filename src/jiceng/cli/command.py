"""How a command and a report section are declared, once, for the entry point to loop over.

Each domain's module in :mod:`jiceng.cli` declares one :class:`Command` (``jiceng renovation``)
and one :class:`ReportSection` (its part of ``jiceng report``); :mod:`jiceng.cli.app` builds the
parser and the report from the declarations and names no domain's figures.
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Callable
from typing import Any, TextIO

import attrs

from jiceng.dataset import Dataset

__all__ = ["Command", "ReportOptions", "ReportSection"]


@attrs.frozen
class Command:
    """A subcommand of ``jiceng``.

    Attributes
    ----------
    name : str
        The command (``"renovation"``).
    help : str
        One line for ``jiceng --help``.
    configure : Callable[[argparse.ArgumentParser], None]
        Adds the command's arguments (the reading options ``--scheme`` and ``--encoding`` are
        added for every command with ``reads=True``).
    run : Callable[[argparse.Namespace, TextIO], int]
        Runs the command, writing to the stream; returns the exit status.
    aliases : tuple[str, ...]
        Earlier names that still work (``"projects"``).
    reads : bool
        Whether the command reads a dataset file.

    Examples
    --------
    >>> command = Command("hello", "say hello", lambda parser: None,
    ...                   lambda args, out: 0, reads=False)
    >>> command.name, command.aliases
    ('hello', ())
    """

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, TextIO], int]
    aliases: tuple[str, ...] = ()
    reads: bool = True


@attrs.frozen
class ReportOptions:
    """What ``jiceng report`` asks of every section.

    Attributes
    ----------
    on : datetime.date
        The date for figures that depend on one (pay).
    top : int
        How many largest units to list.

    Examples
    --------
    >>> ReportOptions(on=datetime.date(2026, 11, 26), top=5).on.year
    2026
    """

    on: datetime.date
    top: int = 5


@attrs.frozen
class ReportSection:
    """A domain's section of ``jiceng report``.

    Attributes
    ----------
    key : str
        Its key in the report's JSON (the domain's name, ``"renovation"``).
    title : str
        The heading in the readable report.
    figures : Callable[[Dataset, ReportOptions], Any]
        The section's typed result, or ``None`` where the dataset has nothing of the domain.
    write : Callable[[Any, TextIO], None]
        Writes that result for people.

    Examples
    --------
    >>> section = ReportSection("nothing", "Nothing", lambda dataset, options: None,
    ...                         lambda result, out: None)
    >>> section.key
    'nothing'
    """

    key: str
    title: str
    figures: Callable[[Dataset, ReportOptions], Any]
    write: Callable[[Any, TextIO], None]
