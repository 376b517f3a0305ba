"""The import graph of our packages: no module imports another's private names, and no circle.

ruff's PLC2701 (private import, on in pyproject.toml) lets a package import its own private names
across modules (`extractors.ocr` from `extractors.readers`), so this walks the source itself.
Imports inside functions count too: deferring an import hides a circle, it does not remove it.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("models", "extractors", "validators", "scoring", "flows", "storage", "cli", "api", "tools")


def _modules() -> dict[str, Path]:
    out = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


MODULES = _modules()


def _imports(module: str, path: Path, top_level_only: bool) -> list[tuple[str, list[str], int]]:
    """(imported module, names imported from it, line) for each import of ours in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] in PACKAGES:
                names = [a.name for a in node.names]
                found.append((base, names, node.lineno))
                # `from pkg import mod` imports a module too
                found += [(f"{base}.{n}", [], node.lineno) for n in names if f"{base}.{n}" in MODULES]
        elif isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if a.name.split(".")[0] in PACKAGES]
    return found


def test_no_private_name_is_imported_from_another_module() -> None:
    offences = [
        f"{path.relative_to(ROOT)}:{line}: {name} from {target}"
        for module, path in MODULES.items()
        for target, names, line in _imports(module, path, top_level_only=False)
        for name in names
        if name.startswith("_") and not name.startswith("__") and target != module
    ]
    assert offences == []




def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        targets = {t for t, _, _ in _imports(module, path, top_level_only=False) if t in MODULES and t != module}
        # A package's __init__ importing its own submodules is how it re-exports them, not a circle.
        graph[module] = {t for t in targets if not (path.name == "__init__.py" and t.startswith(module + "."))}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_circle_among_our_modules() -> None:
    assert _cycles(_graph()) == []


def test_layers_point_one_way() -> None:
    """models imports nothing of ours; extractors, validators and scoring import only models
    (and themselves); storage never imports the stages."""
    allowed = {
        "models": {"models"},
        "extractors": {"models", "extractors"},
        "validators": {"models", "validators"},
        "scoring": {"models", "scoring"},
        "storage": {"models", "storage"},
    }
    offences = [
        f"{module} imports {target}"
        for module, path in MODULES.items()
        if module.split(".")[0] in allowed
        for target, _, _ in _imports(module, path, top_level_only=False)
        if target.split(".")[0] not in allowed[module.split(".")[0]]
    ]
    assert offences == []


def test_the_checker_sees_a_circle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
