"""What-if results as text tables and as JSON (one or several runs side by side)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..engine.dates import iso
from .runner import Result
from .stats import month_label

NOTE = ("These are frequencies in a model under the stated assumptions, not historical "
        "probabilities; see docs/whatif.md.")


def _pct(x: float) -> str:
    return f"{100 * x:.2f}%" if 0 < x < 0.01 else f"{100 * x:.1f}%"


def _title(results: Sequence[Result]) -> list[str]:
    first = results[0].plan
    spec = first.spec
    lines = [f"What if? {spec.title}",
             f"{first.worlds:,} worlds per run, seed {first.seed}; scenario {spec.id} "
             f"({iso(spec.start)} to {iso(spec.end)})"]
    fixed = {k: v for k, v in first.settings.items()}
    if len(results) > 1:
        varied = _varied_key(results)
        fixed.pop(varied, None)
    if fixed:
        lines.append("Settings: " + ", ".join(f"{k}={_value(v)}" for k, v in sorted(fixed.items())))
    lines.append("General war means: " + (first.war or "(not defined; use --war CONDITION)"))
    return lines


def _varied_key(results: Sequence[Result]) -> str:
    return results[0].plan.label.partition("=")[0]


def _value(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def text_report(results: Sequence[Result], controllers_note: str = "") -> str:
    """The plain-text report: endings with intervals, war by month, attribute by month."""
    out = _title(results)
    if controllers_note:
        out.append(controllers_note)
    labels = [r.plan.label or "result" for r in results]
    width = max(24, *(len(label) + 2 for label in labels))
    spec = results[0].plan.spec

    out += ["", "Endings: share of worlds (95% confidence interval)"]
    name_width = max(len(e.title) for e in spec.endings) + 2
    out.append(" " * (name_width + 2) + "".join(label.ljust(width) for label in labels).rstrip())
    rows = [r.endings() for r in results]
    for i, ending in enumerate(spec.endings):
        cells = [f"{_pct(rs[i].share):>6} ({_pct(rs[i].low)}-{_pct(rs[i].high)})" for rs in rows]
        out.append(f"  {ending.title:<{name_width}}" + "".join(c.ljust(width) for c in cells).rstrip())

    months = [month_label(int(d)) for d in results[0].months]
    if results[0].plan.war is not None:
        out += ["", "General war by the end of each month: share of worlds"]
        out.append("  month    " + "".join(label.ljust(width) for label in labels).rstrip())
        # Every plan of one comparison follows the same war flag, so none of these is None.
        shares = [s for r in results if (s := r.war_share()) is not None]
        for m, month in enumerate(months):
            out.append(f"  {month}  " + "".join(_pct(s[m]).ljust(width) for s in shares).rstrip())
        last = [ci for r in results if (ci := r.war_interval()) is not None]
        out.append("  95% CI at the end: " + "; ".join(
            f"{label}: {_pct(lo)}-{_pct(hi)}" for label, (lo, hi) in zip(labels, last)))

    attribute = results[0].plan.attribute
    series = results[0].series
    if attribute and series is not None:
        powers = [p.id for p in spec.powers] if series.kind == "attribute" else [series.name]
        col = max(13, *(len(p) + 2 for p in powers))
        whose = "of each power" if series.kind == "attribute" else "(a global)"
        for r, label in zip(results, labels):
            heading = f"{attribute.capitalize()} {whose} at the end of each month: mean ± sd over worlds"
            out += ["", heading + (f"  [{label}]" if len(results) > 1 else "")]
            out.append("  month    " + "".join(p.ljust(col) for p in powers).rstrip())
            mean, sd = r.attr_mean(), r.attr_sd()
            for m, month in enumerate(months):
                cells = [f"{mean[p, m]:+.2f} ±{sd[p, m]:.2f}" for p in range(len(powers))]
                out.append(f"  {month}  " + "".join(c.ljust(col) for c in cells).rstrip())
    out += ["", NOTE]
    return "\n".join(out) + "\n"


def result_json(result: Result) -> dict:
    plan = result.plan
    data = {
        "label": plan.label,
        "settings": {k: v for k, v in sorted(plan.settings.items())},
        "worlds": result.worlds,
        "endings": [
            {"id": e.id, "title": e.title, "count": e.count, "share": e.share, "ci95": [e.low, e.high]}
            for e in result.endings()
        ],
        "endings_by_month": {
            ending.id: [int(c) for c in result.tally.ending_month[i]]
            for i, ending in enumerate(plan.spec.endings)
        },
    }
    war, interval = result.war_share(), result.war_interval()
    if war is not None and interval is not None:
        data["war_by_month"] = [float(x) for x in war]
        data["war_ci95_at_end"] = list(interval)
    series = result.series
    if plan.attribute and series is not None:
        mean, sd = result.attr_mean(), result.attr_sd()
        rows = [p.id for p in plan.spec.powers] if series.kind == "attribute" else [series.name]
        data[plan.attribute] = {
            row: {"mean": [float(x) for x in mean[i]], "sd": [float(x) for x in sd[i]]}
            for i, row in enumerate(rows)
        }
    return data


def json_report(results: Sequence[Result], extra: dict | None = None) -> str:
    first = results[0].plan
    data = {
        "scenario": first.spec.id,
        "title": first.spec.title,
        "content_hash": first.spec.content_hash,
        "seed": first.seed,
        "worlds": first.worlds,
        "war": first.war,
        "attribute": first.attribute,
        "months": [iso(int(d)) for d in results[0].months],
        **(extra or {}),
        "runs": [result_json(r) for r in results],
        "note": NOTE,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
