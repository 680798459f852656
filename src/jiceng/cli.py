"""The ``jiceng`` command line.

``jiceng report [FILE]``
    The main job: a readable report on a dataset (by default the bundled 通川区 district): its
    levels with Chinese names and counts, totals of households and population, the largest
    communities, and units with missing data.
``jiceng validate FILE``
    Every problem in a file; exit status 1 if there is any.
``jiceng stats FILE``
    Structure: levels, depth, span of control per level, totals.
``jiceng tree FILE [--root ID] [--depth N]``
    The hierarchy as an indented tree.
``jiceng projects [FILE]``
    The renovation portfolio (老旧小区改造): status, cost, funding, progress, the extended cut-off
    cap per batch, candidates, and every project.
``jiceng payroll [FILE] [--unit ID] [--on DATE] [--compare SCHEME]``
    Community workers' pay: the scheme in force, head counts by post and grade, pay per
    community, and every worker's grade, pay and next step; or, with ``--compare``, every
    worker's annual pay under the scheme in force and under a built-in one, side by side.
``jiceng services [FILE] [--centre ID]``
    Service items at community centres: departments, items, the share needing at most one visit
    and none, channel and mode mixes, windows, service circles; with ``--centre``, the guide
    (办事指南) of every item the centre offers.
``jiceng schema``
    The JSON Schema of the dataset file.

Every command that reads a file takes ``--scheme`` (a built-in scheme's name or a JSON scheme file,
for a CSV or JSON Lines file that does not name one) and ``--encoding`` (e.g. ``gb18030``).
``--json`` on ``report``, ``stats``, ``validate``, ``projects``, ``payroll`` and ``services`` prints
JSON
instead. Errors go to standard error, one line each, never a traceback. Exit status: 0 on success,
1 for a dataset with problems, 2 for a file that cannot be read or a usage error.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from jiceng import _report
from jiceng.dataset import BUILTIN_PAY_SCHEMES, Dataset, DatasetFile
from jiceng.errors import DataFileError, IntegrityError, UnknownUnitError
from jiceng.examples import tongchuan_path
from jiceng.io import load
from jiceng.levels import BUILTIN_SCHEMES, LevelScheme
from jiceng.renovation import FundingSource, ProjectStatus, RenovationCategory
from jiceng.services import Channel, DeliveryMode, ItemType, WindowKind

__all__ = ["main"]

EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2


class _CommandError(Exception):
    """A failure already reported to the user, carrying the exit status."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _error(message: str) -> None:
    print(f"jiceng: {message}", file=sys.stderr)


def _options(args: argparse.Namespace) -> dict[str, Any]:
    return {"scheme": args.scheme, "encoding": args.encoding}


def _load(path: str, args: argparse.Namespace) -> Dataset:
    try:
        return load(path, **_options(args))
    except DataFileError as error:
        if error.unreadable:
            _error(str(error))
            raise _CommandError(EXIT_UNREADABLE) from None
        for detail in error.details:
            _error(f"{error.path}: {detail}")
        raise _CommandError(EXIT_PROBLEMS) from None
    except IntegrityError as error:
        for problem in error.problems:
            _error(f"{path}: {problem}")
        raise _CommandError(EXIT_PROBLEMS) from None


def _print_json(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _figure(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _table(rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        out.write("  " + "  ".join(cells).rstrip() + "\n")


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(
        2 if "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" else 1 for char in text
    )


def _cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    dataset = _load(args.file or tongchuan_path(), args)
    data = _report.report(dataset, top=args.top, on=args.on)
    if args.json:
        _print_json(data, out)
        return 0
    out.write(f"{data['name'] or args.file}\n")
    out.write(f"scheme: {data['scheme']['name']} ({data['scheme']['title']})\n\n")
    out.write(f"Levels ({data['units']:,} units)\n")
    rows = [["level", "territory", "organisation", "units"]]
    rows += [
        [level["key"], level["territory"], level["organisation"], f"{level['count']:,}"]
        for level in data["levels"]
    ]
    _table(rows, out)
    out.write("\nTotals\n")
    _table([[field, _figure(value)] for field, value in data["totals"].items()], out)
    largest = data["largest"]
    out.write(f"\nLargest units at level {largest['level']!r} (by households)\n")
    if largest["units"]:
        rows = [["name", "in", "households", "population"]]
        rows += [
            [
                row["name"],
                row["parent"] or "",
                _figure(row["households"]),
                _figure(row["population"]),
            ]
            for row in largest["units"]
        ]
        _table(rows, out)
    if data["renovation"] is not None:
        out.write("\nRenovation of old compounds (老旧小区改造)\n")
        _write_renovation(data["renovation"], out, full=False)
    if data["pay"] is not None:
        out.write("\nCommunity workers' pay (社区工作者薪酬)\n")
        if "error" in data["pay"]:
            out.write(f"  cannot compute pay on {data['pay']['on']}: {data['pay']['error']}\n")
        else:
            _write_pay(data["pay"], out, full=False)
    if data["services"] is not None:
        out.write("\nService items at community centres (服务事项)\n")
        _write_services(data["services"], out)
    out.write("\nMissing data (units whose subtree records nothing)\n")
    if not data["missing"]:
        out.write("  none\n")
    for row in data["missing"]:
        examples = "、".join(row["examples"])
        more = "…" if row["count"] > len(row["examples"]) else ""
        out.write(
            f"  {row['level']}: {row['count']:,} of {row['of']:,} without {row['field']}"
            f" (e.g. {examples}{more})\n"
        )
    return 0


def _yuan(text: str | None) -> str:
    return "—" if text is None else f"¥{Decimal(text):,.2f}"


def _write_renovation(data: dict[str, Any], out: TextIO, *, full: bool) -> None:
    """Write the renovation summary (and, when ``full``, every project)."""
    policy = data["policy"]
    extension = policy["extended_cutoff_year"]
    out.write(
        f"  {data['projects']} projects; eligibility: built by {policy['cutoff_year']}"
        + (
            f" (extended to {extension}, capped at {Decimal(policy['extended_share_cap']):.0%}"
            " of a batch's households)"
            if extension
            else ""
        )
        + "\n"
    )
    statuses = [f"{ProjectStatus(k).zh} {v}" for k, v in data["by_status"].items() if v]
    out.write(f"  by status: {'，'.join(statuses)}\n")
    out.write(
        f"  households {data['households']:,}; cost {_yuan(data['cost'])}; "
        f"{_yuan(data['cost_per_household'])} a household, {_yuan(data['cost_per_m2'])} a m²\n"
    )
    progress = data["progress"]
    out.write(
        f"  progress: {progress['completed']:,} of {progress['households']:,} households in "
        f"completed projects ({progress['share']:.1%})\n"
    )
    mix = "，".join(f"{FundingSource(k).zh} {v['share']:.1%}" for k, v in data["funding"].items())
    out.write(f"  funding: {mix}\n")
    categories = "，".join(
        f"{RenovationCategory(k).zh} {_yuan(v)}" for k, v in data["categories"].items()
    )
    out.write(f"  measures: {categories}\n")
    rows = [["batch", "projects", "households", "cost", "extended cut-off", "within cap"]]
    rows += [
        [
            str(b["batch"]),
            str(b["projects"]),
            f"{b['households']:,}",
            _yuan(b["cost"]),
            f"{b['extended']['households']:,} ({b['extended']['share']:.1%})",
            "yes" if b["extended"]["within_cap"] else "NO",
        ]
        for b in data["batches"]
    ]
    _table(rows, out)
    gaps = data["funding_gaps"]
    if gaps:
        listed = "，".join(f"{pid} {_yuan(gap)}" for pid, gap in gaps.items())
        out.write(f"  funding gaps: {listed}\n")
    candidates = data["candidates"]
    out.write(
        f"  candidates without a project: {candidates['eligible']} eligible"
        f" (e.g. {'、'.join(candidates['eligible_examples']) or '—'}),"
        f" {candidates['not_eligible']} not eligible\n"
    )
    if full:
        out.write("\n")
        rows = [["project", "compound", "batch", "status", "households", "cost", "a household"]]
        rows += [
            [
                p["id"],
                p["compound"],
                str(p["batch"]),
                ProjectStatus(p["status"]).zh,
                f"{p['households']:,}",
                _yuan(p["cost"]),
                _yuan(p["cost_per_household"]),
            ]
            for p in data["list"]
        ]
        _table(rows, out)


def _cmd_projects(args: argparse.Namespace, out: TextIO) -> int:
    path = args.file or tongchuan_path()
    dataset = _load(path, args)
    data = _report.renovation(dataset)
    if data is None:
        _error(f"{path}: the dataset has no renovation projects")
        return EXIT_PROBLEMS
    if args.json:
        _print_json(data, out)
        return 0
    out.write(f"Renovation projects (老旧小区改造): {dataset.name or args.file}\n")
    _write_renovation(data, out, full=True)
    return 0


def _write_pay(data: dict[str, Any], out: TextIO, *, full: bool) -> None:
    """Write the payroll summary (and, when ``full``, every worker)."""
    scheme = data["scheme"]
    note = " — illustrative figures" if scheme["illustrative"] else ""
    out.write(f"  scheme in force on {data['on']}: {scheme['name']} ({scheme['title']}){note}\n")
    out.write(
        f"  {data['workers']} workers ({data['on_probation']} on probation); monthly pay "
        f"{_yuan(data['monthly'])}, annual cost {_yuan(data['annual_cost'])}\n"
    )
    by_post: dict[str, list[str]] = {}
    for row in data["headcount"]:
        by_post.setdefault(row["post_zh"], []).append(f"{row['grade']}级×{row['count']}")
    for post, cells in by_post.items():
        out.write(f"  {post}: {' '.join(cells)}\n")
    if data["distribution"]:
        rows = [["community", "workers", "lowest", "median", "highest", "monthly total"]]
        rows += [
            [
                d["name"],
                str(d["workers"]),
                _yuan(d["lowest"]),
                _yuan(d["median"]),
                _yuan(d["highest"]),
                _yuan(d["total"]),
            ]
            for d in data["distribution"]
        ]
        _table(rows, out)
    if full:
        out.write("\n")
        rows = [["worker", "name", "unit", "post", "grade", "monthly", "next step"]]
        for w in data["list"]:
            step = w["next_step"]
            rows.append(
                [
                    w["id"],
                    w["name"],
                    w["unit"],
                    w["post"],
                    str(w["grade"]) + (" (probation)" if w["probation"] else ""),
                    _yuan(w["monthly"]),
                    "—" if step is None else f"{step['on']} → {step['grade']}",
                ]
            )
        _table(rows, out)


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _cmd_payroll(args: argparse.Namespace, out: TextIO) -> int:
    path = args.file or tongchuan_path()
    dataset = _load(path, args)
    on = args.on or datetime.date.today()
    try:
        data = _report.payroll(dataset, on=on, unit=args.unit)
    except UnknownUnitError as error:
        _error(f"{path}: {error}")
        return EXIT_PROBLEMS
    except ValueError as error:
        _error(f"{path}: {error}")
        return EXIT_PROBLEMS
    if data is None:
        _error(f"{path}: the dataset has no payroll (pay_schemes and workers)")
        return EXIT_PROBLEMS
    if args.compare is not None:
        data["compare"] = _report.compare(dataset, args.compare, on=on, unit=args.unit)
    if args.json:
        _print_json(data, out)
        return 0
    where = f" in {dataset.hierarchy[args.unit].name}" if args.unit else ""
    out.write(f"Community workers' pay (社区工作者薪酬){where}: {dataset.name or path}\n")
    _write_pay(data, out, full=args.compare is None)
    if args.compare is not None:
        _write_comparison(data["compare"], out)
    return 0


def _write_comparison(data: dict[str, Any], out: TextIO) -> None:
    a, b = data["a"], data["b"]
    out.write(f"\nAnnual pay under {a} and under {b}, on {data['on']}\n")
    rows = [["worker", "name", f"grade ({a})", f"annual ({a})", f"grade ({b})", f"annual ({b})"]]
    rows += [
        [
            r["id"],
            r["name"],
            _figure(r["grade_a"]),
            _yuan(r["annual_a"]),
            _figure(r["grade_b"]),
            _yuan(r["annual_b"]),
        ]
        for r in data["rows"]
    ]
    _table(rows, out)
    out.write(
        f"  total {_yuan(data['total_a'])} → {_yuan(data['total_b'])}"
        f" (difference {_yuan(data['difference'])})\n"
    )


def _write_services(data: dict[str, Any], out: TextIO) -> None:
    """Write the service catalogue's summary."""
    visits = data["visits"]
    one, zero = visits["share_at_most_one"], visits["share_zero"]
    out.write(
        f"  {data['departments']} departments, {data['items']} items; at most one visit"
        f" (最多跑一次) {visits['at_most_one']} ({one:.0%}), no visit (零跑腿)"
        f" {visits['zero']} ({zero:.0%})\n"
    )
    types = "，".join(f"{ItemType(k).zh} {v}" for k, v in data["by_type"].items())
    out.write(f"  types: {types}\n")
    channels = "，".join(f"{Channel(k).zh} {v}" for k, v in data["channels"].items())
    out.write(f"  channels: {channels}\n")
    modes = "，".join(f"{DeliveryMode(k).zh} {v}" for k, v in data["modes"].items())
    out.write(f"  modes: {modes}\n")
    for centre in data["centres"]:
        users = centre["platform_users"]
        extra = f"; {users:,} residents on its online platform" if users else ""
        out.write(f"  {centre['name']} ({centre['unit']}): {centre['items']} items{extra}\n")
        rows = [["window", "kind", "items", "hours"]]
        rows += [
            [
                w["name"],
                WindowKind(w["kind"]).zh,
                "special"
                if w["kind"] == "fallback"
                else "all"
                if w["all_routine"]
                else str(w["items"]),
                "; ".join(w["hours"]),
            ]
            for w in centre["windows"]
        ]
        _table(rows, out)
    for circle in data["reach"]:
        out.write(
            f"  {circle['centre']}: {circle['minutes']}-minute circle over "
            f"{circle['within_name']}: {circle['reached']} compounds reached "
            f"({circle['households_reached']:,} households), {circle['missed']} not "
            f"({circle['households_missed']:,} households)\n"
        )


def _cmd_services(args: argparse.Namespace, out: TextIO) -> int:
    path = args.file or tongchuan_path()
    dataset = _load(path, args)
    try:
        data = _report.services(dataset, centre=args.centre)
    except UnknownUnitError as error:
        _error(f"{path}: {error}")
        return EXIT_PROBLEMS
    if data is None:
        _error(f"{path}: the dataset has no service items (departments, services, centres)")
        return EXIT_PROBLEMS
    if args.json:
        _print_json(data, out)
        return 0
    out.write(f"Service items (服务事项): {dataset.name or path}\n")
    _write_services(data, out)
    for lines in data["guide"]:
        out.write("\n" + "\n".join(f"  {line}" for line in lines) + "\n")
    return 0


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    try:
        dataset = load(args.file, **_options(args))
    except DataFileError as error:
        if error.unreadable:
            _error(str(error))
            if args.json:
                unreadable = {"code": "unreadable", "message": str(error)}
                _print_json({"file": args.file, "valid": False, "problems": [unreadable]}, out)
            return EXIT_UNREADABLE
        problems: list[dict[str, Any]] = [
            {
                "code": "invalid_record",
                "line": d.line,
                "record": d.record,
                "field": d.field,
                "message": d.message,
            }
            for d in error.details
        ]
        lines = [f"{error.path}: {detail}" for detail in error.details]
    except IntegrityError as error:
        problems = [
            {"code": p.code, "ids": list(p.ids), "message": p.message} for p in error.problems
        ]
        lines = [f"{args.file}: {problem}" for problem in error.problems]
    else:
        if args.json:
            _print_json(
                {"file": args.file, "valid": True, "units": len(dataset.hierarchy), "problems": []},
                out,
            )
        else:
            out.write(f"{args.file}: valid, {_count(len(dataset.hierarchy), 'unit')}\n")
        return 0
    if args.json:
        _print_json({"file": args.file, "valid": False, "problems": problems}, out)
    else:
        for line in lines:
            out.write(line + "\n")
        noun = "problem" if len(lines) == 1 else "problems"
        out.write(f"{args.file}: {len(lines)} {noun}\n")
    return EXIT_PROBLEMS


def _cmd_stats(args: argparse.Namespace, out: TextIO) -> int:
    data = _report.stats(_load(args.file, args))
    if args.json:
        _print_json(data, out)
        return 0
    out.write(
        f"{data['name'] or args.file}: {_count(data['units'], 'unit')}, "
        f"{_count(data['roots'], 'root')}, maximum depth {_figure(data['max_depth'])}, "
        f"scheme {data['scheme']}\n\n"
    )
    out.write("Span of control (children of units that have any)\n")
    rows = [["level", "units", "leaves", "min", "mean", "max"]]
    rows += [
        [
            s["level"],
            f"{s['units']:,}",
            f"{s['leaves']:,}",
            _figure(s["min"]),
            "—" if s["mean"] is None else f"{s['mean']:.2f}",
            _figure(s["max"]),
        ]
        for s in data["span_of_control"]
    ]
    _table(rows, out)
    out.write("\nTotals\n")
    _table([[field, _figure(value)] for field, value in data["totals"].items()], out)
    return 0


def _cmd_tree(args: argparse.Namespace, out: TextIO) -> int:
    dataset = _load(args.file, args)
    h = dataset.hierarchy
    if args.root is not None:
        try:
            tops = [h[args.root]]
        except UnknownUnitError as error:
            _error(f"{args.file}: {error}")
            return EXIT_PROBLEMS
    else:
        tops = h.roots()
    for top in tops:
        base = h.depth(top)
        stack = [(top, "", True, True)]
        while stack:
            unit, prefix, last, is_top = stack.pop()
            households = h.total(unit, "households")
            figure = "" if households is None else f"  {households:,} households"
            branch = "" if is_top else ("└─ " if last else "├─ ")
            out.write(f"{prefix}{branch}{unit.name} [{unit.level}] {unit.id}{figure}\n")
            relative = h.depth(unit) - base
            if args.depth is not None and relative >= args.depth:
                continue
            children = h.children(unit)
            below = prefix if is_top else prefix + ("   " if last else "│  ")
            last_child = len(children) - 1
            stack.extend(
                (children[i], below, i == last_child, False) for i in range(last_child, -1, -1)
            )
    return 0


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    _print_json(DatasetFile.model_json_schema(), out)
    return 0


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def _scheme(text: str) -> LevelScheme:
    if text in BUILTIN_SCHEMES:
        return BUILTIN_SCHEMES[text]
    try:
        return LevelScheme.model_validate_json(Path(text).read_bytes())
    except (OSError, ValueError) as error:
        known = ", ".join(BUILTIN_SCHEMES)
        raise argparse.ArgumentTypeError(
            f"not a built-in scheme ({known}) nor a readable scheme file: {text!r}"
        ) from error


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jiceng",
        description="Reports and checks on grassroots governance datasets (基层治理数据).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    reading = argparse.ArgumentParser(add_help=False)
    reading.add_argument(
        "--scheme",
        type=_scheme,
        help="the level scheme of a file that does not name one (CSV, JSON Lines without a "
        "header): a built-in name or a JSON file holding a scheme",
    )
    reading.add_argument("--encoding", help="the file's text encoding, e.g. gb18030")

    report = commands.add_parser("report", parents=[reading], help="a readable report on a dataset")
    report.add_argument("file", nargs="?", help="dataset file (default: the bundled 通川区)")
    report.add_argument(
        "--top", type=_non_negative, default=5, help="how many largest units to list"
    )
    report.add_argument("--on", type=_date, help="the date for pay (YYYY-MM-DD; default: today)")
    report.add_argument("--json", action="store_true", help="print JSON")
    report.set_defaults(run=_cmd_report)

    validate = commands.add_parser(
        "validate", parents=[reading], help="list every problem in a file"
    )
    validate.add_argument("file")
    validate.add_argument("--json", action="store_true", help="print JSON")
    validate.set_defaults(run=_cmd_validate)

    stats = commands.add_parser("stats", parents=[reading], help="structure and span of control")
    stats.add_argument("file")
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(run=_cmd_stats)

    tree = commands.add_parser("tree", parents=[reading], help="the hierarchy as a tree")
    tree.add_argument("file")
    tree.add_argument("--root", help="start at this unit id")
    tree.add_argument("--depth", type=_non_negative, help="show this many levels below the start")
    tree.set_defaults(run=_cmd_tree)

    projects = commands.add_parser(
        "projects", parents=[reading], help="the renovation portfolio's summary"
    )
    projects.add_argument("file", nargs="?", help="dataset file (default: the bundled 通川区)")
    projects.add_argument("--json", action="store_true", help="print JSON")
    projects.set_defaults(run=_cmd_projects)

    pay = commands.add_parser(
        "payroll", parents=[reading], help="community workers' grades and pay"
    )
    pay.add_argument("file", nargs="?", help="dataset file (default: the bundled 通川区)")
    pay.add_argument("--unit", help="only the workers of this unit's subtree")
    pay.add_argument("--on", type=_date, help="the date (YYYY-MM-DD; default: today)")
    pay.add_argument(
        "--compare",
        choices=sorted(BUILTIN_PAY_SCHEMES),
        help="also compare every worker's pay under this built-in scheme",
    )
    pay.add_argument("--json", action="store_true", help="print JSON")
    pay.set_defaults(run=_cmd_payroll)

    services = commands.add_parser(
        "services", parents=[reading], help="service items, centres and their windows"
    )
    services.add_argument("file", nargs="?", help="dataset file (default: the bundled 通川区)")
    services.add_argument("--centre", help="one centre, with the guide of every item it offers")
    services.add_argument("--json", action="store_true", help="print JSON")
    services.set_defaults(run=_cmd_services)

    schema = commands.add_parser("schema", help="JSON Schema of the dataset file")
    schema.set_defaults(run=_cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line; return the exit status.

    Examples
    --------
    >>> import io
    >>> buffer = io.StringIO()
    >>> main(["report", "--json"], out=buffer)
    0
    >>> import json
    >>> [level["count"] for level in json.loads(buffer.getvalue())["levels"]]
    [5, 63, 70, 175, 480]
    """
    args = _parser().parse_args(argv)
    run: Callable[[argparse.Namespace, TextIO], int] = args.run
    try:
        return run(args, out if out is not None else sys.stdout)
    except _CommandError as failure:
        return failure.status
    except BrokenPipeError:  # e.g. `jiceng tree FILE | head`
        return 0
