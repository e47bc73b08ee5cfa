"""The text twin of the map: powers, their stance and what they hold, territories and holders.

Built as Doc blocks so it reads with the keyboard, scrolls, and scales with the font size.
"""

from __future__ import annotations

from ..text import Block
from ..theme import stance_word
from .map_view import WorldView

TIE_WORDS = {"guarantee": "guarantee", "war": "at war with", "occupation": "occupies"}


def table_blocks(spec, snapshot: dict, view: WorldView | None) -> list[Block]:
    names = {p.id: p.name for p in spec.powers}
    main = spec.main_attribute()
    label = main.label[:1].lower() + main.label[1:]
    blocks = [Block("heading", f"Powers ({label}, {main.end_low()} ... {main.end_high()})"),
              Block("row", columns=["Power", "Stance", "Holds", "Trusts (>= 0.5)"], widths=[0.22, 0.2, 0.3, 0.28],
                    bold=True)]
    trust = snapshot.get("trust", {})
    gone = dict(view.gone) if view is not None else {}
    future = set(view.future) if view is not None else set()
    for power in spec.powers:
        if power.id in gone or power.id in future:
            continue  # a state that ceased to exist leaves the table (listed below); one not yet a state is not in it
        value = snapshot["attributes"]["stance"][power.id]
        held = [t.name for t in spec.territories if snapshot["territory"][t.id] == power.id]
        trusted = [names[other] for other, v in trust.get(power.id, {}).items()
                   if other != power.id and other not in gone and v >= 0.5]
        blocks.append(Block("row", columns=[power.name, f"{value:+.2f} {stance_word(value)}", ", ".join(held) or "-",
                                            ", ".join(trusted) or "-"], widths=[0.22, 0.2, 0.3, 0.28]))
    if gone:
        ended = [names[p] + (f" (occupied by {names[o]})" if o else "") for p, o in gone.items()]
        blocks.append(Block("text", "No longer exists: " + ", ".join(ended)))
    if spec.territories:
        blocks += [Block("gap", height=6), Block("heading", "Territories"),
                   Block("row", columns=["Territory", "Held by", "Held at the start by"], widths=[0.34, 0.33, 0.33],
                         bold=True)]
        for territory in spec.territories:
            holder = snapshot["territory"][territory.id]
            columns = [territory.name, names.get(holder, holder), names.get(territory.holder, territory.holder)]
            blocks.append(Block("row", columns=columns,
                                widths=[0.34, 0.33, 0.33], highlight=holder != territory.holder))
    if view is not None and view.active:
        blocks += [Block("gap", height=6), Block("heading", "Pacts, alliances, guarantees and wars")]
        for kind, label, powers, to in view.active:
            if kind in ("pact", "alliance"):
                who = ", ".join(names[p] for p in powers)
            else:
                who = f"{', '.join(names[p] for p in powers)} {TIE_WORDS[kind]} {', '.join(names[p] for p in to)}"
            blocks.append(Block("text", f"{label} ({kind}): {who}"))
    flags = snapshot.get("flags", [])
    if view is not None and view.off_map:
        blocks += [Block("gap", height=6), Block("heading", "Off the map"),
                   Block("text", ", ".join(view.off_map))]
    if flags:
        blocks += [Block("gap", height=6), Block("heading", "What has happened"),
                   Block("text", ", ".join(f.replace("_", " ") for f in flags))]
    return blocks
