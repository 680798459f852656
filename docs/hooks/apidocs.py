"""The API reference's pages and navigation, and the docstring roles' conversion to Markdown.

Plain Python, importable without mkdocs or griffe, so that the test suite checks the generator
without the docs extra. The mkdocs hooks (``mkdocs_hooks.py``) and the griffe extension
(``griffe_roles.py``) beside this file do the build-time work with what this module computes.

Every public module of the package gets a page: the walk finds them with :mod:`pkgutil`, skipping
any module with a name part that starts with ``_`` (private modules, ``__main__``), so modules and
subpackages added later get pages without an edit here.
"""

from __future__ import annotations

import builtins
import importlib
import importlib.util
import pkgutil
import re
from collections.abc import Callable, Iterator
from typing import Any

__all__ = [
    "API_DIR",
    "ROLE",
    "api_nav",
    "convert_roles",
    "insert_api_nav",
    "is_external",
    "nav_pages",
    "page_uri",
    "public_modules",
]

API_DIR = "api"
"""The folder of ``docs/`` that holds the API reference, generated pages and the overview."""

ROLE = re.compile(
    r"(?<!`):(?:py:)?(?P<role>class|func|meth|mod|data|attr|exc|obj|const|type):"
    r"`(?P<body>[^`]+)`"
)
"""A Sphinx cross-reference role such as ``:class:`~jiceng.Hierarchy``` or ``:func:`load```."""

_CALLABLE_ROLES = {"func", "meth"}
_EXPLICIT_TITLE = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
_FENCE = re.compile(r"^\s*(```|~~~)")


def public_modules(package: str = "jiceng") -> list[str]:
    """Return the dotted names of a package's public modules, the package itself first, sorted.

    Parameters
    ----------
    package : str
        The importable name of the package to walk.

    Returns
    -------
    list of str
        ``package`` and every module or subpackage below it none of whose name parts starts
        with an underscore.
    """
    root = importlib.import_module(package)
    walk = pkgutil.walk_packages(root.__path__, prefix=f"{package}.", onerror=_ignore)
    names = {info.name for info in walk}
    public = {name for name in names if not any(p.startswith("_") for p in name.split("."))}
    return sorted({package} | public)


def _ignore(name: str) -> None:
    """Let the walk go on past a subpackage that fails to import; its page build fails instead."""


def page_uri(module: str) -> str:
    """Return the path, under ``docs/``, of the generated page for a module.

    Parameters
    ----------
    module : str
        A dotted module name such as ``"jiceng.renovation.portfolio"``.

    Returns
    -------
    str
        ``api/<module>.md``: one flat folder, so a package's page never collides with the pages
        of its submodules.
    """
    return f"{API_DIR}/{module}.md"


def api_nav(modules: list[str]) -> list[Any]:
    """Return the navigation entries of the API pages, nested as the packages are.

    Parameters
    ----------
    modules : list of str
        Dotted module names, as :func:`public_modules` returns them.

    Returns
    -------
    list
        mkdocs ``nav`` entries: ``{title: page}`` for a module, and for a package below the top
        one a section ``{title: [{title: page}, ...submodules]}`` whose first entry is the
        package's own page. The top package's page comes first and its submodules beside it.
    """
    wanted = set(modules)
    tops = [name for name in sorted(wanted) if _parent(name) not in wanted]
    entries: list[Any] = []
    for top in tops:
        entries.append({top: page_uri(top)})
        entries.extend(_entry(child, wanted) for child in _children(top, wanted))
    return entries


def _entry(module: str, wanted: set[str]) -> dict[str, Any]:
    children = _children(module, wanted)
    if not children:
        return {module: page_uri(module)}
    return {module: [{module: page_uri(module)}, *(_entry(child, wanted) for child in children)]}


def _children(module: str, wanted: set[str]) -> list[str]:
    return sorted(name for name in wanted if _parent(name) == module)


def _parent(module: str) -> str:
    return module.rpartition(".")[0]


def insert_api_nav(nav: list[Any], modules: list[str]) -> bool:
    """Append the API pages to the nav section that holds the API overview page, in place.

    Parameters
    ----------
    nav : list
        A mkdocs ``nav`` configuration.
    modules : list of str
        Dotted module names, as :func:`public_modules` returns them.

    Returns
    -------
    bool
        Whether a section listing ``api/index.md`` was found and extended.
    """
    overview = f"{API_DIR}/index.md"
    for entry in nav:
        if not isinstance(entry, dict):
            continue
        for section in entry.values():
            if isinstance(section, list):
                if overview in _section_pages(section):
                    section.extend(api_nav(modules))
                    return True
                if insert_api_nav(section, modules):
                    return True
    return False


def _section_pages(section: list[Any]) -> list[str]:
    return [
        item if isinstance(item, str) else next(iter(item.values()))
        for item in section
        if isinstance(item, str) or (isinstance(item, dict) and len(item) == 1)
    ]


def nav_pages(nav: list[Any]) -> Iterator[str]:
    """Yield every page path of a mkdocs ``nav``, depth first.

    Parameters
    ----------
    nav : list
        A mkdocs ``nav`` configuration.

    Yields
    ------
    str
        Each page path, in the order the navigation shows it.
    """
    for entry in nav:
        values = [entry] if isinstance(entry, str) else list(entry.values())
        for value in values:
            if isinstance(value, str):
                yield value
            else:
                yield from nav_pages(value)


def is_external(target: str) -> bool:
    """Tell whether a role's target names a builtin or another importable package's object.

    Parameters
    ----------
    target : str
        The dotted target of a role, without ``~`` or ``!``.

    Returns
    -------
    bool
        True for ``ValueError``, ``typing.Annotated``, ``pydantic.ValidationError`` and the
        like, which render as plain code rather than as links.
    """
    head = target.split(".", 1)[0]
    if head == "jiceng":
        return False
    if hasattr(builtins, head):
        return True
    try:
        return importlib.util.find_spec(head) is not None
    except (ImportError, ValueError):
        return False


def convert_roles(text: str, link: Callable[[str, str], str | None]) -> str:
    """Turn the Sphinx roles of a docstring into Markdown links or code spans.

    Parameters
    ----------
    text : str
        A docstring. Roles inside fenced code and doctest examples are left as they are.
    link : callable
        ``link(role, target)`` returns the autorefs identifier of a target (a full dotted
        path), or None to render the role as plain code. It is called for every role except
        those written with ``!``, which never link.

    Returns
    -------
    str
        The docstring, with ``:meth:`~jiceng.Hierarchy.total``` becoming
        ``[`total()`][jiceng.hierarchy.Hierarchy.total]`` (the identifier being what ``link``
        returned), and a role ``link`` declines becoming ```total()```.
    """

    def replace(match: re.Match[str]) -> str:
        role, body = match["role"], match["body"].strip()
        titled = _EXPLICIT_TITLE.match(body)
        target, title = (titled["target"], titled["title"]) if titled else (body, None)
        linkable = not target.startswith("!")
        target = target.lstrip("!")
        short = target.startswith("~")
        target = target.lstrip("~").strip()
        if title is None:
            title = target.rsplit(".", 1)[-1] if short else target
            if role in _CALLABLE_ROLES and not title.endswith(")"):
                title += "()"
        identifier = link(role, target) if linkable else None
        code = f"`{title}`"
        return f"[{code}][{identifier}]" if identifier else code

    return "".join(
        chunk if is_code else ROLE.sub(replace, chunk) for is_code, chunk in _chunks(text)
    )


def _chunks(text: str) -> Iterator[tuple[bool, str]]:
    """Split a docstring into runs of prose and of code (fenced blocks, doctest examples)."""
    lines = text.splitlines(keepends=True)
    run: list[str] = []
    in_code = False
    fence = None
    for line in lines:
        if fence is not None:
            code = True
            if line.strip().startswith(fence):
                fence = None
        elif (opened := _FENCE.match(line)) is not None:
            code, fence = True, opened.group(1)
        elif line.lstrip().startswith(">>>"):
            code = True
        else:
            # a doctest's output runs to the next blank line
            code = in_code and bool(line.strip()) and _doctest_run(run)
        if code != in_code and run:
            yield in_code, "".join(run)
            run = []
        in_code = code
        run.append(line)
    if run:
        yield in_code, "".join(run)


def _doctest_run(run: list[str]) -> bool:
    return any(line.lstrip().startswith(">>>") for line in run)
