"""The shape of the code, checked: no two modules of the project import each other, however
far round, no adapter reaches for another module's private names, and no module grows past
400 lines. (What import-linter can
say, that the adapters reach the views only through the application layer and the layers, is
in the contracts of pyproject.toml.)"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("domain", "projections", "service")
ADAPTERS = ("service/http", "service/web", "service/cli")


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every group of modules that import each other round a cycle (Tarjan's strongly
    connected components), each sorted, with more than one module or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, imported = work[-1]
            step = next(imported, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(sorted(graph.find_modules_directly_imported_by(step)))))
                elif step in on_stack:
                    low[module] = min(low[module], index[step])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1 or graph.direct_import_exists(importer=module, imported=module):
                    cycles.append(sorted(group))
    return cycles


def test_no_modules_of_the_project_import_each_other_round_a_cycle() -> None:
    graph = grimp.build_graph(*PACKAGES)
    assert import_cycles(graph) == []


def test_a_cycle_between_modules_is_found_however_far_round_it_goes() -> None:
    graph = grimp.ImportGraph()
    for importer, imported in (("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("e", "e")):
        graph.add_import(importer=importer, imported=imported)
    assert sorted(import_cycles(graph)) == [["a", "b", "c"], ["e"]]


def private_names_reached(source: str) -> list[str]:
    """Names with a leading underscore that a module imports from another, or reaches on
    something it imported (``Other._helper``)."""
    tree = ast.parse(source)
    imported: set[str] = set()
    reached = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name.startswith("_") and alias.name != "__version__":
                    reached.append(alias.name)
                imported.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                imported.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in imported
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            reached.append(f"{node.value.id}.{node.attr}")
    return reached


def test_no_adapter_reaches_for_a_private_name_of_another_module() -> None:
    reached = {
        str(path.relative_to(ROOT)): names
        for folder in ADAPTERS
        for path in sorted((ROOT / folder).rglob("*.py"))
        if (names := private_names_reached(path.read_text(encoding="utf-8")))
    }
    assert reached == {}


def test_a_private_method_called_on_another_modules_class_is_found() -> None:
    source = (
        "from service.web.booking_pages import BookingPages\n"
        "from service.web.core import _helper\n"
        "def back(): return BookingPages._day_page()\n"
    )
    assert sorted(private_names_reached(source)) == ["BookingPages._day_page", "_helper"]


LONGEST = 400


def test_no_module_of_the_product_is_longer_than_400_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST
    }
    assert long == {}
