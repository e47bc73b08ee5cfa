"""Dependencies point one way: engine <- scenario <- drivers <- command line and window.

Every module's imports (including those inside functions, and ``TYPE_CHECKING`` ones) are
read with :mod:`ast`; a module may import only from its own layer or a lower one, and no
two modules import each other, directly or round a longer loop (imports made only for type
checking, under ``if TYPE_CHECKING:``, never run, so they count for layers but not for loops).
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "game"

# Lowest first. A module belongs to the first layer whose prefix matches its name.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("game", "game.resources", "game.userdirs", "game.mapdata", "game.fileio", "game.text",
              "game.colours")),
    ("engine", ("game.engine", "game.limits")),
    ("scenario", ("game.scenario",)),
    ("drivers", ("game.challenges", "game.whatif", "game.textplay", "game.transcript", "game.classroom",
                 "game.goals")),
    ("front", ("game.cli", "game.__main__", "game.commands", "game.ui", "game.outputs")),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def layer_of(module: str) -> int:
    best, rank = -1, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            exact = module == prefix
            if (exact or module.startswith(prefix + ".")) and len(prefix) > best and (prefix != "game" or exact):
                best, rank = len(prefix), index
    assert rank >= 0, f"{module} is in no layer: add it to LAYERS"
    return rank


def _type_only(tree: ast.AST) -> set[int]:
    """ids of import nodes inside ``if TYPE_CHECKING:`` blocks."""
    nodes: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            nodes |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return nodes


def imports_of(module: str, run_time_only: bool = False) -> set[str]:
    """Project modules ``module`` imports, resolved to module names (not packages' names)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_only(tree) if run_time_only else set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                       for alias in node.names]
        else:
            continue
        found |= {t for t in targets if t in MODULES and t != module}
    return found


GRAPH = {module: imports_of(module) for module in MODULES}
RUN_TIME = {module: imports_of(module, run_time_only=True) for module in MODULES}


def test_every_module_is_in_a_layer():
    for module in MODULES:
        layer_of(module)


def test_imports_point_down_the_layers():
    upward = [f"{m} ({LAYERS[layer_of(m)][0]}) imports {t} ({LAYERS[layer_of(t)][0]})"
              for m, targets in GRAPH.items() for t in sorted(targets) if layer_of(t) > layer_of(m)]
    assert upward == []


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as [a, b, ..., a], or None. Importing a package's own modules from its
    __init__ is how a package is made, not a cycle, so package -> child edges are left out."""
    edges = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in graph.items()}
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state:
            cycle = visit(start)
            if cycle:
                return cycle
    return None


def test_no_module_imports_itself_round_a_loop():
    assert find_cycle(RUN_TIME) is None


def test_the_checks_see_function_level_imports_and_cycles():
    """The test can fail: a made-up upward import inside a function, and a loop."""
    assert "game.ui.report_card" in {t for t in GRAPH["game.commands.grade"]}  # imported in a function
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert layer_of("game.engine.game") < layer_of("game.scenario.build") < layer_of("game.whatif.runner")
    assert layer_of("game.whatif.runner") < layer_of("game.commands.whatif")


def test_commands_are_an_explicit_list_without_lookups():
    from game.commands import COMMANDS

    assert [m.__name__ for m in COMMANDS] == ["game.commands.basic", "game.commands.whatif",
                                             "game.commands.check", "game.commands.handout",
                                             "game.commands.grade", "game.commands.new_challenge",
                                             "game.commands.serve"]
    for module, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        assert "find_spec" not in text and "import_module" not in text, module
