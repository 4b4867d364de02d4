"""Run every benchmark module, or those named on the command line: python -m bench [api search …]."""

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main(names: list[str]) -> int:
    folder = Path(__file__).parent
    modules = sorted(
        m.name for m in pkgutil.iter_modules([str(folder)]) if m.name.startswith("bench_")
    )
    if names:
        modules = [m for m in modules if m.removeprefix("bench_") in names]
    if not modules:
        print("no benchmarks to run", file=sys.stderr)
        return 1
    for name in modules:
        print(f"\n=== {name.removeprefix('bench_')} ===", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"bench.{name}").run(sys.stdout)
        print(f"({time.perf_counter() - started:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
