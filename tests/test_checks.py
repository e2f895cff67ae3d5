from clauselint.checks import run_checks
from clauselint.detect import Clause, Evidence
from clauselint.packschema import parse_pack

PACK = """
checks:
  - id: t.require
    kind: require
    clause: [change_of_control, anti_assignment]
    severity: medium
    title: t
    message: m
    rationale: r
    suggestion: s
  - id: t.forbid
    kind: forbid
    clause: exclusivity
    severity: critical
    title: t
    message: m
    rationale: r
    suggestion: s
  - id: t.require-with
    kind: require-with
    clause: liability_cap
    with: uncapped_liability
    severity: high
    title: t
    message: m
    rationale: r
    suggestion: s
  - id: t.filtered
    kind: require
    clause: change_of_control
    matching: ['\\bterminat']
    not_matching: ['\\bwithout consent\\b']
    severity: low
    title: t
    message: m
    rationale: r
    suggestion: s
  - id: t.vendor-only
    kind: forbid
    clause: exclusivity
    perspective: vendor
    severity: info
    title: t
    message: m
    rationale: r
    suggestion: s
"""
_, CHECKS = parse_pack(PACK, "t.yaml")


def clause(type_, text="some text"):
    return Clause(type_, type_, (Evidence(text, 0, len(text), None, 1, None, None),))


def ids(clauses, **kw):
    return [f.rule_id for f in run_checks(CHECKS, tuple(clauses), **kw)]


def test_require_fires_when_every_listed_type_is_missing():
    assert "t.require" in ids([])
    assert "t.require" not in ids([clause("anti_assignment")])


def test_forbid_fires_with_evidence():
    found = run_checks(CHECKS, (clause("exclusivity", "exclusive supplier"),))
    f = next(f for f in found if f.rule_id == "t.forbid")
    assert f.evidence[0].text == "exclusive supplier" and not f.missing


def test_require_with():
    assert "t.require-with" in ids([clause("liability_cap")])
    assert "t.require-with" not in ids([clause("liability_cap"), clause("uncapped_liability")])
    assert "t.require-with" not in ids([])


def test_evidence_filters():
    assert "t.filtered" not in ids(
        [clause("change_of_control", "Customer may terminate on a change of control")]
    )
    assert "t.filtered" in ids(
        [clause("change_of_control", "Vendor may assign on a merger without consent")]
    )


def test_perspective_and_sorting():
    assert "t.vendor-only" not in ids([clause("exclusivity")])
    assert "t.vendor-only" in ids([clause("exclusivity")], perspective="vendor")
    sev = [f.severity for f in run_checks(CHECKS, (clause("exclusivity"), clause("liability_cap")))]
    order = ["critical", "high", "medium", "low", "info"]
    assert sev == sorted(sev, key=order.index)


def test_severity_override():
    found = run_checks(CHECKS, (), severity={"t.require": "info"})
    assert next(f for f in found if f.rule_id == "t.require").severity == "info"


def test_the_agent_of_a_passive_power_is_the_side_it_binds():
    from clauselint.kinds import ROLE_SIDES, bound_side

    sides = {**ROLE_SIDES, "aldermoor": "customer"}
    assert bound_side("The list may be updated by Aldermoor on written notice.", sides) == (
        "customer"
    )
    # the noun before the verb is not its subject when a "by" names the actor
    assert bound_side("Customer Materials may be disclosed by Vendor to its staff.", sides) == (
        "vendor"
    )
    assert bound_side("Customer shall pay the fees, which may be invoiced by Vendor.", sides) == (
        "customer"
    )


def test_an_assent_gives_the_power_to_the_clause_after_that():
    from clauselint.kinds import ROLE_SIDES, bound_side

    assert bound_side("You agree that we may update these Terms at any time.", ROLE_SIDES) == (
        "vendor"
    )
    assert bound_side("Customer agrees to pay all fees when due.", ROLE_SIDES) == "customer"


def test_a_claim_against_someone_binds_no_one_the_main_clause_does():
    from clauselint.kinds import ROLE_SIDES, bound_side

    sides = {**ROLE_SIDES, "tinderwick": "vendor"}
    sued = (
        "13.1 If a Customer, or one of its users, is sued by a third party alleging that a "
        "Suggestion infringes its copyright, Tinderwick will defend the Customer against that claim."
    )
    assert bound_side(sued, sides) == "vendor"
    # a condition with an act in it still names who acts
    assert bound_side("If Customer is late in paying, Customer shall pay interest.", sides) == (
        "customer"
    )


def test_a_condition_stating_who_someone_is_binds_no_one():
    from clauselint.kinds import ROLE_SIDES, bound_side

    said = "If you are on a paid plan, we will defend you against any third-party claim."
    assert bound_side(said, ROLE_SIDES) == "vendor"
    # a condition with an act in it still names who acts ("If we change these Terms, you may ...")
    assert bound_side("If we change these Terms, you may terminate.", ROLE_SIDES) == "vendor"
    assert bound_side("If Customer is in breach, Vendor may suspend.", ROLE_SIDES) == "vendor"
    # ... also after a dotted clause number, which is taken off whole ("9.1 ", not "9.")
    numbered = (
        "9.1 If you are on a paid plan, we will defend you against any claim that Output infringes."
    )
    assert bound_side(numbered, ROLE_SIDES) == "vendor"
    assert bound_side(
        "12.1 Each party will keep the other's information confidential.", ROLE_SIDES
    ) == ("both")
    # a mutual bar whose one exception is a named party's power binds that party's side
    sides = {**ROLE_SIDES, "aldermoor": "customer", "cinderford": "vendor"}
    bar = "Neither party may assign this Agreement without the other party's prior written consent"
    assert bound_side(bar + ", except that Aldermoor may assign it to an affiliate.", sides) == (
        "customer"
    )
    assert bound_side(bar + ", except that Cinderford may assign it to an affiliate.", sides) == (
        "vendor"
    )
    assert bound_side(bar + ".", sides) == "both"
