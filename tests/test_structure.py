"""The package's shape: no import cycles, and every capability assembled the same way.

The import graph is read from the source with `ast`, without importing anything, so a cycle that
Python happens to tolerate today (because of import order or a late import) is still found.

Every import statement counts as an edge, wherever it stands: at module level and inside functions
(or `if` blocks). A function-level import is still a dependency; it only defers the cycle to run
time. That is how cycles used to hide here (a route module imported at the bottom of views.py, a
`_register_extras()` importing inside a function), so a graph of module-level imports alone would
have passed the old code. An edge goes to the module named, or, for `from package import name`,
to the submodule `package.name` when that is a module and to the package's `__init__` otherwise;
importing `a.b` is not counted as importing `a` (Python runs `a/__init__` first, but that is not a
dependency of the importer's design and would make every module depend on the root's create_app).
"""

import ast
import functools
import importlib
from pathlib import Path

from flask import Blueprint

PACKAGE = Path(__file__).resolve().parent.parent / "lagesbild"
ROOT = "lagesbild"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in PACKAGE.rglob("*.py")}


# Parsed when a test first needs them, not when the module is collected: every xdist worker of both
# passes collects this file, and parsing the whole package cost each about half a CPU second.
@functools.cache
def _trees() -> dict[str, ast.Module]:
    return {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def _imports(name: str) -> set[str]:
    """The package's modules that module `name` imports, anywhere in its source."""
    is_package = MODULES[name].name == "__init__.py"
    here = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(_trees()[name]):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in MODULES}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = here.split(".")
                base = parts[: len(parts) - node.level + 1] + ([node.module] if node.module else [])
                source = ".".join(base)
            else:
                source = node.module or ""
            for alias in node.names:
                if f"{source}.{alias.name}" in MODULES:
                    found.add(f"{source}.{alias.name}")
                elif source in MODULES:
                    found.add(source)
    found.discard(name)
    return found


@functools.cache
def _graph() -> dict[str, set[str]]:
    return {name: _imports(name) for name in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycle_anywhere_in_the_package():
    """No cycle inside any package, nor across packages (a cycle anywhere is one inside lagesbild)."""
    # First, that the finder sees a cycle closed by a function-level import at all.
    graph = {"a.views": {"a.routes"}, "a.routes": {"a.views"}, "a.forms": set()}
    assert _cycles(graph) == [["a.routes", "a.views"]]
    assert _cycles({"a.views": {"a.forms"}, "a.forms": set()}) == []
    source = "def register():\n    from .views import bp\n"
    _trees()["lagesbild.admin.example"] = ast.parse(source)
    MODULES["lagesbild.admin.example"] = PACKAGE / "admin" / "example.py"
    try:
        assert _imports("lagesbild.admin.example") == {"lagesbild.admin.views"}
    finally:
        del _trees()["lagesbild.admin.example"], MODULES["lagesbild.admin.example"]
    assert _cycles(_graph()) == []


def _decorator_name(decorator: ast.expr) -> str:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return getattr(target, "attr", getattr(target, "id", ""))


def _folders_with_views() -> set[str]:
    """Packages holding route functions: a function with a role decorator (`member_required` …,
    which every signed-in page carries) or a route decorator (`@bp.get` …, the old shape)."""
    folders = set()
    for name, tree in _trees().items():
        names = {
            _decorator_name(decorator)
            for node in tree.body
            if isinstance(node, ast.FunctionDef)
            for decorator in node.decorator_list
        }
        if any(n.endswith("_required") or n in {"route", "get", "post"} for n in names):
            folders.add(name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0])
    return folders


def test_every_capability_with_views_has_a_blueprint_module():
    folders = _folders_with_views()
    assert {"lagesbild.admin", "lagesbild.auth", "lagesbild.meeting", "lagesbild.web"} <= folders
    missing = sorted(folder for folder in folders if f"{folder}.blueprint" not in MODULES)
    assert missing == []


def test_blueprints_are_made_only_in_blueprint_modules():
    """Route modules never hold a Blueprint, so they never need one imported (no cycle back)."""
    makers = sorted(
        name
        for name, tree in _trees().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Blueprint"
        and not name.endswith(".blueprint")
    )
    assert makers == []


def test_only_create_app_imports_the_blueprint_modules():
    blueprints = sorted(name for name in MODULES if name.endswith(".blueprint"))
    assert blueprints
    importers = {bp: sorted(name for name, edges in _graph().items() if bp in edges) for bp in blueprints}
    assert importers == {bp: [ROOT] for bp in blueprints}


def test_every_blueprint_made_is_registered_on_the_app(app):
    made = {
        value.name
        for name in MODULES
        if name.endswith(".blueprint")
        for value in vars(importlib.import_module(name)).values()
        if isinstance(value, Blueprint)
    }
    assert made == set(app.blueprints)


def test_commands_are_registered_in_one_place():
    """Only lagesbild/cli.py touches a command group (no bp.cli); the demo is called in plain code."""
    touching = sorted(
        name
        for name, tree in _trees().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "cli"
        if name != "lagesbild.cli"
    )
    assert touching == []
    hooks = sorted(name for name, path in MODULES.items() if "lagesbild_demo_hooks" in path.read_text())
    assert hooks == []
