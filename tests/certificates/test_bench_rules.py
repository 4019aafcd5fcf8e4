"""The rules benchmark runs and prints its figure (``make bench``); kept very short here."""

import re

from bench import __main__ as bench_main
from bench import rules as bench_rules
from hms_rules import decide


def test_the_benchmark_cases_are_what_they_claim():
    facts = bench_rules.realistic_facts()
    assert (len(facts.surveys), len(facts.risk_assessments), len(facts.safety_rounds)) == (4, 3, 2)
    assert (len(facts.action_items), len(facts.previous_certificates)) == (20, 2)
    assert decide(facts).eligible_class == "A+"
    assert decide(bench_rules.lacking_facts()).eligible_class is None


def test_the_rules_section_prints_decisions_per_second(monkeypatch, capsys):
    monkeypatch.setattr(bench_rules, "ROUNDS", 1)
    monkeypatch.setattr(bench_rules, "ROUND_SECONDS", 0.01)
    assert "bench.rules" in bench_main.SECTIONS
    bench_rules.run()
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    for line in lines:
        assert re.match(r"^rules: [\d,]+ decisions/s \(one core, realistic case", line)
