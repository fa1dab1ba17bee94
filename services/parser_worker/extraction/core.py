"""The text-level core: page texts in, `Extraction` out. No PDF library is touched here."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from parser_worker.extraction.categories import detect_categories
from parser_worker.extraction.document import Document
from parser_worker.extraction.found import Found
from parser_worker.extraction.kind import detect_kind, detect_type
from parser_worker.extraction.opinion import detect_opinion
from parser_worker.extraction.page_text import PageText
from parser_worker.extraction.parties import (
    detect_report_date,
    detect_service_auditor,
    detect_service_organization,
    detect_system_name,
)
from parser_worker.extraction.period import detect_period
from parser_worker.extraction.subservice import detect_cuec_count, detect_subservice_organizations
from parser_worker.extraction.test_results import detect_exceptions, detect_not_tested
from vendor_core.reports.extraction import Evidence, Extraction, ReportKind, Source

logger = logging.getLogger(__name__)


class _Collector:
    """Accumulates fields, evidence, confidence and warnings from the detectors."""

    def __init__(self, warnings: Sequence[str]) -> None:
        self.fields: dict[str, Any] = {}
        self.evidence: dict[str, list[Evidence]] = {}
        self.confidence: dict[str, float] = {}
        self.warnings: list[str] = list(dict.fromkeys(warnings))

    def warn(self, warning: str) -> None:
        if warning not in self.warnings:
            self.warnings.append(warning)

    def run(self, name: str, detector: Callable[[], Found[Any]], default: Any = None) -> Any:
        # One detector's bug must not lose the rest of the report: the field stays empty and
        # the result says so, and the error is logged for us.
        try:
            found = detector()
        except Exception:
            logger.exception("extraction of %s failed", name)
            self.warn(f"{name}_failed")
            return default
        self.put(name, found)
        return found.value

    def put(self, name: str, found: Found[Any]) -> None:
        if found.value is not None:
            self.fields[name] = found.value
        for warning in found.warnings:
            self.warn(warning)
        if found.evidence:
            self.evidence[name] = found.evidence
        if found.evidence or found.confidence:
            self.confidence[name] = round(found.confidence, 2)


def extract_from_pages(
    pages: Sequence[PageText], *, sha256: str, ocr_pages: int = 0, warnings: Sequence[str] = ()
) -> Extraction:
    """Build the extraction from page texts (1-based, in page order)."""
    doc = Document(pages)
    out = _Collector(warnings)
    kind = out.run("report_kind", lambda: detect_kind(doc), ReportKind.unknown)
    report_type = out.run("report_type", lambda: detect_type(doc, kind))
    period_end = None
    try:
        period = detect_period(doc, report_type)
    except Exception:
        logger.exception("extraction of the period failed")
        out.warn("period_failed")
    else:
        start, period_end = period.value
        for name, value in (("period_start", start), ("period_end", period_end)):
            if value is not None:
                out.put(name, Found(value, period.confidence, period.evidence, period.warnings))
        for warning in period.warnings:
            out.warn(warning)
    out.run("opinion", lambda: detect_opinion(doc))
    out.run("tsc_categories", lambda: detect_categories(doc, kind))
    # A SOC 3 has no tests of controls, so anything test-like in it is not a finding.
    if kind is not ReportKind.soc3:
        out.run("exceptions", lambda: detect_exceptions(doc))
        out.run("not_tested_controls", lambda: detect_not_tested(doc))
    org = out.run("service_organization", lambda: detect_service_organization(doc))
    out.run("system_name", lambda: detect_system_name(doc))
    out.run("service_auditor", lambda: detect_service_auditor(doc, org=org))
    out.run("report_date", lambda: detect_report_date(doc, period_end=period_end))
    out.run("subservice_organizations", lambda: detect_subservice_organizations(doc))
    out.run("complementary_user_entity_controls", lambda: detect_cuec_count(doc))
    return Extraction(
        source=Source(sha256=sha256, pages=len(pages), ocr_pages=ocr_pages),
        evidence=out.evidence,
        confidence=out.confidence,
        warnings=out.warnings,
        **out.fields,
    )
