"""SLA attainment from what each ticket tool's export says about its SLA (issue 16): ServiceNow's flag, GLPI's due
times, the time OTRS and Jira Service Management say was left at the target; the agreement's targets for a
record the export says nothing about. Each line and metric says how many records each source decided.

The exports are small ones written here with the column names of each tool's standard CSV export (see the
sources in auditkit/inputs/presets.yaml); the values are made up.
"""

from __future__ import annotations

from datetime import date

from auditkit.engine.checks import Outcome

from .conftest import doc


def _agreement(tree, targets, attainment=0.5):
    tree.write("sla.md", doc({"id": "sla-desk", "type": "agreement", "title": "Desk SLA", "covers": ["8.3.3"],
                              "services": ["svc-a"], "service_levels": {"attainment": attainment, "targets": targets}},
                             "# SLA\n"))


def _export(tree, name: str, preset: str, text: str):
    tree.write(name, text)
    tree.write("tickets.yaml", {"id": "tickets", "type": "record-set", "title": "Tickets", "covers": ["8.6.1"],
                                "services": ["svc-a"], "records": {"path": name, "preset": preset}})


def _figures(tree):
    result = tree.check("sla_attainment", select={"covers": "8.6.1", "type": "record-set"}, clause="8.3.3",
                        as_of=date(2026, 6, 10))
    return result, {m.group["value"]: (m.numerator, m.denominator, m.sources) for m in result.metrics}


GLPI = ("ID;Title;Status;Priority;Opening date;Resolution date;Time to resolve;Time to own;Time to resolve exceeded\n"
        # 6 h, over the agreement's 4 hours, but GLPI moved the due time on while it waited: met by its due time
        "101;VPN drops;Solved;High;2026-06-01 08:00;2026-06-01 14:00;2026-06-01 15:00;2026-06-01 08:15;No\n"
        "102;Mail bounced;Solved;High;2026-06-01 08:00;2026-06-01 13:00;2026-06-01 12:00;2026-06-01 08:15;Yes\n"
        "103;Printer;Processing (assigned);High;2026-06-01 08:00;;2026-06-02 08:00;2026-06-01 08:15;Yes\n"
        "104;New laptop;Processing (assigned);Medium;2026-06-09 08:00;;2026-06-20 08:00;;No\n"
        # no SLA attached in GLPI (no due time): measured against the agreement's target (1 day): met
        "105;Password;Closed;Medium;2026-06-01 08:00;2026-06-01 09:00;;;No\n"
        # no due time either, 3 days: missed against the agreement's 4 hours
        "106;Share access;Closed;High;2026-06-01 08:00;2026-06-04 08:00;;;No\n")


def test_glpi_due_times_decide_and_a_ticket_without_one_falls_back_to_the_agreements_targets(tree):
    _agreement(tree, [{"priority": "High", "response": "15 minutes", "resolution": "4 hours"},
                      {"priority": "Medium", "resolution": "1 day"}])
    _export(tree, "glpi.csv", "glpi", GLPI)
    result, figures = _figures(tree)
    # 101 met by its due time; 102 resolved after it; 103 open past it; 104 open, not yet due: not measured.
    # "Time to own" is not judged: GLPI's list has no moment of taking into account (responded) to hold against it.
    assert figures == {"High": (1, 4, {"due": 3, "targets": 1}), "Medium": (1, 1, {"targets": 1})}
    assert result.outcome is Outcome.FAIL
    assert ("sla-desk, svc-a, priority High: 1 of 4 tickets met the target (25.0%, attainment target 50%, "
            "by the export's due times: 3, by durations against response 15 minutes, resolution 4 hours: 1)"
            ) in result.message
    assert "依据导出数据中的截止时间：3 条" in result.message_in("zh")


OTRS = ('"Ticket Number","Age","Created","Closed","FirstLock","FirstResponse","State","Priority","Queue",'
        '"SolutionInMin","SolutionDiffInMin","FirstResponseInMin","FirstResponseDiffInMin"\n'
        '"2026060110000011","9 d","2026-06-01 08:00:00","2026-06-01 10:00:00","2026-06-01 08:05:00",'
        '"2026-06-01 08:10:00","closed successful","3 normal","Raw","120","120","10","20"\n'
        # answered 5 minutes late: missed, although solved in time
        '"2026060110000012","9 d","2026-06-01 08:00:00","2026-06-01 09:00:00","2026-06-01 08:30:00",'
        '"2026-06-01 08:35:00","closed successful","3 normal","Raw","60","180","35","-5"\n'
        '"2026060110000013","9 d","2026-06-01 08:00:00","2026-06-01 14:00:00","2026-06-01 08:05:00",'
        '"2026-06-01 08:10:00","closed unsuccessful","3 normal","Raw","360","-120","10","20"\n'
        # still open, answered in time: its solution is not known yet, so it is not measured
        '"2026060110000014","1 d","2026-06-09 08:00:00","","2026-06-09 08:05:00","2026-06-09 08:10:00",'
        '"open","3 normal","Raw","","","10","20"\n'
        # still open and already answered late: missed
        '"2026060110000015","1 d","2026-06-09 08:00:00","","","2026-06-09 09:00:00","open","4 high","Raw",'
        '"","","60","-30"\n')


def test_otrs_minutes_left_at_the_escalation_decide(tree):
    _agreement(tree, [{"priority": "3 normal", "response": "30 minutes", "resolution": "4 hours"},
                      {"priority": "4 high", "response": "30 minutes", "resolution": "2 hours"}])
    _export(tree, "ticket_search.csv", "znuny", OTRS)
    result, figures = _figures(tree)
    assert figures == {"3 normal": (1, 3, {"remaining": 3}), "4 high": (0, 1, {"remaining": 1})}
    assert "by the time the export says was left at the target" in result.message


JSM = ("Summary,Issue key,Issue id,Issue Type,Status,Priority,Resolution,Created,Updated,Resolved,"
       "Custom field (Time to first response),Custom field (Time to resolution)\n"
       "VPN down,ITSM-7,10007,Incident,Done,High,Done,01/Jun/26 8:00 AM,01/Jun/26 11:00 AM,01/Jun/26 11:00 AM,0:40,1:00\n"
       "Mail bounced,ITSM-8,10008,Incident,Done,High,Done,01/Jun/26 8:00 AM,01/Jun/26 3:00 PM,01/Jun/26 2:30 PM,0:50,-2:30\n"
       # open, still within its goal: not measured; open and already breached: missed
       "Laptop,ITSM-9,10009,Incident,In Progress,High,,09/Jun/26 8:00 AM,09/Jun/26 8:30 AM,,0:30,2:10\n"
       "Printer,ITSM-10,10010,Incident,In Progress,High,,08/Jun/26 8:00 AM,08/Jun/26 8:30 AM,,0:20,-20:00\n"
       # no SLA on this issue type: measured against the agreement (resolved in 2 hours, target 4 hours)
       "Question,ITSM-11,10011,Service request,Done,High,Done,01/Jun/26 8:00 AM,01/Jun/26 10:00 AM,01/Jun/26 10:00 AM,,\n")


def test_jira_service_management_time_left_at_the_goal_decides(tree):
    _agreement(tree, [{"priority": "High", "resolution": "4 hours"}])
    _export(tree, "jira.csv", "jira-service-management", JSM)
    result, figures = _figures(tree)
    assert figures == {"High": (2, 4, {"remaining": 3, "targets": 1})}
    assert result.outcome is Outcome.PASS
    assert "2 of 4 issues met the target (50.0%" in result.message


SERVICENOW = ("number,incident_state,priority,opened_at,resolved_at,made_sla,sys_mod_count,sys_updated_on\n"
              "INC0010001,Resolved,1 - Critical,2026-06-01 08:00:00,2026-06-01 20:00:00,true,3,2026-06-01 20:00:00\n"
              "INC0010002,Resolved,1 - Critical,2026-06-01 08:00:00,2026-06-01 09:00:00,false,3,2026-06-01 09:00:00\n")


def test_the_servicenow_flag_wins_over_the_agreements_durations(tree):
    """12 hours is over the agreement's 4 hours, but ServiceNow's own SLA said made: the export's flag counts."""
    _agreement(tree, [{"priority": "1 - Critical", "resolution": "4 hours"}])
    _export(tree, "incident.csv", "servicenow-incident", SERVICENOW)
    result, figures = _figures(tree)
    assert figures == {"1 - Critical": (1, 2, {"flag": 2})}
    assert "by the export's met-SLA flag" in result.message
    (metric,) = result.metrics
    assert metric.to_dict()["sources"] == {"flag": 2} and str(metric.condition) == "by the export's met-SLA flag"
