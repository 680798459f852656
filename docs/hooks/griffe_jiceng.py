"""Griffe extensions for jiceng's API reference: docstring roles as links, records' signatures.

:class:`RoleLinks` turns Sphinx roles into autorefs links: ``:class:`~jiceng.Hierarchy```,
``:meth:`Hierarchy.total```, ``:mod:`jiceng.renovation``` and the like become
``[`Hierarchy`][jiceng.hierarchy.Hierarchy]``, which mkdocstrings' autorefs turns into a link to
the object's page. A short name is looked up from the object being documented outwards (its
class, its module, the module's package), then from the top of the package, the way Sphinx
resolves it. A role naming a builtin or another package's object (``:class:`KeyError```,
``:class:`~pydantic.ValidationError```) becomes plain code, and one naming nothing found in the
package logs a warning, which fails a strict build.

:class:`RecordSignatures` gives attrs classes and pydantic models and dataclasses the ``__init__``
that their libraries write at run time, which static analysis cannot see: without it a record's
documented parameters "do not appear in the signature" and have no types.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import griffe

__all__ = ["RecordSignatures", "RoleLinks"]

_logger = logging.getLogger("mkdocs.plugins.jiceng.griffe")


def _sibling(name: str) -> ModuleType:
    """Import a module beside this file; griffe loads this file by path, not from ``sys.path``."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


apidocs: Any = _sibling("apidocs")


class RoleLinks(griffe.Extension):
    """Rewrite the roles of every docstring in a package, once the package is loaded.

    Parameters
    ----------
    package : str
        The package whose docstrings are rewritten and whose objects roles may link to.
    """

    def __init__(self, package: str = "jiceng") -> None:
        super().__init__()
        self.package = package

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Rewrite the docstrings of ``pkg`` and of everything in it, if it is our package."""
        if pkg.name != self.package:
            return
        for obj in _objects(pkg):
            docstring = obj.docstring
            if docstring is not None and ":" in docstring.value:
                docstring.value = apidocs.convert_roles(
                    docstring.value, lambda role, target, obj=obj: self._link(obj, role, target)
                )

    def _link(self, obj: griffe.Object, role: str, target: str) -> str | None:
        root = obj.package
        absolute = target == self.package or target.startswith(f"{self.package}.")
        scopes: list[griffe.Object] = []
        if not absolute:
            scope: griffe.Object | None = obj if (obj.is_class or obj.is_module) else obj.parent
            while scope is not None:
                scopes.append(scope)
                scope = scope.parent
        parts = target.split(".")[1:] if absolute else target.split(".")
        for scope in [*scopes, root] if not absolute else [root]:
            found = _resolve(scope, parts)
            if found is not None:
                return found
        if not absolute and apidocs.is_external(target):
            return None
        line = obj.docstring.lineno if obj.docstring else obj.lineno
        _logger.warning(
            "%s:%s: %s: :%s:`%s` names no %s object",
            obj.relative_filepath,
            line,
            obj.path,
            role,
            target,
            self.package,
        )
        return None


def _objects(obj: griffe.Object) -> list[griffe.Object]:
    """Return an object and every object defined in it (not imported), depth first."""
    found = [obj]
    for member in obj.members.values():
        if not member.is_alias:
            found.extend(_objects(member))  # type: ignore[arg-type]
    return found


def _resolve(scope: griffe.Object, parts: list[str]) -> str | None:
    """Return the identifier under which the object at ``scope.parts`` is documented, if any.

    An imported name is followed to where it is defined, since that is where its documentation
    is rendered; an inherited member keeps the path of the class it is looked up in.
    """
    current: griffe.Object | griffe.Alias = scope
    path = scope.path
    for part in parts:
        members = current.all_members if current.is_class else current.members
        member = members.get(part)
        if member is None:
            return None
        try:
            if member.is_alias and not member.inherited:
                current = member.final_target
                path = current.path
            else:
                current = member.final_target if member.is_alias else member
                path = f"{path}.{part}"
        except (griffe.AliasResolutionError, griffe.CyclicAliasError):
            return None
    return path


_ATTRS = {
    "attr.attrs",
    "attr.define",
    "attr.frozen",
    "attr.mutable",
    "attr.s",
    "attrs.define",
    "attrs.frozen",
    "attrs.mutable",
}
_PYDANTIC_DATACLASS = {"pydantic.dataclasses.dataclass", "pydantic.dataclass"}
_PYDANTIC_MODEL = {"pydantic.BaseModel", "pydantic.main.BaseModel"}
_FIELD_CALL = re.compile(r"^(?:\w+\.)*(?:field|Field|ib|attrib)\(")
_HAS_DEFAULT = re.compile(r"\b(?:default|default_factory|factory)\s*=")


class RecordSignatures(griffe.Extension):
    """Give attrs classes and pydantic models the ``__init__`` their libraries generate.

    Parameters
    ----------
    package : str
        The package whose classes get signatures.
    """

    def __init__(self, package: str = "jiceng") -> None:
        super().__init__()
        self.package = package

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Add an ``__init__`` to each record class of ``pkg`` that has none of its own."""
        if pkg.name != self.package:
            return
        for obj in _objects(pkg):
            if obj.is_class and "__init__" not in obj.members:
                kind = _record_kind(obj, pkg)  # type: ignore[arg-type]
                if kind is not None:
                    _set_init(obj, pkg, keyword_only=kind == "model")  # type: ignore[arg-type]


def _record_kind(cls: griffe.Class, pkg: griffe.Module) -> str | None:
    """Return "model", "dataclass" or None for a class that gets no generated ``__init__``."""
    paths = {decorator.callable_path for decorator in cls.decorators}
    if paths & _ATTRS or paths & _PYDANTIC_DATACLASS:
        return "dataclass"
    return "model" if any(_is_model(base, pkg) for base in _bases(cls, pkg)) else None


def _bases(cls: griffe.Class, pkg: griffe.Module) -> list[str]:
    return [base.canonical_path if isinstance(base, griffe.Expr) else base for base in cls.bases]


def _is_model(path: str, pkg: griffe.Module) -> bool:
    if path in _PYDANTIC_MODEL:
        return True
    base = _find(pkg, path)
    return base is not None and any(_is_model(parent, pkg) for parent in _bases(base, pkg))


def _find(pkg: griffe.Module, path: str) -> griffe.Class | None:
    """Return the class of ``pkg`` at a dotted path, following imports, or None."""
    if not path.startswith(f"{pkg.name}."):
        return None
    try:
        obj = pkg[path.split(".", 1)[1]]
        obj = obj.final_target if obj.is_alias else obj
    except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None
    return obj if obj.is_class else None


def _fields(cls: griffe.Class, pkg: griffe.Module) -> list[griffe.Parameter]:
    """Return the init parameters of a record: its bases' fields first, then its own."""
    inherited = []
    for base_path in _bases(cls, pkg):
        base = _find(pkg, base_path)
        if base is not None:
            inherited.extend(_fields(base, pkg))
    own = []
    for member in cls.members.values():
        if member.is_alias or not member.is_attribute or member.annotation is None:
            continue
        annotation = str(member.annotation)
        if "ClassVar" in annotation or "InitVar" in annotation or member.name.startswith("_"):
            continue
        value = None if member.value is None else str(member.value)
        if value is not None and _FIELD_CALL.match(value):
            value = "..." if _HAS_DEFAULT.search(value) else None
        own.append(griffe.Parameter(member.name, annotation=member.annotation, default=value))
    names = {parameter.name for parameter in own}
    return [parameter for parameter in inherited if parameter.name not in names] + own


def _set_init(cls: griffe.Class, pkg: griffe.Module, *, keyword_only: bool) -> None:
    kind = griffe.ParameterKind.keyword_only if keyword_only else None
    parameters = [griffe.Parameter("self", kind=griffe.ParameterKind.positional_or_keyword)]
    for parameter in _fields(cls, pkg):
        parameter.kind = kind or griffe.ParameterKind.positional_or_keyword
        parameters.append(parameter)
    init = griffe.Function(
        "__init__",
        lineno=cls.lineno,
        endlineno=cls.lineno,
        parent=cls,
        parameters=griffe.Parameters(*parameters),
        returns="None",
    )
    cls.set_member("__init__", init)
