"""Issue 9 point 6: the story follows the choices, in the shipped scenario.

A line that states a power's choice carries ``by:`` (or, for an option's own lines, the
option itself); the engine counts every world where such a line appears without that choice.
Every other line that names a playable power is either a fixed happening of its event (no
condition, no chance, and that power has no say in the event) or listed in REVIEWED with the
reason it does not state that power's choice.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import replace

import pytest

from game.engine import Game
from game.scenario import load_scenario
from game.scenario.registry import SCENARIO_DIR

PATH = SCENARIO_DIR / "europe1936.yaml"

# the words by which a line names a playable power
NAMES = {
    "Germany": ("Germany", "German", "Hitler", "Berlin", "Ribbentrop", "Reich"),
    "USSR": ("USSR", "Soviet", "Moscow", "Stalin", "Litvinov", "Molotov", "Red Army", "Voroshilov"),
    "Britain": ("Britain", "British", "London", "Chamberlain", "Halifax"),
    "France": ("France", "French", "Paris", "Daladier", "Bonnet"),
    "Italy": ("Italy", "Italian", "Rome", "Mussolini", "Ciano"),
    "Czechoslovakia": ("Czechoslovakia", "Czech", "Prague", "Benes"),
    "Poland": ("Poland", "Polish", "Warsaw", "Beck"),
    "Romania": ("Romania", "Bucharest"),
}

OBJECT = "names the power as the object, the place or the observer of others' acts, not as the actor"
GENERALS = "the generals act against Hitler; a coup is chance (the generals setting), not Germany's choice"
BATTLE = "the result of a battle or a campaign, drawn by chance from the forces engaged"
# line -> (the playable powers it names without stating their choice, why)
REVIEWED = {
    "rhineland.remilitarised": ({"France", "Germany"},
        "the premise of the event: the troops are already in; France's line is its own non-march"),
    "rhineland_answer.coup_1936": ({"Germany", "France"}, GENERALS + "; France's march is the event's premise"),
    "non_intervention.french_arms": ({"Italy", "USSR"},
        "Moscow's and Rome's readings of France's act, not acts of their own"),
    "non_intervention.farce": ({"USSR"}, "Moscow's reading of the policy, not an act"),
    "non_intervention.committee": ({"Britain"}, "London is the place"),
    "anschluss.anschluss_done": ({"Czechoslovakia"}, OBJECT),
    "may_crisis.germany_denies": ({"Germany"}, "what the press says; no German act is stated"),
    "may_crisis.case_green": ({"Czechoslovakia"},
        "Czechoslovakia is the target; Hitler's order is a fixed happening (Germany has no say in the event)"),
    "godesberg.soviet_warning": ({"Czechoslovakia", "Poland"}, OBJECT),
    "godesberg.soviet_mobilisation": ({"Germany"}, "German intelligence observing the Soviet call-up"),
    "godesberg.soviet_mobilisation:else": ({"Germany", "USSR"},
        "German intelligence finds nothing of weight; no Soviet act is stated"),
    "rhineland.league_condemns": ({"Germany", "France"},
        "an act of the League Council (where France did not march); Germany's breach is the event's premise"),
    "spain_intervention.airlift_german": ({"Italy"}, "names no Italian act: Italy stayed out in this world"),
    "spain_intervention.airlift_italian": ({"Germany"}, "names no German act: Germany stayed out in this world"),
    "munich.munich_agreement": ({"Germany", "USSR"},
        "Hitler signs his own terms (Germany chose them at Godesberg); Moscow is the observer"),
    "munich.munich_agreement_without_italy": ({"Germany", "USSR"},
        "Hitler signs his own terms (Germany chose them at Godesberg); Moscow is the observer"),
    "munich.munich_without_britain": ({"Germany", "USSR"},
        "Hitler signs his own terms (Germany chose them at Godesberg); Moscow is the observer"),
    "munich.britain_stays_out": ({"Czechoslovakia", "USSR"}, OBJECT),
    "munich_call.no_conference": ({"Germany"},
        "Hitler's deadline is named only where Germany set it at Godesberg (the {if} reads the flag; CLAIMS pins it)"),
    "deadline_1938.terms_accepted": ({"Czechoslovakia", "Germany", "USSR"},
        "Hitler's terms are the premise of the event; Prague and Moscow are the objects"),
    "deadline_1938.terms_without_britain": ({"Germany", "USSR"},
        "Hitler's terms are the premise of the event; Moscow is the observer"),
    "deadline_1938.britain_stays_out": ({"Czechoslovakia", "USSR"}, OBJECT),
    "czech_answer.sudeten_occupation": ({"Germany", "France"},
        "the occupation is the term of Munich that Germany set at Godesberg and France signed; it follows Prague's acceptance"),
    "hitler_decides.coup_1938": ({"Germany", "France"}, GENERALS + "; France's firmness is the event's premise"),
    "hitler_decides.war_begins": ({"Czechoslovakia"}, OBJECT),
    "soviet_war_1938.coalition_1938": ({"Czechoslovakia", "France", "USSR"},
        "the forces of the coalition, as far as each power chose to fight"),
    "w38_case_green.czech_line": ({"Czechoslovakia", "France", "Germany"}, BATTLE),
    "soviet_czech_war.sc_front": ({"Czechoslovakia", "Germany", "Poland", "Romania", "USSR"}, BATTLE),
    "czech_alone.czech_overrun": ({"Czechoslovakia"}, BATTLE + "; Prague's choice to fight alone is the event's premise"),
    "w38_winter.wartime_coup": ({"France", "Germany"}, GENERALS),
    "italy_leaves_league.italy_quits": ({"Italy"},
        "Rome's walk-out follows its Axis and its signature of the Anti-Comintern Pact (the event needs "
        "the Axis and no refusal of the pact); not asked as a choice of its own (docs/model.md, 'Still open')"),
    "vienna_award.vienna": ({"Czechoslovakia"}, "the rump state is the object of the award; Prague's acceptance is the event's premise"),
    "polish_soviet_communique.communique_1938": ({"France"}, "the event needs the settlement France signed; no French act is stated"),
    "tilea_scare.tilea": ({"Germany", "Poland", "Romania", "USSR"},
        "a report of a German ultimatum that Bucharest denies (the scare's fixed fact, no choice); the powers London asks are its objects"),
    "tilea_scare.tilea_ignored": ({"Czechoslovakia", "Germany", "Romania"},
        "a report of a German ultimatum that Bucharest denies (the scare's fixed fact, no choice); Prague is the place"),
    "guarantees.guarantee_made": ({"Poland"}, OBJECT),
    "guarantees.guarantee_british_only": ({"Poland"}, OBJECT),
    "western_answer.rebuff_1939": ({"USSR"}, OBJECT),
    "w39_spring.spring_decision": ({"Czechoslovakia", "Germany"}, BATTLE),
    "political_talks.talks_drag": ({"USSR"}, "Moscow's reading of London's delay, not an act"),
    "moscow_talks.mission_without_powers": ({"USSR"},
        "Voroshilov finds what London sent; Moscow's reading, not a choice"),
    "polish_answer.talks_stall": ({"Britain", "France", "USSR"}, OBJECT),
    "invasion.coup_1939": ({"Germany"}, GENERALS),
    "declarations.allies_fight": ({"Germany"}, OBJECT),
    "declarations.abandoned": ({"Poland", "Germany"},
        "Poland is the object; Germany's invasion is the event's premise (it needs flag.poland_invaded)"),
    "baltic_pacts.lithuania_pact": ({"Poland"}, OBJECT),
    "w39_autumn.autumn_decision": ({"Germany"}, BATTLE),
    "allied_war.two_front_coup": ({"France", "Germany", "Poland", "USSR"}, GENERALS),
    "allied_war.hollow_front": ({"Germany", "Poland", "Romania"},
        "the road the Red Army lacks; the USSR's war is its own choice (tagged)"),
    "league_expels.expelled": ({"USSR"}, OBJECT),
    "league_expels.not_expelled": ({"USSR"}, OBJECT),
    "league_expels.finnish_resistance": ({"USSR"}, BATTLE),
    "soviet_front_opens": ({"Germany", "Poland", "Romania"},
        "Poland and Romania are the roads; the crossing follows their transit choices and the USSR's war (tagged)"),
    "germany_is_checked": ({"Germany"}, "a definition for the statistics"),
    "grand_alliance_1938": ({"Germany"},
        "Hitler's retreat is the occasion of the alliance; the line states only its members' acts (tagged)"),
    "prague.carpatho": ({"Germany"}, "Hungary's act, which follows the German occupation; no German act is stated"),
    # an option's own line naming a power that decides in the same event
    "rhineland.Britain.restrain": ({"France"}, OBJECT),
    "rhineland.Britain.back_france": ({"France"}, OBJECT),
    "rhineland.USSR.staff_talks": ({"France"}, OBJECT),
    "non_intervention.Britain.tolerate": ({"France"}, "what London would tolerate, not a French act"),
    "anschluss.Britain.protest": ({"Germany"}, OBJECT),
    "anschluss.Britain.warn": ({"Germany"}, OBJECT),
    "anschluss.France.mobilise": ({"Germany"}, OBJECT),
    "litvinov_1938.France.accept": ({"USSR"}, OBJECT),
    "litvinov_1938.Britain.accept": ({"USSR"}, OBJECT),
    "may_crisis.Britain.silent": ({"Czechoslovakia"}, OBJECT),
    "may_crisis.USSR.back_prague": ({"Czechoslovakia"}, OBJECT),
    "berchtesgaden.Britain.warn": ({"France"}, "a pledge about what France might do, not a French act"),
    "godesberg.USSR.pledge": ({"Czechoslovakia"}, OBJECT),
    "godesberg.USSR.pledge_firm": ({"Czechoslovakia"}, OBJECT),
    "godesberg.Poland.refuse": ({"USSR"}, OBJECT),
    "godesberg.Poland.allow": ({"USSR"}, OBJECT),
    "godesberg.Romania.refuse": ({"USSR"}, OBJECT),
    "godesberg.Romania.overflight": ({"Czechoslovakia", "USSR"}, OBJECT),
    "godesberg.Romania.transit": ({"Czechoslovakia", "USSR"}, OBJECT),
    "berchtesgaden.France.press_prague": ({"Britain"},
        "London's own choice in the same event, stated in the branch that reads it (CLAIMS pins each branch)"),
    "godesberg.Germany.accept_plan": ({"Czechoslovakia"}, OBJECT),
    "munich_call.Britain.conference": ({"Italy"}, OBJECT),
    "deadline_1938.Britain.refuse": ({"France"}, "a pledge about what France might do, not a French act"),
    "fo_communique.Britain.issue": ({"France"}, "the communique's words about France's treaty, not a French act"),
    "fo_communique.France.discount": ({"Britain"}, OBJECT),
    "fo_communique.France.echo": ({"Britain"}, "what Paris says it counts on, not a British act"),
    "munich.Britain.refuse": ({"France"}, "a pledge about what France might do, not a French act"),
    "soviet_conference_1939.USSR.propose": ({"Britain"}, OBJECT),
    "soviet_conference_1939.USSR.wait": ({"Britain"}, OBJECT),
    "soviet_conference_1939.Britain.premature": ({"USSR"}, "a declaration London proposes, not a Soviet act"),
    "guarantees.France.stay_out": ({"Britain"}, OBJECT),
    "merekalov.USSR.overture": ({"Germany"}, OBJECT),
    "merekalov.USSR.keep_away": ({"Germany"}, OBJECT),
    "merekalov.Germany.listen": ({"USSR"}, OBJECT),
    "political_talks.France.follow": ({"Britain"}, OBJECT),
    "political_talks.France.press_london": ({"Britain"}, OBJECT),
    "moscow_talks.Britain.drax": ({"France"},
        "France sends Doumenc under either of its options; its choice is whether to press Warsaw"),
    "moscow_talks.Britain.senior": ({"France"},
        "France sends Doumenc under either of its options; its choice is whether to press Warsaw"),
    "transit_question.USSR.ask": ({"Romania"}, OBJECT),
    "transit_question.Romania.refuse": ({"USSR"}, OBJECT),
    "transit_question.Romania.allow": ({"USSR"}, OBJECT),
    "warsaw_pressure.Britain.support": ({"France"}, "what London would back, not a French act"),
    "trade_agreement.Germany.court": ({"USSR"}, OBJECT),
    "trade_agreement.Germany.leave": ({"USSR"}, OBJECT),
    "anglo_polish.Britain.sign": ({"Poland"}, OBJECT),
    "anglo_polish.Britain.delay": ({"Poland"}, OBJECT),
    "anglo_polish.Poland.decline": ({"Britain"}, OBJECT),
    "rearmament_1939": ({"Britain", "France", "Germany"}, "a background trend in every world, no power's choice"),
    "general_war_begins": ({"Germany"}, "a definition for the statistics"),
}


@pytest.fixture(scope="module")
def spec():
    return load_scenario(PATH)


def named(text: str) -> set[str]:
    return {p for p, words in NAMES.items() if any(re.search(r"\b" + re.escape(w), text) for w in words)}


def reviewed(key: str) -> set[str]:
    """The powers REVIEWED clears for a line; a failed chance's line ("RULE:else") shares its rule's."""
    powers = set(REVIEWED.get(key, ((), ""))[0])
    if key.endswith(":else"):
        powers |= set(REVIEWED.get(key[:-len(":else")], ((), ""))[0])
    return powers


def lines(spec):
    """(key, rule, event or None, text, tagged powers, owner) for every line a rule or an option
    can write; ``owner`` is the power whose option it is (None for a rule)."""
    rules = [(e, r) for e in spec.events for r in e.resolve] + [(None, r) for r in spec.rules]
    for event, rule in rules:
        key = rule.id  # "event.rule" for an event's rules
        for suffix, text, tagged in (("", rule.text, {p for p, _ in rule.by}), (":else", rule.else_text, set())):
            if text:  # 'by' covers 'text'; the line a chance writes when it fails is "RULE:else"
                yield key + suffix, rule, event, text, tagged, None
    for event in spec.events:
        for power, options in event.options.items():
            for option in options:
                if option.rule.text:  # key "event.Power.option"
                    tagged = {power} | {p for p, _ in option.rule.by}
                    yield option.rule.id, option.rule, event, option.rule.text, tagged, power


def unaccounted(spec) -> list[tuple[str, str, str]]:
    """Lines that name a playable power, do not carry its tag and are neither fixed nor reviewed.

    A rule's line is fixed when it has no condition and no chance and the power has no say in
    its event. An option's line may name a power that has no say in the event (the event's
    premise, like a fixed happening); a power deciding in the same event must be tagged."""
    playable = {p.id for p in spec.powers if p.playable}
    found = []
    for key, rule, event, text, tagged, owner in lines(spec):
        fixed = event is not None and (owner is not None or (rule.when is None and rule.chance is None))
        for power in sorted(named(text) & playable - tagged):
            if fixed and power not in event.options:
                continue
            if power not in reviewed(key):
                found.append((key, power, text))
    return found


# ------------------------------------------------------------- what a condition presupposes
def _bare(text: str) -> str:
    """``text`` without brackets around the whole of it."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")"):
        depth = 0
        for i, c in enumerate(text):
            depth += (c == "(") - (c == ")")
            if depth == 0 and i < len(text) - 1:
                return text
        text = text[1:-1].strip()
    return text


def _top(text: str, word: str) -> list[str]:
    """``text`` split at ``word`` ('and' or 'or') outside brackets."""
    parts, depth, current = [], 0, ""
    for token in re.split(r"(\(|\)|\s+" + word + r"\s+)", text):
        depth += (token == "(") - (token == ")")
        if depth == 0 and token != token.strip() and token.strip() == word:
            parts.append(current)
            current = ""
        else:
            current += token
    return [_bare(p) for p in parts + [current]]


def required_flags(condition: str) -> list[set[str]]:
    """The flags a condition needs: one set of alternatives per top-level 'and' term that is a
    flag or an 'or' of flags (negations and comparisons are left out)."""
    needed = []
    for term in _top(_bare(condition), "and"):
        alternatives = _top(term, "or")
        if all(re.fullmatch(r"flag\.\w+", a) for a in alternatives):
            needed.append({a[len("flag."):] for a in alternatives})
    return needed


def excluded_flags(condition: str) -> set[str]:
    """The flags a condition needs false: top-level 'and' terms 'not flag.X'."""
    return {m.group(1) for term in _top(_bare(condition), "and")
            if (m := re.fullmatch(r"not\s+flag\.(\w+)", term))}


def flag_setters(spec) -> dict[str, set[tuple[str, ...]]]:
    """flag -> what sets it true: ("option", power, "event.option") or ("rule", rule id)."""
    setters: dict[str, set[tuple[str, ...]]] = {}

    def add(effects, source):
        for effect in effects:
            match = re.fullmatch(r"flag\.(\w+)\s*=\s*true", effect.text.strip())
            if match:
                setters.setdefault(match.group(1), set()).add(source)

    for event in spec.events:
        for power, options in event.options.items():
            for option in options:
                add(option.rule.effects, ("option", power, f"{event.id}.{option.id}"))
        for rule in event.resolve:
            add(rule.effects + rule.else_effects, ("rule", rule.id))
    for rule in spec.rules:
        add(rule.effects + rule.else_effects, ("rule", rule.id))
    return setters


def presupposed(spec) -> list[tuple[str, str]]:
    """(line, power) where the line's condition (a rule's 'when', an option's 'available') can
    hold only after that power made one of certain choices (it needs a flag that only that
    power's options set), and the line neither carries the power's tag nor is reviewed for it."""
    setters = flag_setters(spec)
    found = set()
    for key, rule, event, _, tagged, owner in lines(spec):
        if owner is not None:
            condition = next(o for o in event.options[owner] if o.rule is rule).available
            conditions = [condition.text] if condition is not None else []
        else:
            condition = rule.when
            # a rule's line is written only where its event happens: the event's own condition
            # counts too (the First Vienna Award, say, happens only where Italy chose the Axis)
            conditions = [c.text for c in (rule.when, event.when if event is not None else None) if c is not None]
        for alternatives in [a for c in conditions for a in required_flags(c)]:
            sources = set().union(*(setters.get(f, set()) for f in alternatives))
            powers = {s[1] for s in sources if s[0] == "option"}
            if not sources or len(powers) != 1 or any(s[0] != "option" for s in sources):
                continue
            power = powers.pop()
            if power not in tagged and power not in reviewed(key):
                found.add((key, power))
        if owner is None and event is not None and condition is not None:
            # an event's rule that needs a flag false which only one power's options in that
            # same event set: it presupposes that power chose another option there
            for name in excluded_flags(condition.text):
                sources = setters.get(name, set())
                powers = {s[1] for s in sources}
                if sources and len(powers) == 1 and all(
                        s[0] == "option" and s[2].split(".")[0] == event.id for s in sources):
                    power = powers.pop()
                    if power not in tagged and power not in reviewed(key):
                        found.add((key, power))
    return sorted(found)


def test_every_line_naming_a_power_states_only_its_tagged_choice_or_is_reviewed(spec):
    assert unaccounted(spec) == []


def test_every_line_whose_condition_needs_a_power_s_choice_carries_its_tag_or_is_reviewed(spec):
    assert presupposed(spec) == []


# happenings that once stated a playable power's act without asking it (session 20): the power
# is now asked in the event, or every line of the event naming it carries its tag (the line is
# written only where that power's earlier choices make it what it would do)
ONCE_UNASKED = {
    "italy_anti_comintern": "Italy",  # Rome signs the German-Japanese pact
    "vienna_award": "Italy",  # Germany and Italy arbitrate
    "declarations": "Italy",  # Mussolini offers a conference as Poland falls
    "tilea_scare": "Britain",  # London asks Moscow about Romania
}


def asked_or_tagged(spec, event_id: str, power: str) -> bool:
    event = spec.event(event_id)
    if power in event.options:
        return True
    rules = list(event.resolve) + [o.rule for options in event.options.values() for o in options]
    return all(power in {p for p, _ in rule.by} for rule in rules if power in named(rule.text))


def test_a_happening_that_once_stated_an_unasked_act_asks_the_power_or_carries_its_tag(spec):
    assert [(e, p) for e, p in ONCE_UNASKED.items() if not asked_or_tagged(spec, e, p)] == []


def test_the_reviewed_list_names_only_lines_that_exist(spec):
    keys = {key for key, *_ in lines(spec)}
    assert set(REVIEWED) <= keys, set(REVIEWED) - keys


def without_tag(spec, key: str, power: str):
    """The scenario with ``power`` removed from the 'by:' of the rule or option ``key``."""
    def strip(rule):
        return replace(rule, by=tuple((p, refs) for p, refs in rule.by if p != power)) if rule.id == key else rule

    events = tuple(replace(
        e, resolve=tuple(strip(r) for r in e.resolve),
        options={p: tuple(replace(o, rule=strip(o.rule)) for o in opts) for p, opts in e.options.items()})
        for e in spec.events)
    return replace(spec, events=events, rules=tuple(strip(r) for r in spec.rules))


def tags(spec) -> list[tuple[str, str]]:
    """Every (line, power) pair a 'by:' declares, rules' and options' alike."""
    return sorted({(key, p) for key, rule, *_ in lines(spec) if not key.endswith(":else") for p, _ in rule.by})


def test_deleting_any_one_by_tag_is_caught(spec):
    """Each tag is needed: without it, the line either names the power (unaccounted) or its
    condition needs that power's choice (presupposed)."""
    every = tags(spec)
    assert len(every) > 40 and any(key.count(".") == 2 for key, _ in every)  # rules' and options' tags
    missed = []
    for key, power in every:
        changed = without_tag(spec, key, power)
        caught = {(k, p) for k, p, _ in unaccounted(changed)} | set(presupposed(changed))
        if (key, power) not in caught:
            missed.append((key, power))
    assert missed == []


def uniform(spec):
    """The scenario with every AI weight 1 and no modifiers: each power picks at random among
    its available options, so a batch explores far more paths than the tuned AI does."""
    def flat(option):
        return replace(option, ai_weight=1.0, ai_modifiers=())

    events = tuple(replace(e, options={p: tuple(flat(o) for o in opts) for p, opts in e.options.items()})
                   for e in spec.events)
    return replace(spec, events=events)


@pytest.mark.parametrize("preset", ["sceptic", "middle", "believer"])
def test_no_line_states_a_choice_not_made_in_1000_random_worlds(spec, preset):
    """In 1,000 worlds where every power picks at random, every tagged line is checked against
    the choices of its world (the engine counts each world where a line states a choice not made)."""
    settings = spec.preset_settings(preset) if any(p.id == preset for p in spec.presets) else {}
    game = Game(uniform(spec), settings=settings, worlds=1000, seed=9).run()
    assert game.contradictions == []


def option_powers(spec, ref: str, powers) -> list[str]:
    event_id, option_id = ref.split(".", 1)
    options = spec.event(event_id).options
    return [p for p in powers if any(o.id == option_id for o in options.get(p, ()))]


@pytest.mark.parametrize("number", range(40))
def test_random_human_games_ask_every_human_power_and_every_line_naming_one_matches(spec, number):
    rng = random.Random(2026 + number)
    playable = [p.id for p in spec.powers if p.playable]
    humans = rng.sample(playable, rng.randint(1, len(playable)))
    game = Game(spec, humans=humans, seed=number).run()
    while game.decision() is not None:
        game.apply(rng.choice(game.decision().legal))
    made = {(e, p): o for e, p, o in game.choices}
    for turn in game.turns:
        for power, option in turn.choices.items():
            if power in humans:
                assert made.get((turn.event, power)) == option, (turn.event, power)
    for turn in game.turns:
        for entry in turn.log:
            if entry.kind != "effect" or entry.power is not None:
                continue  # an option's own line is tagged with its power by the engine
            rule_event = spec.event(turn.event) if entry.rule and "." in entry.rule else None
            fixed_names = set()
            if rule_event is not None:
                rule = next((r for r in rule_event.resolve if r.id == entry.rule), None)
                if rule is not None and rule.when is None and rule.chance is None:
                    fixed_names = named(entry.text) - set(rule_event.options)
            every_rule = [r for e in spec.events for r in e.resolve] + list(spec.rules)
            rule = next((r for r in every_rule if r.id == entry.rule), None)
            failed = rule is not None and bool(rule.else_text) and entry.text == rule.else_text
            for power in named(entry.text) & set(humans) - fixed_names - reviewed((entry.rule or "") + ":else" * failed):
                assert power in entry.actor, (entry.rule, entry.text)
                refs = [r for r in entry.chose if power in option_powers(spec, r, [power])]
                assert any(made.get((r.split(".", 1)[0], power)) == r.split(".", 1)[1] for r in refs), \
                    (entry.rule, power, entry.text)
    assert game.contradictions == []


# ------------------------------------------------------------------ the events' scene texts
# An event's scene text (its briefing) is read before the powers of that event choose. It may
# name a power that decides in the event for what it did before (earlier events, fixed facts),
# its situation, its pressures and its positions, but never for the choice it is about to make
# ("Britain will not act" while Britain chooses whether to act). Each scene that names such a
# power is listed here with the reason, and pinned by the first 10 hex digits of the sha256 of
# its text: a changed scene fails until it has been re-read and its fingerprint updated.
SITUATION = "its situation, pressures or position; the choice is still open"
PAST = "an act before this event (an earlier event or a fixed fact), not the choice in it"
SCENE_OBJECT = "names the power as the object or the place of others' acts"
# event -> (the deciding powers it names, why that states none of their choices, fingerprint)
SCENES = {
    "rhineland": ({"Britain", "France"}, "France's army and election, British opinion: " + SITUATION, "02197189f8"),
    "spain_intervention": ({"Germany", "Italy"}, "Franco's envoys ask them: " + SCENE_OBJECT, "c7d7139d91"),
    "non_intervention": ({"Britain"}, "Blum's fear of a break with London: " + SCENE_OBJECT, "8577bd0b4f"),
    "soviet_aid": ({"USSR"}, "Madrid asks Moscow: " + SCENE_OBJECT, "a937cd94a9"),
    "axis": ({"Italy"}, "Mussolini considers his next step; Ciano's visit is " + PAST, "6968f7c72e"),
    "anti_comintern": ({"Germany"}, "the pact is negotiated, not signed: " + PAST, "231c641136"),
    "nyon": ({"Britain"}, "the invitations to Nyon: " + PAST + "; the choice is what the conference does", "da3c923743"),
    "italy_anti_comintern": ({"Italy"}, "Ribbentrop invites Rome; whether to sign is the choice: " + SCENE_OBJECT, "2413fa9fd9"),
    "anschluss": ({"France", "Germany"}, "Hitler's demands are the premise; France between governments: " + SITUATION, "d20ac8a956"),
    "lithuania_ultimatum": ({"Poland"}, "the shot soldier and Vilna: " + PAST, "ab265ce7ae"),
    "litvinov_1938": ({"USSR"}, "Moscow must decide: " + SITUATION, "a1bc21193b"),
    "anglo_italian": ({"Britain"}, "the negotiated terms, not yet signed: " + PAST, "a81b4bf55f"),
    "may_crisis": ({"Czechoslovakia"}, "reports reach Prague: " + SCENE_OBJECT, "f8a1270c30"),
    "berchtesgaden": ({"Britain", "France"}, "Chamberlain's plan and the warning others want, France's treaty: " + SITUATION, "5f02f1dc2d"),
    "anglo_french_plan": ({"Czechoslovakia"}, "London and Paris (or Paris alone) tell Prague: " + SCENE_OBJECT, "dceb157332"),
    "godesberg": ({"Czechoslovakia", "Germany", "Poland", "Romania", "USSR"},
        "Chamberlain's visit or London's warning, and Prague's answer to the plan, are " + PAST
        + " (CLAIMS pins each branch); Hitler must answer, Soviet help and the roads across Poland and Romania: "
        + SITUATION, "55d2076a4e"),
    "fo_communique": ({"Britain"}, "a statement is ready, not issued: " + SITUATION, "6377d14599"),
    "munich_call": ({"Britain", "Italy"}, "what Mussolini could do, what Chamberlain must decide: " + SITUATION, "db210a0329"),
    "munich": ({"Britain", "France"}, "the meeting and the terms on the table; signing is the choice: " + SITUATION
               + "; Britain's declaration of the day before is " + PAST, "dc29028d10"),
    "deadline_1938": ({"Britain", "France"}, "London's declaration of the day before is " + PAST
                      + "; accepting the terms or fighting is the choice: " + SITUATION, "24afb619b5"),
    "anglo_german_declaration": ({"Britain"}, "a draft in Chamberlain's pocket he could take to Hitler: " + SITUATION, "fe5127f5ea"),
    "czech_answer": ({"Czechoslovakia"}, "Prague is told the terms; its mobilisation or its delay is " + PAST, "c7bc46a471"),
    "soviet_aid_1938": ({"USSR"}, "what the treaty binds Moscow to: " + SITUATION, "9ad2443189"),
    "soviet_war_1938": ({"USSR"}, "what the treaty binds Moscow to: " + SITUATION, "949a05283a"),
    "teschen": ({"Poland"}, "Warsaw's claim to Teschen is a standing position; the ultimatum is the choice", "f3616fed3f"),
    "w38_poland": ({"Poland"}, "France looks to Warsaw: " + SCENE_OBJECT, "4dc1238342"),
    "w38_italy": ({"Italy"}, "Mussolini must decide: " + SITUATION, "590334d740"),
    "anglo_italian_in_force": ({"Britain"}, "Chamberlain's wish to visit Rome: " + SITUATION, "c6d9506d3d"),
    "franco_german_declaration": ({"France"}, "Ribbentrop comes to Paris: " + SCENE_OBJECT, "2b2c45283f"),
    "prague": ({"Germany"}, "Slovak separatists look to Berlin: " + SCENE_OBJECT, "543b39062b"),
    "sa_west": ({"Britain", "France"}, "Paris and London must decide: " + SITUATION, "8558a33caf"),
    "declarations": ({"Britain", "France", "Italy"},
        "Germany's invasion is " + PAST + "; war, a conference, or Rome's offer is the choice: " + SITUATION, "afa80e40c2"),
    "soviet_conference_1939": ({"Britain", "USSR"}, "London's question to Moscow, or its silence, after Prague: " + PAST
                               + " (CLAIMS pins each branch)", "587ad352c2"),
    "alliance_review": ({"Britain", "France", "USSR"},
        "the alliance of the autumn is " + PAST + "; each capital's fears: " + SITUATION, "7bc29bf7f8"),
    "memel": ({"Germany"}, "Memel's history and its Nazi party: " + PAST, "e27fd88d8d"),
    "danzig_demands": ({"Poland"}, "Ribbentrop's demands to Poland: " + SCENE_OBJECT, "67f30ecdee"),
    "guarantees": ({"Britain", "France"}, "the rumours reach London; Chamberlain's plan of 20 March, where Britain turned after Prague, is " + PAST,
                   "41eacdaf7d"),
    "albania": ({"Italy"}, "what Mussolini wants: " + SITUATION, "471a2eb2bf"),
    "guarantee_romania": ({"Britain"}, "what London fears: " + SITUATION, "5b87c5a12d"),
    "litvinov_offer": ({"USSR"}, "London asks Moscow; Litvinov must decide: " + SITUATION, "286728f144"),
    "merekalov": ({"Germany", "USSR"}, "the Skoda business: " + SITUATION + "; London's request to Moscow is " + PAST, "9faab91e2d"),
    "conscription": ({"Britain"}, "Paris presses London: " + SCENE_OBJECT, "7a19811953"),
    "hitler_renounces": ({"Germany"}, "Hitler speaks under either option; the treaties are the choice", "326de59513"),
    "western_answer": ({"Britain", "France"}, "Litvinov's offer is before them: " + SCENE_OBJECT, "3dae430c66"),
    "litvinov_dismissal": ({"USSR"}, "who Litvinov is and what Berlin thinks of him: " + SITUATION, "ebbd9f9ee7"),
    "pact_of_steel": ({"Italy"}, "a draft, not a signature: " + SITUATION, "f28230f861"),
    "hudson_wohlthat": ({"Britain"}, "Hudson's talks and the press story: " + PAST, "905e4488ff"),
    "astakhov_schnurre": ({"Germany", "USSR"},
        "the dinner invitation and what Ribbentrop wants to know; what Schnurre says is the choice: " + SITUATION, "34c93b4cd3"),
    "moscow_talks": ({"France"}, "the mission goes under either of France's options (its choice is Warsaw)", "7feb8ce143"),
    "transit_question": ({"Romania", "USSR"},
        "the roads across Poland and Romania; Voroshilov must decide whether to ask: " + SITUATION, "06e232c55e"),
    "trade_agreement": ({"Germany", "USSR"}, "the agreement is ready; Berlin must decide: " + SITUATION, "edf24edfef"),
    "polish_answer": ({"Poland"}, "Warsaw must answer, pressed or not by the West: " + SITUATION, "82399fefac"),
    "hitler_telegram": ({"Germany"}, "the attack date and Hitler's need of an answer: " + SITUATION, "bc27c92023"),
    "beck_formula": ({"Poland"}, "Paris asks Beck: " + SCENE_OBJECT, "27b4f4381a"),
    "the_pact": ({"USSR"}, "the two bids as they stand and the Far East: " + SITUATION, "c58c8eba0f"),
    "anglo_polish": ({"Britain"}, "London must answer; the treaty negotiated since April: " + SITUATION, "138037f0a5"),
    "invasion": ({"Germany"}, "the army stands ready; the order is Hitler's to give: " + SITUATION, "e45c6c5e75"),
    "soviet_september": ({"USSR"}, "what the protocol gives Moscow: " + SITUATION, "915ca1708d"),
    "boundary_treaty": ({"USSR"}, "Ribbentrop flies to Moscow: " + SCENE_OBJECT, "e1ac193949"),
    "baltic_pacts": ({"USSR"}, "the protocol of August (where Berlin offered spheres) and the minister in Moscow: " + PAST, "6a1dd3a0c7"),
    "winter_war": ({"USSR"}, "Finland's refusal of Soviet demands: " + PAST, "1e9ed2cae4"),
}


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def unreviewed_scenes(spec) -> list[tuple[str, str, str]]:
    """(event, what is wrong, scene) for each scene text that names a power deciding in its event
    and is not listed for that power, or is listed but has changed since it was reviewed."""
    found = []
    for event in spec.events:
        deciding = named(event.text or "") & set(event.options)
        if not deciding:
            continue
        powers, _, pinned = SCENES.get(event.id, (set(), "", ""))
        for power in sorted(deciding - powers):
            found.append((event.id, f"names {power}, which decides in this event, and is not reviewed for it", event.text))
        if deciding <= powers and fingerprint(event.text) != pinned:
            found.append((event.id, f"changed since it was reviewed (now {fingerprint(event.text)}): re-read it", event.text))
    return found


def test_every_scene_naming_a_deciding_power_is_reviewed_as_it_stands(spec):
    assert unreviewed_scenes(spec) == []


def test_the_scenes_list_names_only_events_whose_scene_names_those_deciding_powers(spec):
    stale = {eid: powers - (named(spec.event(eid).text or "") & set(spec.event(eid).options))
             for eid, (powers, _, _) in SCENES.items() if any(e.id == eid for e in spec.events)}
    assert {e for e in SCENES if not any(ev.id == e for ev in spec.events)} == set()
    assert {eid: p for eid, p in stale.items() if p} == {}


def test_a_scene_stating_the_deciding_power_s_choice_is_caught(spec):
    """The check fails on the Rhineland's old scene, which told Britain's player that Britain
    had already chosen ("Britain will not act") before it chose."""
    old = ("German troops march into the demilitarised Rhineland, breaking the Locarno Treaty of 1925. "
           "France has the larger army but an election ahead and a high command that asks for general "
           "mobilisation; Britain will not act. The League Council meets in London.")
    bad = replace(spec, events=tuple(replace(e, text=old) if e.id == "rhineland" else e for e in spec.events))
    assert [eid for eid, *_ in unreviewed_scenes(bad)] == ["rhineland"]


# ------------------------------------------- texts that choose their words by a past choice
# A briefing, a line or an option's log may choose its words with {if flag.X} where X is set
# by powers' choices (an option, or a rule whose 'by:' states choices). Each branch then
# states a choice made earlier, maybe in another event. CLAIMS lists, for each such text, the
# words that state a choice and the choices they state ({power: options, any one of them};
# every power listed must have made one). Random games check each rendered briefing and line
# against the choices of its world, as the 1,000-world check does for the 'by:' of a line.
MEDIATE = {"Britain": ("berchtesgaden.mediate",)}
WARN = {"Britain": ("berchtesgaden.warn",)}
PRESSES = {"France": ("berchtesgaden.press_prague",)}
NO_CONFERENCE = {"Britain": ("munich_call.stand_firm",), "Italy": ("munich_call.aside",)}
ULTIMATUM = {"Germany": ("godesberg.raise_demands",)}
FIRM_PLEDGE = {"USSR": ("godesberg.pledge_firm",)}
SIGNED = {"France": ("munich.sign", "deadline_1938.accept")}
HONOURED = {"France": ("munich.honour", "deadline_1938.honour")}
NO_FIRM_PLEDGE = {"USSR": ("godesberg.pledge", "godesberg.silent")}
CLAIMS: dict[str, tuple[tuple[str, dict[str, tuple[str, ...]]], ...]] = {
    "soviet_aid": (("German and Italian help", {"Germany": ("spain_intervention.aid_franco",),
                                                "Italy": ("spain_intervention.aid_franco",)}),
                   ("Only German help", {"Germany": ("spain_intervention.aid_franco",), "Italy": ("spain_intervention.stay_out",)}),
                   ("Only Italian help", {"Italy": ("spain_intervention.aid_franco",), "Germany": ("spain_intervention.stay_out",)}),
                   ("whatever non-intervention says", {"France": ("non_intervention.propose_ni",)})),
    "nyon": (("in fact Italian", {"Italy": ("spain_intervention.aid_franco",)}),),
    "soviet_conference_1939": (("London has asked Moscow", {"Britain": ("prague_reaction.turn",)}),
                               ("has accepted the fall of Prague", {"Britain": ("prague_reaction.accept",)})),
    "litvinov_1938": (("swallowed by Germany", {"Germany": ("anschluss.annex",)}),
                      ("Hitler has held back from Austria", {"Germany": ("anschluss.wait",)})),
    "berchtesgaden.France.press_prague": (("With London, Paris", MEDIATE), ("London has warned Berlin", WARN)),
    "anglo_french_plan": (("London and Paris tell Prague", {**MEDIATE, **PRESSES}), ("Paris tells Prague", PRESSES),
                          ("London has warned Berlin", WARN)),
    "anglo_french_plan.Czechoslovakia.accept": (("Anglo-French proposals", MEDIATE), ("the French proposals", WARN)),
    "godesberg": (("Chamberlain goes to Hitler", MEDIATE),
                  ("with the Anglo-French plan accepted by Prague", {**PRESSES, "Czechoslovakia": ("anglo_french_plan.accept",)}),
                  ("Prague has rejected", {**PRESSES, "Czechoslovakia": ("anglo_french_plan.reject",)}),
                  ("Paris has refused to press Prague", {"France": ("berchtesgaden.stand_by_treaty",)}),
                  ("London has warned Berlin in public", WARN), ("Chamberlain has not met Hitler", WARN),
                  ("Prague has accepted under protest", {**PRESSES, "Czechoslovakia": ("anglo_french_plan.accept",)})),
    "godesberg.Germany.raise_demands": (("at Bad Godesberg", MEDIATE), ("answers the British warning", WARN)),
    "godesberg.Germany.accept_plan": (("the Anglo-French plan", MEDIATE), ("the plan Paris put to Prague", {**WARN, **PRESSES})),
    "munich_call": (("talk once more", MEDIATE), ("talk to Hitler after all", WARN)),
    "munich_call.no_conference": (("Hitler's deadline", ULTIMATUM),),
    "munich": (("without Mussolini", {"Italy": ("munich_call.aside",), "Britain": ("munich_call.conference",)}),
               ("Hitler and Mussolini meet", {"Italy": ("munich_call.broker",)}),
               ("at Mussolini's invitation, having declared", {"Italy": ("munich_call.broker",),
                                                               "Britain": ("munich_call.stand_firm",)})),
    "deadline_1938": (("Mussolini stood aside", NO_CONFERENCE), ("Hitler's deadline runs out", ULTIMATUM),
                      ("the transfer he has offered", {"Germany": ("godesberg.accept_plan", "godesberg.negotiate")})),
    "czech_answer.Czechoslovakia.accept": (("Hitler's terms", NO_CONFERENCE),),
    "czech_answer.Czechoslovakia.fight": (("Hitler's terms", NO_CONFERENCE),),
    "soviet_aid_1938.USSR.fight": (("keeps its word", FIRM_PLEDGE), ("goes beyond anything it promised", NO_FIRM_PLEDGE)),
    "soviet_czech_war": (("kept its word", FIRM_PLEDGE), ("gone beyond anything it promised", NO_FIRM_PLEDGE)),
    "polish_soviet_communique": (("crisis of September", NO_CONFERENCE),),
    "prague_reaction": (("settlement of September is torn up", NO_CONFERENCE),
                        ("Hitler has taken", {"Germany": ("prague.occupy",)})),
    # briefings without {if} that state an earlier choice, from Munich to Prague: the event's
    # condition must guarantee it (checked in the same games)
    "anglo_german_declaration": (("The morning after the agreement", {**SIGNED, "Britain": ("munich.sign",)}),),
    "czech_answer": (("Its army is mobilised", {"Czechoslovakia": ("godesberg.mobilise",)}),
                     ("never ordered general mobilisation", {"Czechoslovakia": ("godesberg.delay",)}),
                     ("Prague is told the terms", SIGNED)),
    "soviet_aid_1938": (("Hitler's terms", NO_CONFERENCE), ("Prague has refused", {"Czechoslovakia": ("czech_answer.fight",)}),
                        ("washed its hands", SIGNED)),
    "hitler_decides": (("France has refused the terms", HONOURED),),
    "soviet_war_1938": (("France has honoured its treaty", HONOURED),),
    "teschen": (("With Czechoslovakia prostrate", {"Czechoslovakia": ("czech_answer.accept",)}),),
    "benes_resigns": (("leaves office", {"Czechoslovakia": ("czech_answer.accept",)}),),
    "anglo_italian_in_force": (("Italy has withdrawn some of its troops", {"Italy": ("spain_intervention.aid_franco",)}),),
    "prague": (("behind its lost fortifications", {"Czechoslovakia": ("czech_answer.accept",)}),),
    "sa_west": (("at war with Germany for months", {"USSR": ("soviet_aid_1938.fight",)}),),
    # 1939
    "guarantees": (("Chamberlain's plan of 20 March", {"Britain": ("prague_reaction.turn",)}),),
    "guarantee_romania": (("Italy has invaded Albania", {"Italy": ("albania.invade",)}),
                          ("Italy has held back from Albania", {"Italy": ("albania.refrain",)}),
                          ("Since the Tilea scare", {"Germany": ("prague.occupy",)})),
    "anglo_polish": (("answer the pact", {"USSR": ("the_pact.pact_germany",)}),),
    "postponement": (("Britain has signed its treaty with Poland", {"Britain": ("anglo_polish.sign",),
                                                                     "Poland": ("anglo_polish.sign",)}),),
    "the_pact.USSR.pact_germany": (("a secret protocol divides", {"Germany": ("hitler_telegram.spheres",)}),),
    "baltic_pacts": (("The secret protocol of August", {"Germany": ("hitler_telegram.spheres",)}),),
    "polish_answer": (("neither Paris nor London presses it", {"France": ("warsaw_pressure.leave",),
                                                               "Britain": ("warsaw_pressure.support",)}),),
}


def texts(spec):
    """(key, raw text) for every briefing (key: the event), rule line and option log."""
    for event in spec.events:
        if event.text:
            yield event.id, event.text
    for key, _, _, text, _, _ in lines(spec):
        yield key, text


def choice_flags(spec) -> set[str]:
    """Flags set only by powers' choices: by options, or by rules whose 'by:' states choices."""
    setters = flag_setters(spec)
    tagged = {r.id for e in spec.events for r in e.resolve if r.by} | {r.id for r in spec.rules if r.by}
    return {flag for flag, sources in setters.items()
            if all(s[0] == "option" or s[1] in tagged for s in sources)}


def unclaimed_texts(spec) -> list[tuple[str, str]]:
    """(text, flag) for each text whose {if}/{elif} reads a flag set by choices and that CLAIMS
    does not list; and (text, words) for each listed claim whose words the text does not hold."""
    flags = choice_flags(spec)
    found = []
    for key, text in texts(spec):
        if key.endswith(":else"):
            key = key[:-len(":else")]
        for condition in re.findall(r"\{(?:if|elif)\s([^}]*)\}", text):
            for name in sorted(set(re.findall(r"flag\.(\w+)", condition)) & flags):
                if key not in CLAIMS:
                    found.append((key, name))
    every = {}
    for key, text in texts(spec):
        every.setdefault(key.removesuffix(":else"), []).append(text)
    for key, claims in CLAIMS.items():
        for words, _ in claims:
            if not any(words in t for t in every.get(key, [])):
                found.append((key, words))
    return found


def test_every_text_that_reads_a_past_choice_lists_the_choices_its_words_state(spec):
    assert unclaimed_texts(spec) == []


def test_the_claims_name_options_that_exist(spec):
    for key, claims in CLAIMS.items():
        for _, needs in claims:
            for power, refs in needs.items():
                for ref in refs:
                    event_id, option_id = ref.split(".")
                    assert option_id in [o.id for o in spec.event(event_id).options[power]], (key, power, ref)


def play_claims(spec, games: int = 300) -> tuple[list[tuple[str, str, str, int]], set[tuple[str, str]]]:
    """In ``games`` one-world games where every power picks at random: (text, words, power,
    seed) for each rendered briefing or line that holds a claim's words although that power
    made none of the claim's choices in that game; and the (text, words) claims rendered."""
    flat = uniform(spec)
    events = {e.id: i for i, e in enumerate(spec.events)}
    found, seen = [], set()
    for seed in range(games):
        game = Game(flat, seed=seed, worlds=1).run()

        def made(power: str, ref: str, game: Game = game) -> bool:
            event_id, option_id = ref.split(".")
            ids = [o.id for o in spec.event(event_id).options[power]]
            return int(game.chosen[events[event_id], spec.power_index(power), 0]) == ids.index(option_id)

        rendered = []
        for turn in game.turns:
            rendered.append((turn.event, turn.text))
            rendered.extend(((entry.rule or "").removesuffix(":else"), entry.text) for entry in turn.log)
        for key, text in rendered:
            for words, needs in CLAIMS.get(key, ()):
                if words in text:
                    seen.add((key, words))
                    for power, refs in needs.items():
                        if not any(made(power, ref) for ref in refs):
                            found.append((key, words, power, seed))
    return found, seen


def broken_claims(spec, games: int) -> list[tuple[str, str, str, int]]:
    return play_claims(spec, games)[0]


@pytest.fixture(scope="module")
def played(spec):
    return play_claims(spec, 300)


def test_no_rendered_text_states_a_past_choice_not_made_in_300_random_games(played):
    assert played[0] == []


def test_random_games_reach_every_claim(played):
    """The games above render every claim's words at least once, so each claim is tested."""
    assert {(key, words) for key, claims in CLAIMS.items() for words, _ in claims} - played[1] == set()


def with_text(spec, event_id: str, text: str):
    return replace(spec, events=tuple(replace(e, text=text) if e.id == event_id else e for e in spec.events))


def test_an_old_godesberg_scene_that_ignored_the_warning_is_caught(spec):
    """Session 18's Godesberg briefing had Chamberlain meet Hitler even where Britain had warned
    Berlin instead of flying to Berchtesgaden."""
    old = ("{if flag.france_presses_prague and not flag.prague_rejects_plan}Chamberlain goes to Hitler at "
           "Bad Godesberg with the Anglo-French plan accepted by Prague.{else}Hitler receives Chamberlain at "
           "Bad Godesberg; Prague has accepted no plan to give up the districts.{end} Soviet help could reach "
           "Czechoslovakia only across Poland or Romania.")
    broken = broken_claims(with_text(spec, "godesberg", old), games=60)
    assert ("godesberg", "Chamberlain goes to Hitler", "Britain") in {b[:3] for b in broken}


def test_an_old_czech_answer_scene_that_ignored_a_delayed_mobilisation_is_caught(spec):
    old = ("Prague is told the terms it was not invited to discuss. {if flag.czech_mobilised}Its army is mobilised "
           "behind the border fortifications.{else}Its army is mobilised behind the border fortifications.{end}")
    broken = broken_claims(with_text(spec, "czech_answer", old), games=150)
    assert ("czech_answer", "Its army is mobilised", "Czechoslovakia") in {b[:3] for b in broken}


def test_an_old_scene_of_moscow_keeping_a_word_it_never_gave_is_caught(spec):
    old = ("Moscow has kept its word to Prague. Soviet aircraft can reach Czechoslovakia only over Romania or "
           "Poland, and the Red Army only if one of them lets it through.")
    broken = broken_claims(with_text(spec, "soviet_czech_war", old), games=60)
    assert ("soviet_czech_war", "kept its word", "USSR") in {b[:3] for b in broken}


def test_the_old_condition_of_the_anglo_italian_agreement_is_caught(tmp_path):
    """Session 18 held the Anglo-Italian agreement wherever Germany or Italy intervened in Spain,
    so its entry into force could say that Italy had withdrawn troops it never sent."""
    text = PATH.read_text(encoding="utf-8")
    new = '''    when: "flag.italy_in_spain and not flag.diverted"\n    text: "The talks with Rome'''
    assert text.count(new) == 1
    old = tmp_path / "europe1936.yaml"
    old.write_text(text.replace(new, new.replace("italy_in_spain", "axis_in_spain")), encoding="utf-8")
    broken = broken_claims(load_scenario(old), games=60)
    assert ("anglo_italian_in_force", "Italy has withdrawn some of its troops", "Italy") in {b[:3] for b in broken}
