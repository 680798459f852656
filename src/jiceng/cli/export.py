"""``jiceng export FILE --to FORMAT -o OUT``: a dataset in the formats other tools read.

Formats: ``graphml``, ``gexf``, ``gml``, ``node-link`` (networkx's writers, for Gephi, Cytoscape
and graph libraries), ``dot`` (Graphviz), ``tree-json`` (the nested form of d3-hierarchy and
ECharts), ``parquet`` (for DuckDB, Spark and other SQL engines) and ``csv`` (the units, as
``jiceng.dump`` writes them). With ``--section projects|workers|services`` the domain's table
(one row a project, a worker or a service item) is written instead, as ``csv`` or ``parquet``.
Progress goes to standard error when it is a terminal.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import networkx as nx

from jiceng._files import atomic_file
from jiceng.cli.command import Command
from jiceng.cli.console import (
    EXIT_PROBLEMS,
    date,
    error,
    load_dataset,
    non_negative,
)
from jiceng.cli.console import (
    EXIT_UNREADABLE as EXIT_USAGE,
)
from jiceng.dataset import Dataset
from jiceng.errors import JicengError
from jiceng.interop.arrow import write_parquet
from jiceng.interop.dot import to_dot
from jiceng.interop.networkx import to_networkx
from jiceng.interop.pandas import to_pandas
from jiceng.interop.tree import dumps_tree, to_tree
from jiceng.io import dump, dumps
from jiceng.pay import Payroll
from jiceng.renovation import Portfolio
from jiceng.services import ServiceCatalogue

__all__ = ["COMMAND", "FORMATS", "SECTIONS"]

FORMATS = ("graphml", "gexf", "gml", "node-link", "dot", "tree-json", "parquet", "csv")
"""The formats of ``--to``."""

SECTIONS: dict[str, type[object]] = {
    "projects": Portfolio,
    "workers": Payroll,
    "services": ServiceCatalogue,
}
"""The domain tables of ``--section``, by name, and the engine each comes from."""


class _Progress:
    """Stage messages on standard error when it is a terminal: what is done, since when."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._shown = stream.isatty()
        self._start = time.monotonic()

    def stage(self, message: str) -> None:
        if self._shown:
            elapsed = time.monotonic() - self._start
            self._stream.write(f"jiceng export: {message} ({elapsed:.1f} s)\n")
            self._stream.flush()


def _write_text(out: str | None, text: str, stdout: TextIO) -> None:
    if out is None or out == "-":
        stdout.write(text)
    else:
        with atomic_file(Path(out)) as file:
            file.write(text.encode("utf-8"))


def _write_node_link(graph: nx.DiGraph[str], file: BinaryIO) -> None:
    text = json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False)
    file.write((text + "\n").encode("utf-8"))


def _export_graph(kind: str, dataset: Dataset, out: str, progress: _Progress) -> None:
    progress.stage(f"building the graph of {len(dataset.hierarchy):,} units")
    graph = to_networkx(dataset.hierarchy)
    progress.stage(f"writing {kind}")
    writers: dict[str, Callable[[BinaryIO], object]] = {
        "graphml": lambda file: nx.write_graphml(graph, file),
        "gexf": lambda file: nx.write_gexf(graph, file),
        "gml": lambda file: nx.write_gml(graph, file),
        "node-link": lambda file: (
            file.write(
                (
                    json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False) + "\n"
                ).encode("utf-8")
            )
            and None
        ),
    }
    with atomic_file(Path(out)) as file:
        writers[kind](file)


def _cell(value: Any) -> Any:
    """Return a frame cell as CSV and Parquet take it: tuples of keys joined by ``;``."""
    return ";".join(value) if isinstance(value, tuple) else value


def _export_section(
    args: argparse.Namespace, dataset: Dataset, progress: _Progress, out: TextIO
) -> int:
    kind = SECTIONS[args.section]
    engine = dataset.engine(kind)
    if engine is None:
        error(f"{args.file or 'the bundled district'}: the dataset has no {args.section}")
        return EXIT_PROBLEMS
    if args.to not in ("csv", "parquet"):
        error(f"--section {args.section} is written as csv or parquet, not {args.to}")
        return EXIT_USAGE
    progress.stage(f"making the {args.section} table")
    on = args.on or datetime.date.today()
    frame = to_pandas(engine, on=on) if kind is Payroll else to_pandas(engine)
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(_cell)
    progress.stage(f"writing {args.to}")
    if args.to == "csv":
        text = frame.to_csv(index=False, lineterminator="\n")
        _write_text(args.output, text, out)
    else:
        with atomic_file(Path(args.output)) as file:
            frame.to_parquet(file, index=False)
    return 0


def _run(args: argparse.Namespace, out: TextIO) -> int:
    if args.to in {"graphml", "gexf", "gml", "node-link", "parquet"} and args.output in (None, "-"):
        error(f"--to {args.to} writes a file: give it with -o OUT")
        return EXIT_USAGE
    progress = _Progress(sys.stderr)
    progress.stage(f"reading {args.file or 'the bundled district'}")
    dataset = load_dataset(args.file, args)
    try:
        if args.section is not None:
            return _export_section(args, dataset, progress, out)
        h = dataset.hierarchy
        if args.to in ("graphml", "gexf", "gml", "node-link"):
            _export_graph(args.to, dataset, args.output, progress)
        elif args.to == "dot":
            _write_text(args.output, to_dot(h, root=args.root, depth=args.depth), out)
        elif args.to == "tree-json":
            tree = to_tree(h) if args.root is None else to_tree(h, args.root)
            _write_text(args.output, dumps_tree(tree) + "\n", out)
        elif args.to == "parquet":
            progress.stage(f"writing Parquet of {len(h):,} units")
            write_parquet(h, args.output)
        elif args.output in (None, "-"):  # csv: the units, as jiceng.dump writes them
            out.write(dumps(h, format="csv"))
        else:
            dump(h, args.output, format="csv")
    except JicengError as failure:
        error(f"{args.file or 'the bundled district'}: {failure}")
        return EXIT_PROBLEMS
    progress.stage("done")
    return 0


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="dataset file (default: the bundled 通川区)")
    parser.add_argument("--to", required=True, choices=FORMATS, help="the format to write")
    parser.add_argument(
        "-o", "--output", help="the file to write (text formats: standard output without it)"
    )
    parser.add_argument(
        "--section",
        choices=sorted(SECTIONS),
        help="write a domain's table (as csv or parquet) instead of the units",
    )
    parser.add_argument("--root", help="dot, tree-json: only this unit's subtree")
    parser.add_argument("--depth", type=non_negative, help="dot: this many levels below the top")
    parser.add_argument("--on", type=date, help="workers: the date of pay (default: today)")


COMMAND = Command(
    "export",
    "write a dataset for other tools: graphs, org charts, trees, Parquet, CSV",
    _configure,
    _run,
)
"""``jiceng export``."""
