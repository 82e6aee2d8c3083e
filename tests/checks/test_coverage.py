from auditkit.engine.checks import Outcome

ITEMS = {"from": "organization", "field": "services", "key": "id"}
COVERED = {"select": {"type": "agreement", "covers": "8.3.3"}, "field": "services"}


def test_every_service_covered(tree):
    tree.write("sla1.yaml", {"id": "sla1", "type": "agreement", "title": "SLA 1", "covers": ["8.3.3"], "services": ["svc-a"]})
    tree.write("sla2.yaml", {"id": "sla2", "type": "agreement", "title": "SLA 2", "covers": ["8.3.3"], "services": ["svc-b"]})
    result = tree.check("register_coverage", items=ITEMS, covered_by=COVERED, clause="8.3.3")
    assert result.outcome is Outcome.PASS and "all 2 covered by services of sla1, sla2" in result.message


def test_uncovered_service_named_at_its_line(tree):
    tree.write("sla1.yaml", {"id": "sla1", "type": "agreement", "title": "SLA 1", "covers": ["8.3.3"], "services": ["svc-a"]})
    result = tree.check("register_coverage", items=ITEMS, covered_by=COVERED, clause="8.3.3")
    assert result.outcome is Outcome.FAIL and "1 of 2 not covered" in result.message and result.message.endswith("svc-b")
    assert result.evidence[0].file.endswith("organization.yaml")


def test_register_entries_from_evidence(tree):
    tree.write("suppliers.yaml", {"id": "sup", "type": "register", "title": "Suppliers", "covers": ["8.3.4.1"],
                                  "data": {"suppliers": [{"name": "Kestrel"}, {"name": "Westgate"}]}})
    tree.write("k.yaml", {"id": "k", "type": "contract", "title": "Kestrel", "covers": ["8.3.4.1"],
                          "data": {"supplier": ["Kestrel"]}})
    result = tree.check("register_coverage", clause="8.3.4.1",
                        items={"select": {"type": "register", "covers": "8.3.4.1"}, "field": "data.suppliers", "key": "name"},
                        covered_by={"select": {"type": "contract", "covers": "8.3.4.1"}, "field": "data.supplier"})
    assert result.outcome is Outcome.FAIL and "Westgate" in result.message


def test_mapping_entries_without_key_cannot_be_compared(tree):
    tree.write("sla1.yaml", {"id": "sla1", "type": "agreement", "title": "SLA 1", "covers": ["8.3.3"], "services": ["svc-a"]})
    result = tree.check("register_coverage", items={"from": "organization", "field": "services"}, covered_by=COVERED,
                        clause="8.3.3")
    assert result.outcome is Outcome.CANNOT_EVALUATE and "name the `key`" in result.message
