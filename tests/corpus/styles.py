"""Audit-firm house styles: how each firm words the constructs a parser must read.

Each style differs in the opinion paragraph, the period phrase, the scope sentence, the
results cells, the X-of-N wording, the date format, the section naming and order, and the
table headers. The wording is typical of real reports, paraphrased.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS_ABBR = (
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)
NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
)
TENS = {
    20: "twenty",
    30: "thirty",
    40: "forty",
    50: "fifty",
    60: "sixty",
    70: "seventy",
    80: "eighty",
    90: "ninety",
}


def number_words(n: int) -> str:
    if n < 20:
        return NUMBER_WORDS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return TENS[tens * 10] + ("" if unit == 0 else "-" + NUMBER_WORDS[unit])
    hundreds, rest = divmod(n, 100)
    head = NUMBER_WORDS[hundreds] + " hundred"
    return head if rest == 0 else f"{head} {number_words(rest)}"


def fmt_date(d: dt.date, fmt: str) -> str:
    if fmt == "us_long":
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if fmt == "day_first":
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    if fmt == "numeric":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if fmt == "abbrev":
        return f"{MONTHS_ABBR[d.month - 1]} {d.day}, {d.year}"
    if fmt == "day_first_abbrev":
        return f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}"
    raise ValueError(fmt)


def x_of_n(x: int, n: int, mode: str) -> str:
    if mode == "digits":
        return f"{x} of {n}"
    if mode == "words":
        return f"{number_words(x)} of {number_words(n)}"
    if mode == "words_paren":
        return f"{number_words(x)} ({x}) of {number_words(n)} ({n})"
    if mode == "out_of":
        return f"{x} out of {n}"
    if mode == "out_of_the":
        return f"{x} out of the {n}"
    raise ValueError(mode)


@dataclass(frozen=True)
class FirmStyle:
    """One audit firm's template."""

    key: str
    font: str
    bold: str
    accent: str  # hex colour for headings and table headers
    date_fmt: str
    period_t2: str  # "{start}" / "{end}" placeholders; used inside sentences
    title_period_t2: str  # on the title page
    as_of: str  # type 1 phrase inside sentences, "{end}"
    title_as_of: str
    section_label: str  # "Section {n}" / "Section {roman}" / "{roman}."
    assertion_first: bool
    opinion_variant: int
    scope_variant: int
    pass_cell: str
    pass_cell_soc1: str
    exception_cell: str  # "{detail}" placeholder, or no placeholder when detail is separate
    exception_cell_soc1: str
    detail_separate: bool
    detail_heading: str
    xofn: str
    nonoccur_cell: str  # "{why}" placeholder
    headers_t2: tuple[str, str, str, str]
    headers_t1: tuple[str, str]
    layout: str  # "by_criterion" (controls repeated under each criterion) or "by_control"
    exec_summary: bool  # prints an executive summary with the opinion result and counts
    report_title_kind: str  # how the kind is named on the title page
    signature_city: bool = True
    soc3_heading: str = "Independent Service Auditor's Report"
    narrow_results: bool = False  # results column narrow enough to break words
    oxford: bool = True  # serial comma in category lists
    pagesize: str = "letter"  # or "a4"
    landscape_tests: bool = False  # the test tables are printed on landscape pages
    header_period: bool = False  # the running header repeats the period / as-of date


ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII")
WORD_NUM = ("", "One", "Two", "Three", "Four", "Five", "Six", "Seven")


def section_label(style: FirmStyle, n: int) -> str:
    return style.section_label.format(n=n, roman=ROMAN[n], word=WORD_NUM[n])


STYLES: dict[str, FirmStyle] = {
    # Big-firm AICPA illustrative structure, numbered opinion items, "to".
    "classic": FirmStyle(
        key="classic",
        font="Times-Roman",
        bold="Times-Bold",
        accent="#1F3864",
        date_fmt="us_long",
        period_t2="throughout the period {start} to {end}",
        title_period_t2="For the Period {start} to {end}",
        as_of="as of {end}",
        title_as_of="As of {end}",
        section_label="Section {roman}",
        assertion_first=False,
        opinion_variant=0,
        scope_variant=0,
        pass_cell="No exceptions noted.",
        pass_cell_soc1="No exceptions noted.",
        exception_cell="Exceptions noted. We noted that {detail}",
        exception_cell_soc1="Exceptions noted. We noted that {detail}",
        detail_separate=False,
        detail_heading="",
        xofn="digits",
        nonoccur_cell="{why}; therefore, we could not test the operating effectiveness of "
        "this control.",
        headers_t2=(
            "Control #",
            "Control Activity Specified by the Service Organization",
            "Test Applied by the Service Auditor",
            "Test Results",
        ),
        headers_t1=("Control #", "Control Activity Specified by the Service Organization"),
        layout="by_criterion",
        exec_summary=False,
        report_title_kind="System and Organization Controls (SOC) {kind} Report",
    ),
    # Regional firm: day-first dates, assertion first, words for X of N, deviations.
    "regional": FirmStyle(
        oxford=False,
        landscape_tests=True,
        header_period=True,
        key="regional",
        font="Helvetica",
        bold="Helvetica-Bold",
        accent="#2E5E4E",
        date_fmt="day_first",
        period_t2="for the period from {start} through {end}",
        title_period_t2="For the period {start} through {end}",
        as_of="as at {end}",
        title_as_of="As at {end}",
        section_label="Section {n}",
        assertion_first=True,
        opinion_variant=1,
        scope_variant=1,
        pass_cell="No deviations noted.",
        pass_cell_soc1="No deviations noted.",
        exception_cell="Deviation noted. {detail}",
        exception_cell_soc1="Deviation noted. {detail}",
        detail_separate=False,
        detail_heading="",
        xofn="words",
        nonoccur_cell="The circumstances that warrant the operation of this control did not "
        "occur during the period ({why}). Accordingly, the operating effectiveness of the "
        "control could not be tested.",
        headers_t2=("Ref.", "Description of Control", "Testing Procedures", "Results of Testing"),
        headers_t1=("Ref.", "Description of Control"),
        layout="by_control",
        exec_summary=False,
        report_title_kind="SOC {kind}® {type_word} Report",
    ),
    # Boutique SOC firm: separate "Exception Detail" paragraphs, numeric dates.
    "boutique": FirmStyle(
        key="boutique",
        font="Helvetica",
        bold="Helvetica-Bold",
        accent="#7A1F1F",
        date_fmt="numeric",
        period_t2="during the period {start} through {end}",
        title_period_t2="Review Period: {start} \u2013 {end}",
        as_of="as of {end}",
        title_as_of="Report Date of Review: {end}",
        section_label="{roman}.",
        assertion_first=True,
        opinion_variant=2,
        scope_variant=2,
        pass_cell="No exceptions noted",
        pass_cell_soc1="No exceptions noted",
        exception_cell="Exception noted. See Exception Detail below.",
        exception_cell_soc1="Exception noted. See Exception Detail below.",
        detail_separate=True,
        detail_heading="Exception Detail",
        xofn="words_paren",
        nonoccur_cell="Not tested. {why}, so the control did not operate and its operating "
        "effectiveness could not be tested.",
        headers_t2=("Control Number", "Control Activity", "Test Performed", "Results"),
        headers_t1=("Control Number", "Control Activity"),
        layout="by_control",
        exec_summary=True,
        report_title_kind="SOC {kind} {type_word} Report",
        narrow_results=True,
    ),
    # International integrated firm: "31 Dec" style, deviation wording, ISAE flavour.
    "international": FirmStyle(
        oxford=False,
        pagesize="a4",
        key="international",
        font="Helvetica",
        bold="Helvetica-Bold",
        accent="#003B5C",
        date_fmt="day_first_abbrev",
        period_t2="for the period {start} to {end}",
        title_period_t2="{start} to {end}",
        as_of="as of {end}",
        title_as_of="As of {end}",
        section_label="Section {word}",
        assertion_first=False,
        opinion_variant=3,
        scope_variant=3,
        pass_cell="No deviations noted.",
        pass_cell_soc1="No deviations noted.",
        exception_cell="Deviation noted",
        exception_cell_soc1="Deviation noted",
        detail_separate=True,
        detail_heading="Deviation detail",
        xofn="out_of",
        nonoccur_cell="No testing performed: {why}.",
        headers_t2=("No.", "Controls", "Tests of Operating Effectiveness", "Outcome"),
        headers_t1=("No.", "Controls"),
        layout="by_criterion",
        exec_summary=False,
        report_title_kind="Independent Service Auditor's Assurance Report (SOC {kind} {type_word})",
    ),
    # Attestation-platform style, individual CPA signs; abbreviated dates, terse cells.
    "platform": FirmStyle(
        key="platform",
        font="Helvetica",
        bold="Helvetica-Bold",
        accent="#4B2A7B",
        date_fmt="abbrev",
        period_t2="throughout the period {start} through {end}",
        title_period_t2="Period: {start} through {end}",
        as_of="as of {end}",
        title_as_of="As of {end}",
        section_label="Section {n}",
        assertion_first=True,
        opinion_variant=4,
        scope_variant=4,
        pass_cell="No exceptions noted.",
        pass_cell_soc1="No deviations noted.",
        exception_cell="Exception noted. {detail}",
        exception_cell_soc1="Deviation noted. {detail}",
        detail_separate=False,
        detail_heading="",
        xofn="digits",
        nonoccur_cell="{why}. As a result, no testing of operating effectiveness was performed.",
        headers_t2=("Control ID", "Control Description", "Test Procedure", "Test Result"),
        headers_t1=("Control ID", "Control Description"),
        layout="by_control",
        exec_summary=True,
        report_title_kind="SOC {kind} {type_word} Examination Report",
    ),
    # Older AT 101 era (principles, "maintained effective controls").
    "legacy": FirmStyle(
        key="legacy",
        font="Times-Roman",
        bold="Times-Bold",
        accent="#333333",
        date_fmt="us_long",
        period_t2="for the period {start} through {end}",
        title_period_t2="For the Period {start} through {end}",
        as_of="as of {end}",
        title_as_of="As of {end}",
        section_label="Section {roman}",
        assertion_first=False,
        opinion_variant=5,
        scope_variant=5,
        pass_cell="No relevant exceptions noted.",
        pass_cell_soc1="No relevant exceptions noted.",
        exception_cell="Exception noted: {detail}",
        exception_cell_soc1="Exception noted: {detail}",
        detail_separate=False,
        detail_heading="",
        xofn="words",
        nonoccur_cell="{why}. The operating effectiveness of this control could not be tested.",
        headers_t2=(
            "Control",
            "Controls Specified by the Service Organization",
            "Testing Performed by the Service Auditor",
            "Results of Tests",
        ),
        headers_t1=("Control", "Controls Specified by the Service Organization"),
        layout="by_criterion",
        exec_summary=False,
        report_title_kind="Report on Controls at a Service Organization (SOC {kind})",
    ),
    # Mid-tier firm with an executive summary table and "out of the" counts.
    "midtier": FirmStyle(
        header_period=True,
        key="midtier",
        font="Times-Roman",
        bold="Times-Bold",
        accent="#5A4A00",
        date_fmt="us_long",
        period_t2="throughout the period {start}, to {end}",
        title_period_t2="Throughout the Period {start}, to {end}",
        as_of="as of {end}",
        title_as_of="As of {end}",
        section_label="Section {n}",
        assertion_first=False,
        opinion_variant=6,
        scope_variant=0,
        pass_cell="Tested without exception.",
        pass_cell_soc1="No deviations noted.",
        exception_cell="Exception noted. {detail}",
        exception_cell_soc1="Deviation noted. {detail}",
        detail_separate=False,
        detail_heading="",
        xofn="out_of_the",
        nonoccur_cell="No occurrences: {why}; the control was therefore not tested.",
        headers_t2=("#", "Control", "Test of Controls", "Results"),
        headers_t1=("#", "Control"),
        layout="by_criterion",
        exec_summary=True,
        report_title_kind="SOC {kind} {type_word} Report",
        narrow_results=True,
    ),
}
