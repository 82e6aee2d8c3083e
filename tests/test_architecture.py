"""The import contract of auditkit's layers (docs/architecture.md), read from the source with ``ast``.

1. Layers import downwards only: cli -> api -> outputs -> engine -> inputs -> model.
2. The domain (model, inputs, engine) does not import the speed code that plugs into it: a source cache and a
   record scanner arrive as parameters (auditkit/speed/).
3. No import cycle between modules, counting imports inside functions (they only hide a cycle).
4. An import of auditkit inside a function says why in a comment (start-up time, a heavy optional dependency).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "auditkit"

LAYERS = [
    ("cli", ("auditkit.cli",)),
    ("api", ("auditkit.api",)),
    ("outputs", ("auditkit.outputs",)),
    ("engine", ("auditkit.engine", "auditkit.speed.early_scan")),
    ("inputs", ("auditkit.inputs", "auditkit.speed.cache", "auditkit.speed.fastschema")),
    ("model", ("auditkit.model", "auditkit.speed", "auditkit")),
]
"""Top to bottom. A speed module sits in the layer whose interface it implements (or, a helper without state,
at the bottom); the longest matching prefix decides."""

PLUGGED_IN = ("auditkit.speed.cache", "auditkit.speed.early_scan", "auditkit.speed.native_records")
"""Speed code the domain receives instead of importing."""
DOMAIN = ("model", "inputs", "engine")
NOT_YET: set[tuple[str, str]] = set()
"""Exceptions to rule 2: none; nothing may be added here."""


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(module: str) -> int:
    best = (-1, len(LAYERS))
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best[0]:
                best = (len(prefix), index)
    return best[1]


class _Imports(ast.NodeVisitor):
    """Every import of auditkit in one module: (imported module, line, inside a function, has a comment)."""

    def __init__(self, module: str, is_package: bool, lines: list[str], known: set[str]):
        self.module, self.is_package, self.lines, self.known = module, is_package, lines, known
        self.found: list[tuple[str, int, bool, bool]] = []
        self._depth = 0
        self._type_checking = 0

    def visit_FunctionDef(self, node):  # noqa: N802 - ast's naming
        self._depth += 1
        self.generic_visit(node)
        self._depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_If(self, node):  # noqa: N802
        guarded = isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        self._type_checking += guarded
        for child in node.body:
            self.visit(child)
        self._type_checking -= guarded
        for child in node.orelse:
            self.visit(child)

    def _add(self, target: str, node) -> None:
        if self._type_checking or not (target == "auditkit" or target.startswith("auditkit.")):
            return
        line = self.lines[node.lineno - 1]
        above = self.lines[node.lineno - 2].strip() if node.lineno > 1 else ""
        commented = "#" in line or above.startswith("#")
        self.found.append((target, node.lineno, self._depth > 0, commented))

    def visit_Import(self, node):  # noqa: N802
        for alias in node.names:
            self._add(alias.name, node)

    def visit_ImportFrom(self, node):  # noqa: N802
        if node.level:
            base = self.module.split(".") if self.is_package else self.module.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        for alias in node.names:
            sub = f"{target}.{alias.name}"
            self._add(sub if sub in self.known else target, node)


def _graph() -> dict[str, list[tuple[str, int, bool, bool]]]:
    files = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
    graph = {}
    for module, path in files.items():
        text = path.read_text("utf-8")
        visitor = _Imports(module, path.name == "__init__.py", text.splitlines(), set(files))
        visitor.visit(ast.parse(text))
        graph[module] = visitor.found
    return graph


GRAPH = _graph()


def test_layers_import_downwards_only():
    wrong = []
    for module, imports in GRAPH.items():
        for target, line, _, _ in imports:
            if _layer(target) < _layer(module):
                wrong.append(f"auditkit/{module.replace('.', '/')[9:]}.py:{line}: {module} ({LAYERS[_layer(module)][0]}) "
                             f"imports {target} ({LAYERS[_layer(target)][0]}): a lower layer must not import a higher one")
    assert not wrong, "\n".join(wrong)


def test_the_domain_receives_speed_code_as_parameters():
    wrong = []
    for module, imports in GRAPH.items():
        if LAYERS[_layer(module)][0] not in DOMAIN or module.startswith("auditkit.speed"):
            continue
        for target, line, _, _ in imports:
            plugged = any(target == p or target.startswith(p + ".") for p in PLUGGED_IN)
            if plugged and (module, target) not in NOT_YET:
                wrong.append(f"{module}:{line} imports {target}: pass it in through its interface instead")
    assert not wrong, "\n".join(wrong)


def test_the_domain_holds_no_run_state_in_globals():
    """A cache or a scanner is a parameter, never a module global, a holder set for a block or a context
    variable: no ``global`` statement and no ContextVar in the domain."""
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        if LAYERS[_layer(module)][0] not in DOMAIN or module.startswith("auditkit.speed"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Global):
                wrong.append(f"{module}:{node.lineno}: global {', '.join(node.names)}")
            if isinstance(node, ast.Name) and node.id == "ContextVar" or isinstance(node, ast.Attribute) and node.attr == "ContextVar":
                wrong.append(f"{module}:{node.lineno}: ContextVar")
    assert not wrong, "\n".join(wrong)


def _with_parents(target: str) -> list[str]:
    """Importing a.b.c runs a/__init__ and a/b/__init__ first."""
    parts = target.split(".")
    return [".".join(parts[:n]) for n in range(2, len(parts) + 1)]


def test_no_import_cycles():
    edges = {module: sorted({m for target, *_ in imports for m in _with_parents(target)
                             if m in GRAPH and m != module and not module.startswith(m + ".")})
             for module, imports in GRAPH.items()}
    cycles, state = [], {}

    def visit(module: str, stack: list[str]) -> None:
        state[module] = "open"
        for target in edges[module]:
            if state.get(target) == "open":
                cycles.append(" -> ".join(stack[stack.index(target):] + [module, target]))
            elif target not in state:
                visit(target, stack + [module] if module not in stack else stack)
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_imports_inside_functions_say_why():
    silent = sorted({f"{module}:{line} imports {target} inside a function without a comment saying why"
              for module, imports in GRAPH.items() for target, line, inside, commented in imports
              if inside and not commented})
    assert not silent, "\n".join(silent)


@pytest.mark.parametrize("bad, message", [
    ("auditkit.inputs.catalog", "a lower layer must not import a higher one"),
])
def test_the_contract_fails_clearly(bad, message, monkeypatch):
    """A lower layer importing a higher one is named, with file, line and both layers."""
    monkeypatch.setitem(GRAPH, bad, [*GRAPH[bad], ("auditkit.engine.checks", 1, False, False)])
    with pytest.raises(AssertionError, match=message):
        test_layers_import_downwards_only()
