"""Mutation testing of game/engine and game/scenario on a stratified random sample.

All ~9,000 mutants that mutmut makes of the two packages cannot run on a small machine
in a working session (a surviving mutant runs every covering test), so this script
draws a fixed-seed sample of N mutants from EVERY module, runs each one on its own,
and estimates the score of the whole population with a 95% confidence interval.

    pip install 'mutmut==3.8.1'          # a dev tool, not a dependency of the game
    python scripts/mutation_sample.py generate        # copy HEAD to the work dir, make mutants
    nice -n 19 python scripts/mutation_sample.py run  # run the sample (resumable)
    python scripts/mutation_sample.py report          # per module and overall figures
    python scripts/mutation_sample.py list            # the sampled mutant names
    python scripts/mutation_sample.py run NAME ...    # re-run chosen mutants (after a new test)

Mutants are mutmut's own (its trampolines pick the mutant from MUTANT_UNDER_TEST at
each call), made in a copy of `git archive HEAD`, so the checkout is never touched.
Each mutant runs in a fresh pytest process over the in-process tests that
[tool.mutmut] in pyproject.toml selects (tests/engine and tests/scenario minus the
fuzz, conformance, model-claim and subprocess tests), with the test file that
mirrors the mutated module FIRST and -x: a killed mutant usually stops in seconds.
Verdicts: killed (a test failed), survived (all passed), timeout (no verdict within
--timeout seconds), error (pytest could not run: collection or usage error). The score is
killed / (killed + survived): timeouts and errors are listed, not counted.
Results are kept in <workdir>/sample-results.json; `run` skips names already there,
so a stopped run resumes, and `run NAME ...` re-runs chosen names and overwrites them.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import time
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_WORKDIR = Path("/tmp/mutation-sample")
MUTMUT_VERSION = "3.8.1"  # generate() uses mutmut's internal steps of `mutmut run`

# The tests that exercise a module most directly, run first so a kill comes early.
# Modules not listed use tests/<package>/test_<module>.py when it exists.
FIRST: dict[str, list[str]] = {
    "game.engine.controllers": ["tests/engine/test_extension_points.py"],
    "game.engine.dates": ["tests/engine/test_calendar.py"],
    "game.engine.errors": ["tests/engine/test_errors.py", "tests/engine/test_expr_refusals.py"],
    "game.engine.expr": [
        "tests/engine/test_expr.py",
        "tests/engine/test_expr_evaluation.py",
        "tests/engine/test_expr_refusals.py",
    ],
    "game.engine.hooks": ["tests/engine/test_extension_points.py"],
    "game.engine.log": ["tests/engine/test_chronicle.py"],
    "game.engine.spec": ["tests/engine/test_expr_evaluation.py"],
    "game.scenario.lint": ["tests/scenario/test_lint.py", "tests/scenario/test_lint_warnings.py"],
    "game.scenario.logic": ["tests/scenario/test_logic.py", "tests/scenario/test_logic_checks.py"],
    "game.scenario.texts": ["tests/scenario/test_texts.py", "tests/scenario/test_text_values.py"],
    "game.scenario.yamlread": ["tests/scenario/test_reader.py"],
    "game.scenario.yamlhints": ["tests/scenario/test_plain_messages.py", "tests/scenario/test_reader.py"],
    "game.scenario.pydantic_errors": ["tests/scenario/test_bad_files.py"],
    "game.scenario.diagnostics": ["tests/scenario/test_diagnostics.py", "tests/scenario/test_plain_messages.py"],
}


def selection() -> list[str]:
    """The test selection of [tool.mutmut] (one source of truth with `mutmut run`)."""
    with open(REPO / "pyproject.toml", "rb") as f:
        return list(tomllib.load(f)["tool"]["mutmut"]["pytest_add_cli_args_test_selection"])


def first_tests(module: str) -> list[str]:
    if module in FIRST:
        return FIRST[module]
    if module.count(".") != 2:
        return []  # "fail": mutmut's check that a mutant can fail the tests
    package, name = module.split(".")[1:3]
    mirror = f"tests/{package}/test_{name}.py"
    return [mirror] if (REPO / mirror).exists() else []


def generate(workdir: Path) -> None:
    import mutmut

    if mutmut.__version__ != MUTMUT_VERSION:
        sys.exit(f"error: needs mutmut {MUTMUT_VERSION} (its internals), found {mutmut.__version__}")
    if workdir.exists() and any(workdir.iterdir()):
        sys.exit(f"error: {workdir} is not empty; remove it or pass another --workdir")
    workdir.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "HEAD"], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(workdir)], input=archive.stdout, check=True)
    os.chdir(workdir)
    # The generating half of `mutmut run` (mutmut 3.8.1, __main__._run), without its
    # stats pass and clean run, which take half an hour on a loaded machine.
    from mutmut.__main__ import create_mutants
    from mutmut.mutation.trampoline import set_mutant_under_test
    from mutmut.utils.file_utils import copy_also_copy_files, copy_src_dir, setup_source_paths

    set_mutant_under_test("mutant_generation")
    copy_src_dir()
    copy_also_copy_files()
    setup_source_paths()
    stats = create_mutants(1)
    names = all_mutants(workdir)
    print(f"{stats.mutated} files mutated, {sum(map(len, names.values()))} mutants in {workdir}/mutants")


def all_mutants(workdir: Path) -> dict[str, list[str]]:
    """Every mutant name mutmut made, by module, from its .meta files."""
    by_module: dict[str, list[str]] = {}
    for meta in sorted((workdir / "mutants" / "game").rglob("*.py.meta")):
        module = ".".join(meta.relative_to(workdir / "mutants").with_suffix("").with_suffix("").parts)
        keys = json.loads(meta.read_text())["exit_code_by_key"]
        if keys:
            by_module[module] = sorted(keys)
    if not by_module:
        sys.exit(f"error: no mutants under {workdir}/mutants; run `generate` first")
    return by_module


def sample(by_module: dict[str, list[str]], per_module: int, seed: int) -> dict[str, list[str]]:
    """per_module names drawn from each module (all of a smaller module), by a fixed seed.

    Kept in drawing order, so the first k of each module are themselves a random sample:
    a run stopped after k rounds (see run) is still a stratified random sample."""
    rng = random.Random(seed)
    return {m: rng.sample(names, min(per_module, len(names))) for m, names in sorted(by_module.items())}


def module_of(name: str) -> str:
    # "game.scenario.build.x__Builder_aims__mutmut_18" -> "game.scenario.build"
    return name.rsplit(".", 1)[0]


def run_one(workdir: Path, name: str, timeout: float) -> tuple[str, float]:
    module = module_of(name)
    # This file is also the pytest plugin that moves those tests first (pytest itself
    # runs a file named before its folder in folder order); scripts/ holds no `game`,
    # and the mutated `game` in the current directory comes first on sys.path anyway.
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "mutation_sample",
           "--rootdir=.", *selection()]
    env = dict(os.environ, MUTANT_UNDER_TEST=name,
               MUTATION_FIRST=os.pathsep.join(first_tests(module)),
               PYTHONPATH=os.pathsep.join([str(REPO / "scripts"), os.environ.get("PYTHONPATH", "")]))
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    # Cached bytecode of the mutated files (in the work dir, a throwaway copy) saves ~10 s
    # a mutant: with all its mutants, build.py is 3.5 MB of source to compile.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, cwd=workdir / "mutants", env=env, timeout=timeout,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - start
    verdict = {0: "survived", 1: "killed"}.get(proc.returncode, f"error {proc.returncode}")
    return verdict, time.monotonic() - start


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Plugin hook (`-p mutation_sample`): the tests of MUTATION_FIRST run first, in that order."""
    first = [f for f in os.environ.get("MUTATION_FIRST", "").split(os.pathsep) if f]
    rank = {f: i for i, f in enumerate(first)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(first)))


RESULTS = "sample-results.json"


def load_results(path: Path) -> dict[str, dict[str, object]]:
    return json.loads(path.read_text()) if path.exists() else {}


def save_results(path: Path, results: dict[str, dict[str, object]]) -> None:
    path.with_suffix(".tmp").write_text(json.dumps(results, indent=1, sort_keys=True))
    path.with_suffix(".tmp").replace(path)


def run(workdir: Path, results_path: Path, chosen: list[str], per_module: int, seed: int, timeout: float) -> None:
    results = load_results(results_path)
    if chosen:
        todo = chosen
    else:
        picked = sample(all_mutants(workdir), per_module, seed)
        # Round robin over modules, so a stopped run still covers every module evenly.
        todo = [n for row in zip_longest_names(picked) for n in row if n not in results]
    for i, name in enumerate(todo, 1):
        verdict, seconds = run_one(workdir, name, timeout)
        results[name] = {"verdict": verdict, "seconds": round(seconds, 1)}
        save_results(results_path, results)
        print(f"[{i}/{len(todo)}] {verdict:9} {seconds:6.1f}s {name}", flush=True)


def zip_longest_names(picked: dict[str, list[str]]) -> list[list[str]]:
    longest = max(map(len, picked.values()))
    return [[names[i] for names in picked.values() if i < len(names)] for i in range(longest)]


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def report(workdir: Path, results_path: Path, per_module: int, seed: int) -> None:
    population = all_mutants(workdir)
    picked = sample(population, per_module, seed)
    results = load_results(results_path)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for module, names in picked.items():
        for name in names:
            verdict = str(results.get(name, {}).get("verdict", "not run"))
            counts[module][verdict.split()[0]] += 1
    total_pop = sum(len(v) for v in population.values())
    print(f"{'module':32} {'mutants':>7} {'sample':>6} {'killed':>6} {'surv.':>5} {'t/o':>4} {'err':>4} "
          f"{'not run':>7} {'score':>6}")
    estimate = variance = covered = 0.0
    k_all = n_all = 0
    for module in sorted(picked):
        c = counts[module]
        k, s, t, e = c["killed"], c["survived"], c["timeout"], c["error"]
        # A timeout is left out of the score, as an error is: on a loaded shared machine it is
        # most often a slow survivor, not a mutant that hangs (mutmut would count it detected).
        # Re-run timeouts with a longer --timeout to give them a verdict.
        n = k + s
        score = k / n if n else float("nan")
        print(f"{module:32} {len(population[module]):7} {len(picked[module]):6} {k:6} {s:5} {t:4} {e:4} "
              f"{c['not']:7} {score:6.1%}")
        k_all += k
        n_all += n
        if n:
            # Stratified estimate: each module's score weighs by its share of the mutants.
            # The variance uses the Agresti-Coull score (k+2)/(n+4), so a module whose few
            # sampled mutants were all killed does not count as known exactly.
            weight = len(population[module]) / total_pop
            covered += weight
            estimate += weight * score
            adjusted = (k + 2) / (n + 4)
            fpc = 1 - n / len(population[module])  # a module sampled whole is known exactly
            variance += weight * weight * adjusted * (1 - adjusted) / (n + 4) * fpc
    low, high = wilson(k_all, n_all)
    print(f"\nsample: {n_all} mutants with a verdict, {k_all} detected: {k_all / max(n_all, 1):.1%} "
          f"(Wilson 95% CI {low:.1%}-{high:.1%}; unweighted: small modules are over-represented)")
    if covered:
        estimate, half = estimate / covered, 1.96 * math.sqrt(variance) / covered
        print(f"all {total_pop} mutants, each module weighted by its number of mutants: {estimate:.1%} "
              f"(95% CI {max(estimate - half, 0):.1%}-{min(estimate + half, 1):.1%})"
              + ("" if covered > 0.999 else f"; only modules with a verdict, {covered:.0%} of the mutants"))
    sampled = {name for names in picked.values() for name in names}
    for verdict in ("survived", "timeout", "error"):
        names = sorted(n for n in sampled if str(results.get(n, {}).get("verdict", "")).startswith(verdict))
        if names:
            print(f"\n{verdict}:\n  " + "\n  ".join(names))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["generate", "list", "run", "report"])
    parser.add_argument("names", nargs="*", help="mutant names for `run` (default: the sample)")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--per-module", type=int, default=16)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds a mutant may take (a survivor runs every selected test: ~2-3 min)")
    parser.add_argument("--results", default=RESULTS,
                        help="results file in the work dir (keep a 'before' file when tests change)")
    args = parser.parse_args()
    results_path = args.workdir.resolve() / args.results
    workdir = args.workdir.resolve()
    if args.command == "generate":
        generate(workdir)
    elif args.command == "list":
        for names in sample(all_mutants(workdir), args.per_module, args.seed).values():
            print("\n".join(names))
    elif args.command == "run":
        run(workdir, results_path, args.names, args.per_module, args.seed, args.timeout)
    else:
        report(workdir, results_path, args.per_module, args.seed)


if __name__ == "__main__":
    main()
