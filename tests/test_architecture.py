"""The import rule of the house (docs/design/kernel.md), read from the source with ``ast``.

* Engines never import shells (CLI, API, web, report).
* The kernel imports no engine (and no shell).
* No import cycle between the packages of ``peakzero``, nor between the modules of ``grid``.

Every import counts, wherever it stands: at module level, under ``TYPE_CHECKING`` and inside a
function. An import inside a function is fine for laziness (the CLI imports PyPSA only when a
grid command runs), but laziness only delays an edge, it does not remove it: a lazy import that
points the wrong way or closes a cycle is still a tangle, so it is not excused.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "peakzero"

ENGINES = frozenset(
    {
        "accounting",
        "accounts",
        "pathways",
        "grid",
        "programme",
        "monitoring",
        "regions",
        "equipment",
        "projects",
        "studies",
    }
)
SHELLS = frozenset({"cli", "api", "web", "report", "demo"})  # demo: seeds a demo database
TEST_SUPPORT = frozenset({"testing"})  # helpers for tests: held to the shells' rule
KERNEL = frozenset(
    {
        "units",
        "constants",
        "codes",
        "checks",
        "settings",
        "errors",
        "io",
        "data",
        "technologies",  # technology data read by the pathway costs and the grid alike
        "records",  # record types declared once, read by the programme and the store
    }
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imported(path: Path) -> Iterator[str]:
    """The ``peakzero`` modules a file imports (``from a import b`` is ``a.b`` when that is a
    module, else ``a``), wherever the import statement stands."""
    modules = _modules()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [
                f"{node.module}.{alias.name}"
                if f"{node.module}.{alias.name}" in modules
                else node.module
                for alias in node.names
            ]
        else:
            continue
        yield from (name for name in names if name.split(".")[0] == "peakzero")


@cache
def _graph() -> dict[str, frozenset[str]]:
    """Module → the modules it imports (the ``peakzero`` root itself left out: importing any
    submodule runs it, so an edge to it says nothing)."""
    return {
        module: frozenset(name for name in _imported(path) if name != "peakzero")
        for module, path in _modules().items()
    }


def _part(module: str) -> str:
    """The top-level package or module of ``peakzero`` a module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def _violations(sources: frozenset[str], targets: frozenset[str]) -> list[str]:
    return sorted(
        f"{module} imports {name}"
        for module, names in _graph().items()
        if _part(module) in sources
        for name in names
        if _part(name) in targets
    )


def test_the_rule_knows_every_package() -> None:
    """A new package must be placed in the rule (engine, shell or kernel) or named here."""
    outside = {"", "store"}  # the public API (__init__) and the store, between engines and shells
    parts = {_part(module) for module in _modules()}
    assert parts - ENGINES - SHELLS - TEST_SUPPORT - KERNEL - outside == set()


def test_engines_never_import_shells() -> None:
    assert _violations(ENGINES, SHELLS | TEST_SUPPORT) == []


def test_the_kernel_imports_no_engine_and_no_shell() -> None:
    assert _violations(KERNEL, ENGINES | SHELLS | TEST_SUPPORT | {"store"}) == []


def test_no_import_cycle_between_packages() -> None:
    edges: dict[str, set[str]] = {}
    for module, names in _graph().items():
        edges.setdefault(_part(module), set()).update(
            _part(name) for name in names if _part(name) != _part(module)
        )
    assert _cycles(edges) == []


def test_no_import_cycle_between_the_modules_of_a_package() -> None:
    """Inside ``grid`` above all (network, supply and sectors; solve and aggregation; results and
    iamc once imported each other), and inside every other package too."""
    found = {}
    for package in sorted({_part(module) for module in _graph()}):
        inside = {m: n for m, n in _graph().items() if _part(m) == package}
        edges = {m: {n for n in names if n in inside and n != m} for m, names in inside.items()}
        if cycles := _cycles(edges):
            found[package] = cycles
    assert found == {}


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
