"""Print the example-vendor table of docs/scoring.md, computed by the scoring model itself.

    .venv/bin/python benchmarks/scoring_examples.py            # markdown table
    .venv/bin/python benchmarks/scoring_examples.py --factors  # plus every factor line

Dates are fixed (TODAY) so the figures are reproducible; rerun and paste the table into
docs/scoring.md whenever the model or its defaults change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from vendor_core.reports.extraction import Extraction, Source
from vendor_core.scoring import (
    DEFAULT_POLICY,
    ReportInput,
    RiskAssessment,
    VendorProfile,
    score_vendor,
)

TODAY = dt.date(2026, 11, 27)


def report(report_id: str, **fields: Any) -> ReportInput:
    return ReportInput(
        report_id=report_id,
        extraction=Extraction(source=Source(sha256="0" * 64, pages=80), **fields),
        uploaded_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC),
    )


def soc2_type2(report_id: str, **fields: Any) -> ReportInput:
    defaults: dict[str, Any] = {
        "report_kind": "soc2",
        "report_type": "type2",
        "period_start": dt.date(2025, 7, 1),
        "period_end": dt.date(2026, 6, 30),
        "tsc_categories": ["security", "availability", "confidentiality"],
        "opinion": "unqualified",
    }
    return report(report_id, **{**defaults, **fields})


def exception(control_id: str, deviations: int | None, sample: int | None) -> dict[str, Any]:
    return {
        "control_id": control_id,
        "criteria": [control_id],
        "description": f"Exception noted for {control_id}.",
        "deviations": deviations,
        "sample_size": sample,
        "page": 54,
    }


EXAMPLES: list[tuple[str, VendorProfile, list[ReportInput]]] = [
    (
        "Office snacks SaaS: low, no data; clean SOC 2 type 2",
        VendorProfile(criticality="low"),
        [soc2_type2("r1")],
    ),
    (
        "Survey tool: low, no data; no report",
        VendorProfile(criticality="low"),
        [],
    ),
    (
        "CRM: medium, customer + personal data; SOC 2 type 2 (S, A, C), 2 exceptions",
        VendorProfile(criticality="medium", handles_customer_data=True, handles_personal_data=True),
        [
            soc2_type2(
                "r2",
                exceptions=[exception("CC6.2", 2, 25), exception("A1.2", 1, 40)],
                subservice_organizations=[{"name": "AWS", "method": "carve-out"}],
            )
        ],
    ),
    (
        "Payroll: high, personal data, financial; SOC 1 type 2 + SOC 2 type 1 (S, P)",
        VendorProfile(
            criticality="high", handles_personal_data=True, impacts_financial_reporting=True
        ),
        [
            report(
                "r3",
                report_kind="soc1",
                report_type="type2",
                period_start=dt.date(2025, 10, 1),
                period_end=dt.date(2026, 9, 30),
                opinion="unqualified",
            ),
            report(
                "r4",
                report_kind="soc2",
                report_type="type1",
                period_end=dt.date(2026, 3, 31),
                tsc_categories=["security", "privacy"],
                opinion="unqualified",
            ),
        ],
    ),
    (
        "Billing engine: medium, financial; SOC 1 type 2 only",
        VendorProfile(criticality="medium", impacts_financial_reporting=True),
        [
            report(
                "r5",
                report_kind="soc1",
                report_type="type2",
                period_start=dt.date(2025, 10, 1),
                period_end=dt.date(2026, 9, 30),
                opinion="unqualified",
            )
        ],
    ),
    (
        "CDN: high, availability-critical; SOC 3 (S, A) only",
        VendorProfile(criticality="high", availability_critical=True),
        [
            report(
                "r6",
                report_kind="soc3",
                period_start=dt.date(2025, 4, 1),
                period_end=dt.date(2026, 3, 31),
                tsc_categories=["security", "availability"],
                opinion="unqualified",
            )
        ],
    ),
    (
        "Cloud host: critical, all data flags; qualified SOC 2 type 2, 3 exceptions",
        VendorProfile(
            criticality="critical",
            handles_personal_data=True,
            handles_customer_data=True,
            availability_critical=True,
        ),
        [
            soc2_type2(
                "r7",
                opinion="qualified",
                tsc_categories=["security", "availability"],
                exceptions=[
                    exception("CC6.1", 3, 25),
                    exception("CC8.1", 5, 20),
                    exception("CC7.2", None, None),
                ],
                complementary_user_entity_controls=24,
            )
        ],
    ),
    (
        "Data warehouse: critical, customer data; SOC 2 type 2 expired",
        VendorProfile(criticality="critical", handles_customer_data=True),
        [
            soc2_type2(
                "r8",
                period_start=dt.date(2024, 7, 1),
                period_end=dt.date(2025, 6, 30),
                tsc_categories=["security"],
            )
        ],
    ),
    (
        "Analytics: medium, customer data; SOC 2 type 2 with an adverse opinion",
        VendorProfile(criticality="medium", handles_customer_data=True),
        [soc2_type2("r9", opinion="adverse", exceptions=[exception("CC6.1", 12, 25)])],
    ),
    (
        "First audit: medium, customer data; SOC 2 type 2 over 3 months",
        VendorProfile(criticality="medium", handles_customer_data=True),
        [soc2_type2("r10", period_start=dt.date(2026, 4, 1), tsc_categories=["security"])],
    ),
]


def factor_summary(assessment: RiskAssessment) -> str:
    return ", ".join(
        f"{factor.code} {factor.points:+d}" for factor in assessment.factors if factor.points
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--factors", action="store_true", help="print every factor line too")
    args = parser.parse_args(argv)

    out = sys.stdout
    out.write(f"Scored on {TODAY} with the default policy.\n\n")
    out.write("| vendor | score | rating | factors (points) |\n|---|---:|---|---|\n")
    assessments = []
    for name, profile, reports in EXAMPLES:
        assessment = score_vendor(
            profile=profile, reports=reports, policy=DEFAULT_POLICY, today=TODAY
        )
        assessments.append((name, assessment))
        out.write(
            f"| {name} | {assessment.score} | {assessment.rating.value} | "
            f"{factor_summary(assessment)} |\n"
        )
    if args.factors:
        for name, assessment in assessments:
            out.write(f"\n{name}: {assessment.score} {assessment.rating.value}\n")
            for factor in assessment.factors:
                out.write(f"  {factor.points:+4d}  {factor.code}: {factor.detail}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
