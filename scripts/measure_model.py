"""Print every figure of docs/model.md, so the page can be checked and regenerated.

    python scripts/measure_model.py              # all tables (a few minutes on one core)
    python scripts/measure_model.py calibration  # one section: calibration, propositions,
                                                 # settings, strategies, spread

Every run is AI-only except for the powers a probe (scenarios/probes/NAME.yaml) plays; the
same numbers come from `python -m game whatif --choices PROBE --preset NAME --war flag.X`.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from game.commands.common import load_choices  # noqa: E402
from game.engine import Game  # noqa: E402
from game.scenario import load_scenario  # noqa: E402

SCENARIO = ROOT / "scenarios" / "europe1936.yaml"
PROBES = ROOT / "scenarios" / "probes"


def load_probe(spec, name: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    """(powers, {power: {event: option}}) of scenarios/probes/NAME.yaml, read as
    `whatif --choices NAME` reads it."""
    return load_choices(name, spec, [])


def setting_probes(path: Path = PROBES / "settings.csv") -> dict[str, tuple]:
    """setting -> (probe, outcome flag, from, to): the table tests/scenario/test_model_claims.py
    pins too (numbers as floats)."""
    def value(text: str):
        try:
            return float(text)
        except ValueError:
            return text

    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return {row["setting"]: (row["probe"], row["outcome"], value(row["from"]), value(row["to"]))
            for row in csv.DictReader(rows)}


def presets(spec) -> dict[str, dict]:
    """Preset name -> its full settings, as the scenario declares them."""
    return {p.id: spec.preset_settings(p.id) for p in spec.presets}


def run(spec, probe: str | None = None, settings: dict | None = None, worlds: int = 20_000,
        seed: int = 0, controllers: dict | None = None) -> Game:
    ctl = dict(controllers or {})
    if probe:
        ctl.update(load_probe(spec, probe)[1])
    return Game(spec, settings=settings or {}, seed=seed, worlds=worlds, controllers=ctl,
                default_controller="ai").run()


def share(game: Game, flag: str) -> float:
    return float(game.state.flags[game.spec.flag_index(flag)].mean())


def ending_shares(game: Game) -> dict[str, float]:
    counts = Counter(int(i) for i in game.state.ending)
    return {e.id: counts[i] / game.worlds for i, e in enumerate(game.spec.endings)}


def tv(a: dict[str, float], b: dict[str, float]) -> float:
    """Total-variation distance between two ending distributions (0..1)."""
    return 0.5 * sum(abs(a[k] - b[k]) for k in a)


# ---------------------------------------------------------------------------- sections
def calibration(spec) -> None:
    game = run(spec, settings=presets(spec)["middle"])
    pact = game.state.flags[spec.flag_index("nazi_soviet_pact")]
    invaded = game.state.flags[spec.flag_index("poland_invaded")]
    print("## Calibration: AI-only, preset middle, 20,000 worlds, seed 0")
    print("| ending | share |\n|---|---:|")
    for ending, value in sorted(ending_shares(game).items(), key=lambda kv: -kv[1]):
        print(f"| {ending} | {value:.1%} |")
    print()
    print("| flag | share |\n|---|---:|")
    for flag in ("general_war", "nazi_soviet_pact", "grand_alliance", "hitler_toppled", "poland_invaded"):
        print(f"| {flag} | {share(game, flag):.1%} |")
    print(f"| pact, then no invasion (share of pact worlds) | {(pact & ~invaded).sum() / max(pact.sum(), 1):.1%} |")
    print()


PROPOSITIONS = [
    # (probe, preset, what, flag or (flag, given flag))
    ("west_firm_1938", "believer", "Germany checked", "germany_checked", None),
    ("west_firm_1938", "middle", "Germany checked", "germany_checked", None),
    ("west_firm_1938", "sceptic", "Germany checked", "germany_checked", None),
    ("west_firm_1938", "sceptic", "USSR fights, among worlds at war in 1938", "soviet_in_war_1938", "war_1938"),
    ("west_firm_1938", "believer", "USSR fights, among worlds at war in 1938", "soviet_in_war_1938", "war_1938"),
    ("west_concedes_1939", "believer", "Nazi-Soviet pact", "nazi_soviet_pact", None),
    ("west_concedes_1939", "middle", "Nazi-Soviet pact", "nazi_soviet_pact", None),
    ("west_concedes_1939", "sceptic", "Nazi-Soviet pact", "nazi_soviet_pact", None),
]


def conditional(game: Game, flag: str, given: str | None) -> float:
    f = game.state.flags[game.spec.flag_index(flag)]
    if given is None:
        return float(f.mean())
    g = game.state.flags[game.spec.flag_index(given)]
    return float((f & g).sum() / max(g.sum(), 1))


def propositions(spec) -> None:
    print("## Propositions (20,000 worlds, seed 0)")
    print("| probe | preset | outcome | share |\n|---|---|---|---:|")
    for probe, preset, what, flag, given in PROPOSITIONS:
        game = run(spec, probe, presets(spec)[preset])
        print(f"| {probe} | {preset} | {what} | {conditional(game, flag, given):.1%} |")
    print()
    print("Transit closed (preset middle, transit=closed): Red Army in contact with Germany")
    for probe in ("west_firm_1938", "west_concedes_1939"):
        game = run(spec, probe, {**presets(spec)["middle"], "transit": "closed"})
        print(f"  {probe}: soviet_front {share(game, 'soviet_front'):.1%}, "
              f"grand_alliance {share(game, 'grand_alliance'):.1%}")
    print("Hitler's calculation: invasion among grand-alliance worlds, west_concedes_1939, middle")
    for value in ("closed", "open"):
        game = run(spec, "west_concedes_1939", {**presets(spec)["middle"], "transit": value})
        print(f"  transit={value}: invaded {conditional(game, 'poland_invaded', 'grand_alliance'):.1%} "
              f"of {share(game, 'grand_alliance'):.1%} alliance worlds")
    print()


# setting -> (probe, outcome flag, from, to); one table for this script and the tests
SETTINGS = setting_probes()


def setting_effects(spec, worlds: int = 20_000) -> dict[str, tuple[float, float]]:
    out = {}
    middle = presets(spec)["middle"]
    for key, (probe, flag, low, high) in SETTINGS.items():
        a = share(run(spec, probe, {**middle, key: low}, worlds), flag)
        b = share(run(spec, probe, {**middle, key: high}, worlds), flag)
        out[key] = (a, b)
    return out


def settings_table(spec) -> None:
    print("## Each setting from one end of its range to the other (preset middle otherwise)")
    print("| setting | probe | outcome | from | to | change |\n|---|---|---|---:|---:|---:|")
    for key, (a, b) in setting_effects(spec).items():
        probe, flag, low, high = SETTINGS[key]
        print(f"| `{key}` | {probe} | `{flag}` | {low}: {a:.1%} | {high}: {b:.1%} | {100 * (b - a):+.1f} |")
    print()


# power -> (name of the alternative strategy, {event: option}); the other strategy is history
STRATEGIES = {
    "Germany": ("restraint", {"anschluss": "wait", "godesberg": "accept_plan", "prague": "keep_munich",
                              "hitler_telegram": "no_telegram", "invasion": "hold"}),
    "USSR": ("western alliance", {"merekalov": "keep_away", "litvinov_dismissal": "keep",
                                  "astakhov_schnurre": "rebuff", "trade_agreement": "decline",
                                  "the_pact": "alliance_west", "soviet_september": "aid_poland"}),
    "Britain": ("firm", {"berchtesgaden": "warn", "munich_call": "stand_firm", "munich": "refuse",
                         "deadline_1938": "refuse", "western_answer": "accept",
                         "political_talks": "meet_terms", "moscow_talks": "senior", "warsaw_pressure": "press_hard"}),
    "France": ("firm", {"berchtesgaden": "stand_by_treaty", "munich": "honour", "deadline_1938": "honour",
                        "western_answer": "accept",
                        "political_talks": "press_london", "moscow_talks": "press_warsaw"}),
}


def strategies(spec, worlds: int = 20_000) -> None:
    print("## Two strategies per great power (the rest AI, preset middle, 20,000 worlds)")
    print("| power | history | alternative | total-variation distance |\n|---|---|---|---:|")
    for power, (name, choices) in STRATEGIES.items():
        a = ending_shares(run(spec, controllers={power: "history"}, worlds=worlds))
        b = ending_shares(run(spec, controllers={power: choices}, worlds=worlds))
        print(f"| {power} | as in history | {name} | {100 * tv(a, b):.1f} points |")
    print()


def random_strategy(spec, power: str, rng: np.random.Generator) -> dict[str, str]:
    return {e.id: e.options[power][int(rng.integers(len(e.options[power])))].id
            for e in spec.events if power in e.options}


def spread(spec, strategies_per_power: int = 60, worlds: int = 1000) -> None:
    """Share of the variance of the ending (one-hot, summed over endings) that lies between
    strategies: a power's pure strategies drawn at random, every other power played by the AI."""
    print(f"## Strategy or chance? ({strategies_per_power} random strategies x {worlds} worlds, preset middle)")
    print("| power | from the strategy | from chance and the other powers |\n|---|---:|---:|")
    n = len(spec.endings)
    for power in STRATEGIES:
        rng = np.random.default_rng(0)
        shares = []
        for k in range(strategies_per_power):
            game = run(spec, controllers={power: random_strategy(spec, power, rng)}, worlds=worlds, seed=k)
            shares.append(np.bincount(game.state.ending.astype(int), minlength=n) / worlds)
        p = np.array(shares)  # [strategy, ending]
        within = (p * (1 - p)).mean(axis=0).sum()
        between = p.var(axis=0).sum()
        print(f"| {power} | {between / (between + within):.0%} | {within / (between + within):.0%} |")
    print()


if __name__ == "__main__":
    spec = load_scenario(SCENARIO)
    sections = {"calibration": calibration, "propositions": propositions, "settings": settings_table,
                "strategies": strategies, "spread": spread}
    for section in sys.argv[1:] or list(sections):
        sections[section](spec)
