"""licscan's modules import each other one way: no import cycle, lazy imports included.

The graph is read from the source (AST), so an import inside a function counts as much as one at
the top of a module.  Imports under ``if TYPE_CHECKING:`` are left out: they never run.  ``from
package import submodule`` is an edge to the submodule only.
"""

from __future__ import annotations

from collections.abc import Callable


def test_licscan_has_no_import_cycle(
    find_cycle: Callable[[dict[str, set[str]]], list[str]],
    import_graph: Callable[[], dict[str, set[str]]],
) -> None:
    cycle = find_cycle(import_graph())
    assert not cycle, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_a_cycle(
    find_cycle: Callable[[dict[str, set[str]]], list[str]]
) -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_imports_inside_functions_and_skips_type_checking_ones(
    import_graph: Callable[[], dict[str, set[str]]]
) -> None:
    graph = import_graph()
    assert "licscan.run.engines" in graph["licscan.api"]  # imported inside scan()
    assert "licscan.run.context" not in graph["licscan.run.unit"]  # for type checking only
