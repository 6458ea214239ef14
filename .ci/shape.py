"""The house rules ruff cannot state: no module over 400 lines, no function over 50.

Run by .ci/run over loadwatch/ and dashboards/; prints each breach and exits 1.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50


def breaches(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            found.append(f"{path}: {lines} lines (at most {MAX_MODULE_LINES})")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(f"{path}:{node.lineno}: {node.name} is {length} lines "
                                 f"(at most {MAX_FUNCTION_LINES})")
    return found


if __name__ == "__main__":
    problems = [p for folder in ("loadwatch", "dashboards") for p in breaches(Path(folder))]
    print("\n".join(problems) or "module and function sizes: kept")
    sys.exit(1 if problems else 0)
