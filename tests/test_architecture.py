"""The package layout keeps its promises: imports go down the flow, and no import cycle.

The layer contract lives in pyproject.toml ([tool.importlinter]) and is checked by import-linter,
which sees every import, inside functions and under TYPE_CHECKING too. The cycle check below is
a small walk over every import that can run (module level and deferred ones inside functions),
so a lazy import cannot hide a cycle either.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def module_names(package_dir: Path) -> dict[str, Path]:
    """Every module of a package tree by dotted name (packages by their `__init__`)."""
    names = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _runtime_imports(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import that can run: module level and inside functions, not under TYPE_CHECKING."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
            for other in child.orelse:
                yield from _runtime_imports(other)
        else:
            yield from _runtime_imports(child)


def import_graph(package_dir: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same package that its imports name.

    A parent package that a submodule import runs implicitly is not an edge: a package
    `__init__` that imports its own children is not a cycle (grimp and import-linter agree).
    """
    modules = module_names(package_dir)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                package = name if path.name == "__init__.py" else name.rpartition(".")[0]
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            # `from a.b import c` imports the module a.b.c when there is one, else names of a.b
            graph[name] |= {t for t in targets if t in modules and t != name}
            if isinstance(node, ast.ImportFrom) and any(t in modules for t in targets[1:]):
                graph[name].discard(targets[0])
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_service_has_no_import_cycle() -> None:
    graph = import_graph(ROOT / "service")
    assert "service.runtime.tasks" in graph  # the walk saw the real tree
    assert cycles(graph) == []


def test_cycle_walk_finds_a_planted_cycle(tmp_path: Path) -> None:
    """a -> sub.b (module level) -> sub.c (relative) -> a (deferred, in a function): a cycle;
    typed <-> hinted only under TYPE_CHECKING: none."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "",
        "sub/__init__.py": "from pkg.sub import b\n",
        "a.py": "from pkg.sub.b import thing\n",
        "sub/b.py": "from . import c\nthing = 1\n",
        "sub/c.py": "def late():\n    import pkg.a\n",
        "typed.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pkg.hinted\n",
        "hinted.py": "import pkg.typed\n",
    }
    for name, text in files.items():
        (pkg / name).write_text(text)
    assert cycles(import_graph(pkg)) == [["pkg.a", "pkg.sub.b", "pkg.sub.c"]]


def test_imports_go_down_the_layers() -> None:
    """import-linter's layer contract from pyproject.toml (run `lint-imports` to see the chains)."""
    # In a subprocess: import-linter reconfigures logging, which broke later tests' log capture.
    command = [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout, not another editable install
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
