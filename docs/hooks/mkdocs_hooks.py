"""mkdocs hooks: one API page per public module, and the repository files the guides link to.

``on_config`` appends a page per public module (see ``apidocs.py``) to the nav section holding
``api/index.md``; ``on_files`` adds those pages, each rendering its module with mkdocstrings. A
package's page renders what the package defines (or imports from a private module) and lists the
names it re-exports from public modules with a link to where they are documented, so no object is
documented twice. Guides that link out of ``docs/`` to a file of the repository (the benchmarks'
README, an example script) get a copy of that file in the site, under ``repository/``, so the link
works in the site as it does on disk; a link to a file that does not exist stays broken and fails
a strict build.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

import apidocs
import griffe
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

PACKAGE = "jiceng"
REPOSITORY_DIR = "repository"
_LINK = re.compile(r"(\]\()(?P<target>[^)\s#]+)(?P<rest>[^)]*\))")
_modules: list[str] = []


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Find the public modules and put their pages in the nav."""
    _modules[:] = apidocs.public_modules(PACKAGE)
    if config.nav is None or not apidocs.insert_api_nav(config.nav, _modules):
        raise PluginError(f"mkdocs.yml: no nav section lists {apidocs.API_DIR}/index.md")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add a generated page per public module, and the repository files that guides link to."""
    src = Path(config.config_file_path).parent / "src"
    package = griffe.load(PACKAGE, search_paths=[str(src)], resolve_aliases=False)
    for module in _modules:
        content = _page(package, module)
        files.append(File.generated(config, apidocs.page_uri(module), content=content))
    docs = Path(config.docs_dir).resolve()
    repository = docs.parent
    for target in sorted({t for page in files.documentation_pages() for t in _outside(page, docs)}):
        path = repository / target
        if path.is_file() and not files.get_file_from_path(f"{REPOSITORY_DIR}/{target}"):
            uri = f"{REPOSITORY_DIR}/{target}"
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Point a guide's links to repository files at their copies in the site."""
    docs = Path(config.docs_dir).resolve()

    def relink(match: re.Match[str]) -> str:
        target = _repository_target(page.file.src_uri, match["target"], docs)
        if target is None or files.get_file_from_path(f"{REPOSITORY_DIR}/{target}") is None:
            return match.group(0)
        here = posixpath.dirname(page.file.src_uri)
        relative = posixpath.relpath(f"{REPOSITORY_DIR}/{target}", here or ".")
        return f"{match.group(1)}{relative}{match['rest']}"

    return _LINK.sub(relink, markdown)


def _outside(file: File, docs: Path) -> set[str]:
    """Return the repository paths of the links of a page that leave ``docs/``."""
    if file.abs_src_path is None or file.generated_by is not None:
        return set()
    text = Path(file.abs_src_path).read_text(encoding="utf-8")
    targets = (_repository_target(file.src_uri, m["target"], docs) for m in _LINK.finditer(text))
    return {target for target in targets if target is not None}


def _repository_target(src_uri: str, link: str, docs: Path) -> str | None:
    """Return the repository path of a relative link that leaves ``docs/``, or None."""
    if "://" in link or link.startswith(("/", "mailto:")):
        return None
    joined = posixpath.normpath(posixpath.join("docs", posixpath.dirname(src_uri), link))
    if joined.startswith(("docs/", "../")):
        return None
    return joined


def _page(package: griffe.Module, name: str) -> str:
    """Return the Markdown of a module's page."""
    module: Any = package if name == PACKAGE else package[name.removeprefix(f"{PACKAGE}.")]
    exported = module.exports if module.exports is not None else None
    rendered: list[str] = []
    linked: list[tuple[str, str]] = []
    for member_name in exported or []:
        member = module.members.get(member_name)
        target = member.target_path if member is not None and member.is_alias else None
        if target is None or _private(target):
            rendered.append(member_name)
        else:
            linked.append((member_name, target))
    lines = [f"::: {name}"]
    if exported is not None:
        lines += ["    options:", f"      members: {_yaml_list(rendered) if rendered else 'false'}"]
    if linked:
        lines += [
            "",
            "## Re-exported names",
            "",
            f"Documented where they are defined, and importable from `{name}` too.",
            "",
            "| Name | Defined in |",
            "| --- | --- |",
        ]
        for member_name, target in linked:
            where = target if target in _modules else target.rpartition(".")[0]
            home = f"[`{where}`][{where}]" if where.startswith(PACKAGE) else f"`{where}`"
            link = f"[`{member_name}`][{target}]" if target.startswith(PACKAGE) else member_name
            lines.append(f"| {link} | {home} |")
    return "\n".join(lines) + "\n"


def _private(path: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in path.split("."))


def _yaml_list(names: list[str]) -> str:
    return "[" + ", ".join(f'"{name}"' for name in names) + "]"
