"""The shape of the package: no import cycles, modules of a readable size, errors in one place."""

from __future__ import annotations

import ast
import builtins
import importlib
import inspect
import pkgutil
from pathlib import Path

import networkx as nx

import jiceng
from jiceng.errors import JicengError

SOURCE = Path(jiceng.__file__).parent
MAX_LINES = 800


def modules() -> list[str]:
    names = ["jiceng"]
    names += [info.name for info in pkgutil.walk_packages(jiceng.__path__, "jiceng.")]
    return sorted(names)


def module_of(path: Path) -> str:
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, name: str) -> set[str]:
    """Every jiceng module that ``path`` imports at module level, type-only imports included.

    Imports inside functions are not counted: none of the package's modules has any.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    nodes: list[ast.stmt] = list(tree.body)
    while nodes:
        node = nodes.pop()
        if isinstance(node, ast.If):  # `if TYPE_CHECKING:` blocks count too
            nodes.extend(node.body)
            nodes.extend(node.orelse)
        elif isinstance(node, ast.Try):
            nodes.extend(node.body)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: the package uses absolute imports only"
            base = node.module or ""
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    known = set(modules())
    return {module for module in found if module in known and module != name}


def import_graph() -> nx.DiGraph[str]:
    graph: nx.DiGraph[str] = nx.DiGraph()
    for path in SOURCE.rglob("*.py"):
        name = module_of(path)
        graph.add_node(name)
        for imported in imports_of(path, name):
            # Importing a submodule runs its package's __init__ first, except from inside it.
            graph.add_edge(name, imported)
    return graph


def test_no_import_cycle() -> None:
    graph = import_graph()
    # A package importing its own submodules to re-export them is how a package is built; a
    # submodule importing its package's __init__ back would close a cycle and is counted.
    for node in list(graph):
        for target in list(graph.successors(node)):
            if target.startswith(node + "."):
                graph.remove_edge(node, target)
    cycles = list(nx.simple_cycles(graph))
    assert cycles == []


def test_no_function_level_imports_of_jiceng() -> None:
    # A lazy `import jiceng...` inside a function would hide a cycle from the test above.
    offenders = []
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith(
                        "jiceng"
                    ):
                        offenders.append(f"{path.name}:{inner.lineno}")
                    if isinstance(inner, ast.Import) and any(
                        alias.name.startswith("jiceng") for alias in inner.names
                    ):
                        offenders.append(f"{path.name}:{inner.lineno}")
    assert offenders == []


def test_no_module_is_too_long() -> None:
    long = {
        module_of(path): lines
        for path in SOURCE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_exception_class_is_a_jiceng_error_defined_in_errors() -> None:
    found = []
    for name in modules():
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, BaseException) and value.__module__.startswith("jiceng"):
                found.append(value)
                assert issubclass(value, JicengError), value
                # Each derives from the builtin it means, beside JicengError.
                assert len(value.__mro__) > 3 or value is JicengError, value
    assert {cls.__module__ for cls in found} == {"jiceng.errors"}
    assert len(set(found)) >= 20


def test_every_public_class_function_and_method_has_an_example() -> None:
    lacking = []
    for name in modules():
        if any(part.startswith("_") for part in name.split(".")):
            continue
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            value = getattr(module, attr)
            if not (inspect.isclass(value) or inspect.isfunction(value)):
                continue
            if value.__module__ != name:  # re-exported: checked where it is defined
                continue
            documented = [(f"{name}.{attr}", value)]
            if inspect.isclass(value):
                # Its own members, and those it inherits from private bases (whose pages are
                # not rendered): Portfolio.get comes from jiceng._engine.RecordEngine.
                inherited = [
                    base
                    for base in value.__mro__
                    if base is value or base.__module__.split(".")[-1].startswith("_")
                ]
                members = {k: v for base in reversed(inherited) for k, v in vars(base).items()}
                for member_name, member in members.items():
                    function = member.fget if isinstance(member, property) else member
                    if isinstance(function, classmethod | staticmethod):
                        function = function.__func__
                    if not member_name.startswith("_") and inspect.isfunction(function):
                        documented.append((f"{name}.{attr}.{member_name}", function))
            lacking += [where for where, obj in documented if ">>>" not in (obj.__doc__ or "")]
    assert lacking == []


BUILTIN_ERRORS = {
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
}
# The protocols that require a builtin: __getattr__ must raise AttributeError, and an
# abstract hook raises NotImplementedError.
ALLOWED_BUILTIN_RAISES = {"AttributeError", "NotImplementedError"}


def test_nothing_raises_a_bare_builtin_exception() -> None:
    found = []
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and node.exc is not None:
                target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                if (
                    isinstance(target, ast.Name)
                    and target.id in BUILTIN_ERRORS
                    and target.id not in ALLOWED_BUILTIN_RAISES
                ):
                    found.append(f"{module_of(path)}:{node.lineno} {target.id}")
    assert found == []
