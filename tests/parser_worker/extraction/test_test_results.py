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
