"""Exceptions and untested controls from test-result tables in several firms' layouts."""

from collections.abc import Callable

import pytest

from parser_worker.extraction.document import Document
from parser_worker.extraction.test_results import (
    detect_exceptions,
    detect_not_tested,
    deviations_and_sample,
    is_exception_result,
)

Doc = Callable[..., Document]
HEADER = (
    "Control # Control Activity Specified by the Service Organization Test Applied Test Results"
)


@pytest.mark.parametrize(
    "cell",
    [
        "Exception noted.",
        "Exceptions noted. We noted that for 2 of 25 ...",
        "Deviation noted",
        "Deviations were noted as follows:",
        "The following exceptions were identified: ...",
        "Exceptions Noted: For one of the sampled changes ...",
    ],
)
def test_exception_results(cell: str) -> None:
    assert is_exception_result(cell)


@pytest.mark.parametrize(
    "cell",
    [
        "No exceptions noted.",
        "No Exce ptions Noted",
        "NoExceptionsNoted.",
        "No deviations noted.",
        "No relevant exceptions noted.",
        "Exceptions identified in the risk assessment are evaluated by the security team.",
        "Any exceptions noted during the review are tracked to resolution.",
        "The team follows up on exceptions noted by the monitoring tool.",
    ],
)
def test_non_findings(cell: str) -> None:
    assert not is_exception_result(cell)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("for 2 of 25 terminated users", (2, 25)),
        ("for two (2) of twenty-five (25) samples", (2, 25)),
        ("one out of forty changes", (1, 40)),
        ("3 of the 60 sampled tickets", (3, 60)),
        ("no count here", (None, None)),
    ],
)
def test_deviation_counts(text: str, expected: tuple[int | None, int | None]) -> None:
    assert deviations_and_sample(text) == expected


class TestDetectExceptions:
    def test_criterion_first_table_with_own_ids(self, document: Doc) -> None:
        doc = document(
            f"{HEADER}\n"
            "CC6.1 DS-1 Logical access to production requires MFA. Inspected the MFA "
            "configuration. No exceptions noted.\n"
            "CC6.2 DS-2 Access is removed within one business day of termination. Inspected "
            "tickets for a\n"
            "sample of terminated employees. Exceptions noted. For 3 of 40 terminated employees, "
            "access\n"
            "was removed between 5 and 12 days after termination.\n"
            "CC6.3 DS-3 Access reviews are performed quarterly. Inspected reviews. No exceptions "
            "noted."
        )
        (finding,) = detect_exceptions(doc).value
        assert finding.control_id == "DS-2"
        assert finding.criteria == ["CC6.2"]
        assert (finding.deviations, finding.sample_size) == (3, 40)
        assert "terminated" in finding.description

    def test_control_description_mentioning_exceptions_is_not_a_finding(
        self, document: Doc
    ) -> None:
        doc = document(
            f"{HEADER}\n"
            "VM - 6 Vulnerability scans run weekly; exceptions identified are tracked in Jira\n"
            "until resolved. Inspected scan reports. No exceptions noted.\n"
            "VM - 7 Exceptions noted during patching are approved by the CISO. Inspected "
            "approvals.\n"
            "No deviations noted."
        )
        assert detect_exceptions(doc).value == []

    def test_row_continues_across_a_page_break_and_keeps_its_page(self, document: Doc) -> None:
        doc = document(
            f"{HEADER}\nCM-4 Changes are approved before deployment. Inspected a sample of 25 "
            f"changes.",
            f"{HEADER}\nException noted. For 1 of 25 changes, approval was obtained after "
            f"deployment.\n"
            "CM-5 Changes are tested. Inspected tests. No exceptions noted.",
        )
        (finding,) = detect_exceptions(doc).value
        assert finding.control_id == "CM-4"
        assert finding.page == 2
        assert (finding.deviations, finding.sample_size) == (1, 25)

    def test_repeats_across_criteria_mapping_and_summary_are_one_finding(
        self, document: Doc
    ) -> None:
        row = (
            "Exceptions noted. For 2 of 25 new hires, security awareness training was completed "
            "after the 30-day deadline."
        )
        doc = document(
            f"Summary of exceptions\nHR-3 Security training within 30 days. {row}",
            f"{HEADER}\nCC1.4 HR-3 New hires complete training within 30 days. Inspected records. "
            f"{row}",
            f"{HEADER}\nCC2.2 HR-3 New hires complete training within 30 days. Inspected records. "
            f"{row}",
        )
        (finding,) = detect_exceptions(doc).value
        assert finding.control_id == "HR-3"
        assert finding.criteria == ["CC1.4", "CC2.2"]

    def test_soc1_control_objective_numbers_and_deviation_wording(self, document: Doc) -> None:
        doc = document(
            "Control Objective 3: Controls provide reasonable assurance that payroll changes are "
            "authorized.\n"
            "3.1 Payroll changes are approved by a supervisor. Inspected 40 changes. No "
            "deviations noted.\n"
            "3.2 Rate changes are reviewed monthly. Inspected reviews for a sample of months.\n"
            "Deviation noted. For one of twelve months selected, the review was not evidenced."
        )
        (finding,) = detect_exceptions(doc).value
        assert finding.control_id == "3.2"
        assert (finding.deviations, finding.sample_size) == (1, 12)

    def test_management_response_printed_in_a_later_section(self, document: Doc) -> None:
        doc = document(
            f"{HEADER}\nIR-2 Incidents are resolved per SLA. Inspected tickets.\n"
            "Exception noted. For 2 of 15 incidents, the SLA was exceeded.",
            "Section V: Other Information Provided by Management\nIR-2\n"
            "Management's Response: Management has added SLA breach alerts to the ticketing "
            "system.",
        )
        (finding,) = detect_exceptions(doc).value
        assert finding.management_response is not None
        assert "SLA breach alerts" in finding.management_response

    def test_split_result_cell_no_exceptions_is_not_a_finding(self, document: Doc) -> None:
        doc = document(
            f"{HEADER}\nBK-1 Backups run daily. Inspected backup logs. No Exce\nptions Noted"
        )
        assert detect_exceptions(doc).value == []


class TestDetectNotTested:
    def test_non_occurrence_is_not_tested_and_not_an_exception(self, document: Doc) -> None:
        doc = document(
            f"{HEADER}\n"
            "CC7.4 IR-5 Security incidents are escalated. Inquired of management. No security\n"
            "incidents occurred during the period; therefore, we could not test the operating\n"
            "effectiveness of this control.\n"
            "CC7.5 IR-6 Lessons learned are documented. Inspected documentation. No exceptions "
            "noted."
        )
        assert detect_not_tested(doc).value == ["IR-5"]
        assert detect_exceptions(doc).value == []

    def test_other_wording_of_non_occurrence(self, document: Doc) -> None:
        doc = document(
            f"{HEADER}\n"
            "CC8.1 Emergency changes are approved after the fact. There were no emergency changes\n"
            "during the examination period. As such, the service auditor was unable to test this "
            "control."
        )
        assert detect_not_tested(doc).value == ["CC8.1"]


def test_numeric_control_under_a_criterion_heading_with_exception_detail(document: Doc) -> None:
    doc = document(
        "CC8.8 - The entity implements controls to prevent or detect malicious software.\n"
        "Control # Control Procedure Result\n"
        "8.8.1 Anti-virus software is installed on all workstations. For a sample of\n"
        "workstations, verified anti-virus is installed. Exception noted.\n"
        "Exception Detail: We noted three of 25 workstations without anti-virus installed.\n"
        "8.8.2 Email filters scan inbound email. Observed the configuration. No exceptions noted."
    )
    (finding,) = detect_exceptions(doc).value
    assert finding.control_id == "8.8.1"
    assert finding.criteria == ["CC8.8"]
    assert (finding.deviations, finding.sample_size) == (3, 25)


def test_summary_counts_are_not_findings(document: Doc) -> None:
    doc = document(
        "Executive Summary\nControls tested: 112\nExceptions noted: 3\nDeviations noted: none\n"
        "Opinion Result: Unqualified"
    )
    assert detect_exceptions(doc).value == []


def test_not_tested_read_from_a_table_row() -> None:
    from parser_worker.extraction import PageText

    table = (
        ("Control #", "Control Activity", "Test Performed", "Test Results"),
        (
            "IR-4",
            "Breaches are notified.",
            "Inquired.",
            "No breaches occurred during the "
            "period. Therefore, we could not test the operating effectiveness of this control.",
        ),
    )
    doc = Document([PageText(1, "IR-4 Breaches are notified.", tables=(table,))])
    assert detect_not_tested(doc).value == ["IR-4"]
    assert detect_exceptions(doc).value == []


def test_detail_block_printed_after_the_next_row_goes_to_the_control_it_names(
    document: Doc,
) -> None:
    doc = document(
        f"{HEADER}\n"
        "CC2.1-01 Policies are reviewed annually. Inspected policies.\nDeviation noted\n"
        "CC2.3-01 Commitments are communicated. Inspected the website.\nDeviation noted\n"
        "Deviation detail - CC2.1-01\n"
        "For 2 out of 10 policies sampled, the policy had not been reviewed.\n"
        "Deviation detail - CC2.3-01\n"
        "For 1 out of 5 contract changes, customers were not notified."
    )
    counts = {f.control_id: (f.deviations, f.sample_size) for f in detect_exceptions(doc).value}
    assert counts == {"CC2.1-01": (2, 10), "CC2.3-01": (1, 5)}


def test_responses_section_lists_a_design_exception_missing_from_the_tables(
    document: Doc,
) -> None:
    doc = document(
        "Control # Control Activity Specified by the Service Organization\n"
        "7.1 Balances are reconciled monthly.\n7.2 Statements are reviewed.",
        "Section V: Other Information Provided by Management\n"
        "Management's Responses to Testing Exceptions\n"
        "Control Exception Noted Management's Response\n"
        "7.1 The control was not suitably designed: it did not cover API credentials.\n"
        "Management has extended the reconciliation to API credentials.",
    )
    (finding,) = detect_exceptions(doc).value
    assert finding.control_id == "7.1"
    assert finding.management_response is not None
    assert finding.management_response.startswith("Management has extended")
    assert "API credentials" in finding.description


def test_no_testing_performed_wording_and_response_sections_are_ignored(document: Doc) -> None:
    doc = document(
        f"{HEADER}\n"
        "CC6.5-01 Retired media is destroyed. For a sample of disposed assets, inspected\n"
        "certificates.\nNo testing performed: No\n"
        "storage media were disposed of during\nthe period.",
        "Management's Responses to Testing Exceptions\n"
        "VM-1 Management determined that no unauthorized activity occurred. The agent\n"
        "was not performed on two hosts and has been redeployed.",
    )
    assert detect_not_tested(doc).value == ["CC6.5-01"]


def test_wrapped_version_number_does_not_start_a_row(document: Doc) -> None:
    doc = document(
        f"{HEADER}\n"
        "C-115 Data in transit over public networks is encrypted using TLS\n"
        "1.2 or higher.\nInspected TLS configurations.\nException\n"
        "noted. For 1 out of the 5 public endpoints, TLS 1.0 was accepted."
    )
    (finding,) = detect_exceptions(doc).value
    assert finding.control_id == "C-115"
    assert (finding.deviations, finding.sample_size) == (1, 5)


def test_summary_of_exceptions_supplies_counts_missing_from_the_table(document: Doc) -> None:
    doc = document(
        "Summary of Testing Exceptions\n"
        "C-106 CC1.5 For 4 out of the 40 employees sampled, no evaluation was completed.",
        f"{HEADER}\nC-106 Managers complete annual evaluations. Inspected evaluations.\n"
        "Exception noted.",
    )
    (finding,) = detect_exceptions(doc).value
    assert finding.control_id == "C-106"
    assert (finding.deviations, finding.sample_size) == (4, 40)


@pytest.mark.parametrize(
    ("basis", "control_id", "criteria"),
    [
        (
            "Basis for Adverse Opinion\n"
            "Acme's description of its Acme Platform states that production databases are\n"
            "backed up daily and failures are resolved by operations (A1.2-01). However, the "
            "control was\nnot suitably designed as described: the control relied on a manual "
            "list.\nAs a result, controls were not suitably designed as of 31 October 2025 to "
            "achieve criterion A1.2.\nAdverse Opinion\n",
            "A1.2-01",
            ["A1.2"],
        ),
        (
            "Basis for Qualified Opinion\n"
            "The description states that daily backups are performed and failures are "
            "investigated (3.2). However, the control was not suitably designed: it did not "
            "define the frequency of the review.\nQualified Opinion\n",
            "3.2",
            [],
        ),
        (
            "Basis for Qualified Opinion\n"
            "As described in control number VM-6, vulnerability scans are reviewed monthly. The "
            "design of this control was deficient in that no owner was assigned; we noted a "
            "design deficiency that prevents it from achieving criterion CC7.1.\n"
            "In our opinion, except for the matter described above, ...\n",
            "VM-6",
            ["CC7.1"],
        ),
    ],
)
def test_type1_design_exception_only_in_the_basis_paragraph(
    document: Doc, basis: str, control_id: str, criteria: list[str]
) -> None:
    (finding,) = detect_exceptions(document(basis)).value
    assert finding.control_id == control_id
    assert finding.criteria == criteria
    assert (finding.deviations, finding.sample_size) == (None, None)


def test_operating_exception_in_the_basis_paragraph_is_not_a_design_exception(
    document: Doc,
) -> None:
    doc = document(
        "Basis for Adverse Opinion\n"
        "Ridgeline states in its description that visitors are escorted (6.2). However, as "
        "noted in Section IV, for 8 of 60 days sampled, visitors were not logged. As a result, "
        "controls were not operating effectively to achieve objective 6.\nAdverse Opinion\n"
    )
    assert detect_exceptions(doc).value == []


@pytest.mark.parametrize(
    "next_section",
    [
        "Section V: Other Information Provided by Ridgeline\n"
        "Management's Responses to Testing Exceptions\n"
        "Control Exception Noted Management's Response\n",
        "Part 5 - Other Information\nManagement's Response to Exceptions\n",
    ],
)
def test_last_row_does_not_take_the_next_sections_heading_as_its_response(
    document: Doc, next_section: str
) -> None:
    doc = document(
        HEADER + "\n7.2 Client statements are reviewed before release.\n"
        "For a sample of statements, inspected review evidence.\n"
        "Exceptions noted. We noted\nthat for 8 of 60 client\nstatements sampled, the\n"
        "review was not evidenced.",
        next_section + "No other responses were provided.\n",
    )
    (finding,) = detect_exceptions(doc).value
    assert finding.control_id == "7.2"
    assert (finding.deviations, finding.sample_size) == (8, 60)
    assert finding.management_response is None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("CC6.5: The entity disposes of assets securely.", "C1.2: The entity disposes of data."),
        ("CC9.1 - Risk mitigation activities", "A1.3 - Recovery plan testing"),
    ],
)
def test_id_less_control_shown_under_two_criteria_is_one_finding(
    document: Doc, first: str, second: str
) -> None:
    row = (
        "Disposed assets are certified as destroyed by the vendor.\n"
        "Inspected certificates of destruction for a sample of disposed assets.\n"
        "Exception noted: For four of forty disposed assets sampled, a certificate of\n"
        "destruction could not be provided.\n"
    )
    doc = document(
        HEADER + "\n" + first + "\n" + row + "Another control runs daily.\nNo exceptions noted.",
        HEADER + "\n" + second + "\n" + row + "Data is purged after thirty days.",
    )
    (finding,) = detect_exceptions(doc).value
    assert finding.control_id is None
    assert sorted(finding.criteria) == sorted(
        [first.split()[0].rstrip(":"), second.split()[0].rstrip(":")]
    )
    assert (finding.deviations, finding.sample_size) == (4, 40)


@pytest.mark.parametrize("label", ["Management's response:", "Management Response -"])
def test_response_label_ending_its_line_is_not_a_responses_section(
    document: Doc, label: str
) -> None:
    doc = document(
        HEADER + "\nCC1.3: Management sets structures and reporting lines.\n"
        "An organizational chart is maintained.\nInspected the chart.\nDeviation noted\n"
        f"{label}\nManagement has reinforced the\nrequirement with control owners.\n"
        "CC7.3: The entity evaluates security events.\nIncidents are tracked to resolution.\n"
        "For a sample of incidents, inspected tickets.\n"
        "No testing performed: No\nsecurity incidents\noccurred during the\nperiod."
    )
    (finding,) = detect_exceptions(doc).value
    assert (finding.control_id, finding.criteria) == (None, ["CC1.3"])
    assert (finding.management_response or "").startswith("Management has reinforced")
    assert detect_not_tested(doc).value == ["CC7.3"]


class TestNonOccurrenceWordings:
    """Auditors word non-occurrence many ways; narrow result columns wrap it over many lines."""

    @pytest.mark.parametrize(
        "result",
        [
            "No batch job failures\noccurred during the period.\nAs a result, no testing of\n"
            "operating effectiveness\nwas performed.",
            "No terminations occurred\nduring the period; accordingly\nno tests of operating\n"
            "effectiveness were\nperformed.",
            "No significant changes to\nthe business occurred. No\ntesting of the control "
            "could\nbe performed.",
        ],
    )
    def test_no_testing_of_operating_effectiveness_was_performed(
        self, document: Doc, result: str
    ) -> None:
        doc = document(
            f"{HEADER}\nOP - 1 Failed jobs are resolved in a ticket. For a sample of failed jobs,\n"
            f"inspected tickets.\n{result}\n"
            "OP - 2 Backups are monitored. Inspected backup logs. No deviations noted."
        )
        assert [c.replace(" ", "") for c in detect_not_tested(doc).value] == ["OP-1"]
        assert detect_exceptions(doc).value == []

    def test_control_did_not_occur_statement_starting_mid_line(self, document: Doc) -> None:
        # The statement begins in the last column of a line whose other columns hold the
        # control text ("... review. this control did not occur").
        doc = document(
            f"{HEADER}\nCC7.3: The entity evaluates security events.\n"
            "Incidents are tracked to | Inspected incident tickets for The circumstances that\n"
            "resolution, including a | classification and review. warrant the operation of\n"
            "post-incident review. this control did not occur\n"
            "during the period (Na\nsecurity incidents occurred\nduring the period).\n"
            "Accordingly, the operating\neffectiveness of the contro!\ncould not be tested.\n"
            "CC7.4: The entity responds to identified incidents.\n"
            "Incidents are escalated. Inspected tickets. No exceptions noted."
        )
        assert detect_not_tested(doc).value == ["CC7.3"]

    def test_ocr_table_rule_inside_the_statement(self, document: Doc) -> None:
        doc = document(
            f"{HEADER}\nCC3.4: The entity assesses changes.\n"
            "Changes are assessed. | Inquired of the chair. | This control did not operate\n"
            "because no significant\nchanges occurred. The operating\neffectiveness could not be\n"
            "| tested.\nCC4.1: The entity monitors controls.\n"
            "Pen test. Inspected. No exceptions noted."
        )
        assert detect_not_tested(doc).value == ["CC3.4"]

    def test_tested_control_whose_description_mentions_no_testing_is_not_listed(
        self, document: Doc
    ) -> None:
        doc = document(
            f"{HEADER}\nOP - 3 Jobs are monitored. Inspected the monitoring console; no\n"
            "failures were identified in the sample and testing was performed as planned.\n"
            "No deviations noted.\n"
            "OP - 4 Restores are tested quarterly. Inspected restore records. No deviations noted."
        )
        assert detect_not_tested(doc).value == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The following 4 control(s) had exceptions noted during testing.",
        "Three controls have deviations noted during the period; see below.",
        "The control has exceptions identified in the prior year report.",
    ],
)
def test_summary_sentences_saying_controls_had_exceptions_are_not_results(sentence: str) -> None:
    assert not is_exception_result(sentence)


def test_exception_noted_cell_is_still_a_result_after_a_sentence_about_testing() -> None:
    assert is_exception_result("Inspected the tickets for all changes. Exceptions noted.")


class TestStrayResultCells:
    """A bare "Deviation noted" read out of its row is not another finding in a report whose
    controls carry ids; in a report without ids the criterion is all there is."""

    def test_bare_result_under_a_criterion_is_dropped_when_controls_have_ids(
        self, document: Doc
    ) -> None:
        doc = document(
            f"{HEADER}\nCC4.1: The entity performs evaluations of its controls.\n"
            "VM - 3 A penetration test is performed annually. Inspected the report.\n"
            "Deviation noted. The annual penetration test was not performed during the period.\n"
            "CC4.2: The entity communicates internal control deficiencies in time.\n"
            "Outcome\nDeviation noted\n"
            "MN - 1 Internal audit reports deficiencies. Inspected the report. No deviations noted."
        )
        found = detect_exceptions(doc).value
        assert [f.control_id for f in found] == ["VM - 3"]

    def test_criterion_only_finding_is_kept_when_no_control_has_an_id(self, document: Doc) -> None:
        doc = document(
            f"{HEADER}\nCC6.2: The entity registers and authorizes new users.\n"
            "Access requests are approved. Inspected tickets.\nException noted.\n"
            "CC6.3: The entity removes access.\nAccess is removed. Inspected. No exceptions noted."
        )
        found = detect_exceptions(doc).value
        assert len(found) == 1 and found[0].control_id is None
        assert found[0].criteria == ["CC6.2"]


class TestDesignExceptionKnownOnlyByCriteria:
    RESPONSES = (
        "V. Other Information Provided by Acme\n"
        "Management's Responses to Testing Exceptions\n"
        "Control Exception Noted Management's Response\n"
        "{key} The control was not suitably designed as described.\n"
        "Management accepts the finding. A ticketing workflow now prevents closure.\n"
    )

    @pytest.mark.parametrize(
        ("basis", "criteria"),
        [
            (
                "Basis for Adverse Opinion\nAcme's description states that access of terminated\n"
                "personnel is revoked within one day. However, the control was not suitably "
                "designed\nas described. As a result, controls were not suitably designed as of "
                "03/31/2023 to achieve criterion CC6.2 and CC6.3.\nAdverse Opinion\n",
                ["CC6.2", "CC6.3"],
            ),
            (
                "Basis for Qualified Opinion\nThe description states that changes are approved\n"
                "before deployment. The control is not appropriately designed because approval\n"
                "is not required for emergency changes, which affects criteria CC8.1.\n"
                "Qualified Opinion\n",
                ["CC8.1"],
            ),
        ],
    )
    def test_finding_from_the_basis_paragraph_with_its_response(
        self, document: Doc, basis: str, criteria: list[str]
    ) -> None:
        key = ", ".join(criteria)
        (finding,) = detect_exceptions(document(basis, self.RESPONSES.format(key=key))).value
        assert finding.control_id is None
        assert finding.criteria == criteria
        assert "not" in finding.description and "designed" in finding.description
        assert finding.management_response is not None
        assert finding.management_response.startswith("Management accepts")

    def test_basis_without_design_failure_or_criteria_gives_nothing(self, document: Doc) -> None:
        basis = (
            "Basis for Qualified Opinion\nAcme states that logs are reviewed weekly. The\n"
            "control was not suitably designed to meet its objective.\nQualified Opinion\n"
        )
        assert detect_exceptions(document(basis)).value == []

    def test_table_finding_under_the_same_criteria_is_not_repeated(self, document: Doc) -> None:
        basis = (
            "Basis for Qualified Opinion\nThe control was not suitably designed to achieve "
            "criterion CC6.2.\nQualified Opinion\n"
        )
        table = (
            f"{HEADER}\nCC6.2 AC - 4 New users are approved. Inspected tickets. Exception noted.\n"
            "The approval step is not part of the design."
        )
        found = detect_exceptions(document(basis, table)).value
        assert [f.control_id for f in found] == ["AC - 4"]


class TestResponsesSectionWithColumnRules:
    """OCR keeps the rule between the exception and response columns as "|"."""

    TABLE = (
        f"{HEADER}\n"
        "HR - 2 Background checks are completed before start. Inspected checks.\n"
        "Deviation noted. For 9 out of 60 new hires sampled, the background check was late.\n"
        "VM - 3 A penetration test is performed annually. Inspected the report.\n"
        "Deviation noted. The annual penetration test was not performed during the period.\n"
    )

    @pytest.mark.parametrize(
        "rows",
        [
            "HR - 2 For 9 out of 60 new hires sampled, the background | Management has reviewed "
            "the items and\ncheck was late. | that no harm occurred. Staff were retrained.\n"
            "VM - 3 The annual penetration test was not performed during Management accepts the "
            "finding. A\nthe period. | workflow now prevents closure.",
            "HR - 2 For 9 out of 60 new hires sampled, the background | Management has reviewed "
            "the items and\ncheck was late. | that no harm occurred. Staff\nwere retrained.\n"
            "VM - 3 The annual penetration test was not | Management accepts the finding. A\n"
            "performed during the period. | workflow now prevents closure.",
        ],
    )
    def test_response_is_the_right_hand_column(self, document: Doc, rows: str) -> None:
        responses = (
            f"Section 5: Other Information\nManagement's Responses to Testing Exceptions\n{rows}"
        )
        found = {f.control_id: f for f in detect_exceptions(document(self.TABLE, responses)).value}
        hr2 = found["HR - 2"].management_response or ""
        assert hr2.startswith("Management has reviewed the items and that no harm occurred.")
        assert "background" not in hr2 and "retrained." in hr2
        assert found["VM - 3"].management_response == (
            "Management accepts the finding. A workflow now prevents closure."
        )

    def test_rows_without_column_rules_split_at_the_response(self, document: Doc) -> None:
        responses = (
            "Section 5: Other Information\nManagement's Responses to Testing Exceptions\n"
            "HR - 2 For 9 out of 60 new hires sampled, the background check was late.\n"
            "Management has retrained the recruiting team."
        )
        found = {f.control_id: f for f in detect_exceptions(document(self.TABLE, responses)).value}
        assert (
            found["HR - 2"].management_response == "Management has retrained the recruiting team."
        )
