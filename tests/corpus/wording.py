"""Report text: the auditor's report, assertion, description, test intros, other information.

Every function takes the document context and returns `(kind, markup)` pairs; dynamic text is
escaped here. Wording varies with the firm style (`ctx.st.opinion_variant`,
`ctx.st.scope_variant`) the way it varies between real audit firms.
"""

from __future__ import annotations

import datetime as dt
import zlib
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape as e

from tests.corpus import catalog
from tests.corpus.styles import fmt_date, number_words, section_label

if TYPE_CHECKING:
    from tests.corpus.generator import Control, Ctx

Parts = list[tuple[str, str]]

MANAGEMENT_RESPONSES: tuple[str, ...] = (
    "Management agrees with the finding. The offboarding workflow has been automated through "
    "the HR system integration so that access is disabled on the termination date. The "
    "change was implemented after the period.",
    "Management has reinforced the requirement with control owners and added a weekly "
    "compliance dashboard review to detect missed activities.",
    "The exception was caused by a staffing change in the security team. A backup control "
    "owner has been assigned and the activity has been completed.",
    "Management has reviewed the affected items and determined that no unauthorized activity "
    "occurred. The procedure has been updated and staff retrained.",
    "Management accepts the finding. A ticketing workflow now prevents closure without the "
    "required evidence attached.",
    "Remediation was completed subsequent to the period. Management performed a look-back "
    "review and identified no further instances.",
    "The tool misconfiguration responsible for the exception was corrected and monitoring "
    "alerts were added to detect recurrence.",
    "Management does not consider the exception to have affected customer data; the process "
    "owner has been reminded of the documented timeframe.",
)

LONG_TEST_TAIL = (
    "In addition, inquired of the control owner regarding the frequency and the precision of "
    "the activity, inspected the supporting procedure document for the defined thresholds "
    "and escalation paths, obtained the system-generated population for the period and "
    "assessed its completeness and accuracy by reconciling it to the source system, selected "
    "the sample using a random selection method, and for each sample item inspected the "
    "ticket, the approval record, the timestamps of each workflow step and the evidence "
    "retained in the repository, and compared the timing of each step with the timeframes "
    "required by policy. The results of these procedures were discussed with management and "
    "corroborated with inspection of the follow-up tickets raised during the period."
)

FRAMEWORK_INTRO = (
    "The following table maps the controls in this section to ISO/IEC 27001:2022 Annex A "
    "controls and to the Cloud Security Alliance Cloud Controls Matrix (CCM) v4 domains, "
    "including Data Security and Privacy Lifecycle Management (DSP) and Business Continuity "
    "Management and Operational Resilience (BCR), and to the HITRUST CSF where applicable. "
    "The mapping is provided for information; "
    "these frameworks are not part of the applicable trust services criteria."
)

_ISO = {
    "HR": "A.6.1, A.6.3",
    "GV": "A.5.1, A.5.4",
    "RM": "A.5.7, A.8.8",
    "MN": "A.5.35",
    "AC": "A.5.15, A.5.18, A.8.5",
    "DS": "A.8.10, A.8.24",
    "PS": "A.7.2",
    "NW": "A.8.20, A.8.21",
    "VM": "A.8.7, A.8.8",
    "OP": "A.8.15, A.8.16",
    "IR": "A.5.24, A.5.26",
    "CM": "A.8.32",
    "BC": "A.5.30, A.8.13",
    "VN": "A.5.19",
    "PI": "A.8.28",
    "PR": "A.5.34",
}
_CCM = {
    "HR": "HRS - Human Resources",
    "GV": "GRC - Governance, Risk and Compliance",
    "RM": "GRC - Governance, Risk and Compliance",
    "MN": "A&A - Audit and Assurance",
    "AC": "IAM - Identity and Access Management",
    "DS": "DSP - Data Security and Privacy Lifecycle Management",
    "PS": "DCS - Datacenter Security",
    "NW": "IVS - Infrastructure and Virtualization Security",
    "VM": "TVM - Threat and Vulnerability Management",
    "OP": "LOG - Logging and Monitoring",
    "IR": "SEF - Security Incident Management",
    "CM": "CCC - Change Control and Configuration Management",
    "BC": "BCR - Business Continuity Management and Operational Resilience",
    "VN": "STA - Supply Chain Management",
    "PI": "AIS - Application and Interface Security",
    "PR": "DSP - Data Security and Privacy Lifecycle Management",
}


def framework_pair(c: Control) -> tuple[str, str]:
    return _ISO.get(c.tpl.domain, "A.5.1"), _CCM.get(c.tpl.domain, "GRC")


def framework_refs(c: Control) -> str:
    iso, ccm = framework_pair(c)
    return f"ISO: {iso}; CCM: {ccm.split(' - ')[0]}"


def spell_count(n: int) -> str:
    return f"{number_words(n)} ({n})" if n <= 20 else str(n)


def _lc(text: str) -> str:
    return text[0].lower() + text[1:] if text else text


def footer_text(ctx: Ctx) -> str:
    if ctx.spec.kind == "soc3":
        return "General use report. Proprietary and confidential."
    return {
        "classic": "Confidential. Use of this report is restricted as described in Section I.",
        "regional": "Confidential information. Do not copy or distribute.",
        "boutique": f"Confidential \u2013 {ctx.so}",
        "international": "Private and confidential",
        "platform": "This report is confidential and intended for authorized users only.",
        "legacy": "Restricted use report",
        "midtier": "CONFIDENTIAL",
    }[ctx.st.key]


def report_subject(ctx: Ctx) -> str:
    sp = ctx.spec
    if sp.kind == "soc3":
        return f"Report on {ctx.short}'s {ctx.sys} Relevant to {ctx.cats(title_case=True)}"
    what = "Design" if sp.type == "type1" else "Design and Operating Effectiveness"
    if sp.kind == "soc1":
        return (
            f"Report on {ctx.short}'s Description of Its {ctx.sys} and on the "
            f"Suitability of the {what} of Its Controls Relevant to User Entities' "
            "Internal Control over Financial Reporting"
        )
    if ctx.st.key == "legacy":
        return (
            f"Report on Controls at a Service Organization Relevant to "
            f"{ctx.cats(title_case=True)} — {ctx.sys}"
        )
    return (
        f"Report on {ctx.short}'s Description of Its {ctx.sys} and on the Suitability "
        f"of the {what} of Its Controls Relevant to {ctx.cats(title_case=True)}"
    )


def title_page_notice(ctx: Ctx) -> str:
    if ctx.spec.kind == "soc3":
        return (
            "This report is intended for general use. The AICPA trust services "
            "categories are Security, Availability, Processing Integrity, "
            "Confidentiality, and Privacy."
        )
    return (
        "This report is confidential and is intended solely for the information and use "
        f"of {ctx.so}, its user entities and their auditors, as described in the "
        "restricted use paragraph of the service auditor's report."
    )


def auditor_title(ctx: Ctx) -> str:
    if ctx.spec.kind == "soc3":
        return (
            ctx.st.soc3_heading
            if ctx.st.key != "international"
            else "Independent Practitioner's Report"
        )
    return {
        "international": "Independent Service Auditor's Assurance Report",
        "legacy": "Report of Independent Service Auditors",
        "platform": "Independent Service Auditor's Report",
    }.get(ctx.st.key, "Independent Service Auditor's Report")


def assertion_title(ctx: Ctx) -> str:
    return {
        "regional": f"{ctx.short}'s Management Assertion",
        "boutique": "Management's Assertion",
        "international": "Statement by the Management of " + ctx.so,
        "platform": "Management's Assertion",
        "legacy": f"Assertion of {ctx.so} Management",
    }.get(ctx.st.key, f"Assertion of {ctx.short} Management")


def description_title(ctx: Ctx) -> str:
    if ctx.spec.kind == "soc1":
        return f"Description of {ctx.short}'s {ctx.sys}"
    return f"{ctx.short}'s Description of Its {ctx.sys}"


def tests_title(ctx: Ctx) -> str:
    sp = ctx.spec
    if sp.kind == "soc1":
        if sp.type == "type1":
            return "Control Objectives and Related Controls"
        return "Control Objectives, Related Controls, Tests of Controls and Results"
    if sp.type == "type1":
        return "Trust Services Criteria and Related Controls"
    if ctx.st.key == "legacy":
        return "Trust Services Principles, Criteria, Related Controls, and Tests of Controls"
    return "Trust Services Criteria, Related Controls, Tests of Controls and Results of Tests"


def _sec(ctx: Ctx, name: str) -> str:
    """The label ("Section IV") of a section of this report."""
    from tests.corpus.generator import _order

    for i, (n, _t, _f) in enumerate(_order(ctx), start=1):
        if n == name:
            return section_label(ctx.st, i)
    return "the accompanying description"


def _period(ctx: Ctx) -> str:
    return ctx.period()


def _criteria_citation(ctx: Ctx) -> str:
    if ctx.st.key == "legacy":
        return (
            "set forth in TSP section 100, <i>Trust Services Principles, Criteria, and "
            "Illustrations for Security, Availability, Processing Integrity, "
            "Confidentiality, and Privacy</i> (AICPA, <i>Technical Practice Aids</i>)"
        )
    return (
        "set forth in TSP section 100, <i>2017 Trust Services Criteria for Security, "
        "Availability, Processing Integrity, Confidentiality, and Privacy (With Revised "
        "Points of Focus — 2022)</i> (AICPA, <i>Trust Services Criteria</i>)"
    )


def _scope(ctx: Ctx) -> str:
    sp, v = ctx.spec, ctx.st.scope_variant
    so, short, sys_ = e(ctx.so), e(ctx.short), e(ctx.sys)
    per = _period(ctx)
    t1 = sp.type == "type1"
    we = ctx.we.capitalize()
    isae = ""
    if "isae3000" in sp.traps:
        isae = (
            " We conducted our engagement in accordance with attestation standards "
            "established by the American Institute of Certified Public Accountants and "
            "International Standard on Assurance Engagements "
            + (
                "3402, <i>Assurance Reports on Controls at a Service Organization</i>"
                if sp.kind == "soc1"
                else "3000 (Revised), <i>Assurance Engagements Other than Audits or Reviews of "
                "Historical Financial Information</i>"
            )
            + ", issued by the International Auditing and Assurance Standards Board."
        )
    if sp.kind == "soc3":
        return (
            f"{we} have examined {short}'s accompanying assertion titled "
            f"\u201c{e(assertion_title(ctx))}\u201d (assertion) that the controls within "
            f"{short}'s {sys_} (system) were effective {per}, to provide reasonable "
            f"assurance that {short}'s service commitments and system requirements were "
            "achieved based on the trust services criteria relevant to "
            f"{ctx.cats()} (applicable trust services criteria) "
            f"{_criteria_citation(ctx)}.{isae}"
        )
    if sp.kind == "soc1":
        design = "design" if t1 else "design and operating effectiveness"
        return (
            f"{we} have examined {so}'s description of its {sys_} for processing user "
            f"entities' transactions {per} (description) and the suitability of the "
            f"{design} of the controls included in the description to achieve the "
            "related control objectives stated in the description, based on the "
            f"criteria identified in \u201c{e(assertion_title(ctx))}\u201d "
            f"(assertion).{isae}"
        )
    cats = ctx.cats()
    what = "design" if t1 else "design and operating effectiveness"
    if v == 3:
        return (
            f"{we} have been engaged to report on {so}'s description of its {sys_} {per} "
            f"(the description) and on the suitability of the {what} of the controls "
            f"described therein to provide reasonable assurance that {short}'s service "
            "commitments and system requirements would be achieved based on the criteria "
            f"relevant to {cats} (the applicable trust services criteria) "
            f"{_criteria_citation(ctx)}.{isae}"
        )
    if v == 4:
        return (
            f"{we} examined {short}'s description of its {sys_} for the {cats} trust services "
            f"{'category' if len(sp.categories) == 1 else 'categories'} {per}, together with "
            f"the suitability of the {what} of the controls stated in that description, "
            f"which are listed in {_sec(ctx, 'tests')}.{isae}"
        )
    if v == 1:
        return (
            f"Scope: {we} were engaged to report on {so}'s description of its {sys_} "
            f"{per} and on the suitability of the {what} of the controls stated in the "
            f"description to provide reasonable assurance that {short}'s service "
            f"commitments and system requirements were achieved based on the criteria "
            f"for the {cats} categories (applicable trust services criteria) "
            f"{_criteria_citation(ctx)}.{isae}"
        )
    if v == 2:
        return (
            f"{we} have examined the description of the {sys_} of {so} {per}, and the "
            f"suitability of the {what} of controls relevant to the {cats} trust "
            f"services categories, as presented in the {_sec(ctx, 'tests')} of this "
            f"report.{isae}"
        )
    if v == 5:
        return (
            f"{we} have examined the attached description titled \u201c{sys_} "
            f"Description\u201d and the suitability of the {what} of {so}'s controls to "
            f"meet the criteria for the {cats} principles "
            f"{_criteria_citation(ctx)}, {per}.{isae}"
        )
    return (
        f"{we} have examined {so}'s accompanying description of its {sys_} titled "
        f"\u201c{e(description_title(ctx))}\u201d {per} (description) based on the "
        "criteria for a description of a service organization's system set forth in DC "
        "section 200, <i>2018 Description Criteria for a Description of a Service "
        "Organization's System in a SOC 2® Report</i> (description criteria), and the "
        f"suitability of the {what} of controls stated in the description {per} to "
        f"provide reasonable assurance that {short}'s service commitments and system "
        "requirements were achieved based on the trust services criteria relevant to "
        f"{cats} (applicable trust services criteria) {_criteria_citation(ctx)}.{isae}"
    )


def _subservice_paragraph(ctx: Ctx) -> list[str]:
    out = []
    short = e(ctx.short)
    carve = [s for s in ctx.spec.subservice if s.method == "carve-out"]
    incl = [s for s in ctx.spec.subservice if s.method == "inclusive"]
    if carve:
        names = join_names([_printed(s.name) for s in carve])
        subs = "a subservice organization" if len(carve) == 1 else "subservice organizations"
        out.append(
            f"{short} uses {subs} ({names}). The description includes only the controls of "
            f"{short} and excludes controls of {names.rstrip('.')}. The description also "
            "indicates that certain "
            f"{'criteria' if ctx.spec.kind != 'soc1' else 'control objectives'} can be met "
            f"only if complementary subservice organization controls assumed in the design "
            f"of {short}'s controls are suitably designed and operating effectively, along "
            f"with the related controls at {short}. Our examination did not extend to "
            "controls of the subservice organizations, and we have not evaluated the "
            "suitability of the design or operating effectiveness of such complementary "
            "subservice organization controls."
        )
    if incl:
        names = join_names([_printed(s.name) for s in incl])
        out.append(
            f"{short} uses {names} to provide services relevant to the system. The "
            f"description includes the controls of {names} relevant to the system, using "
            "the inclusive method, and our examination included the controls of "
            f"{names.rstrip('.')}."
        )
    return out


def join_names(names: list[str]) -> str:
    """Escaped "A", "A and B", "A, B, and C"."""
    names = [e(n) for n in names]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _printed(name: str) -> str:
    for canon, printed, _ in catalog.SUBSERVICE_ORGS:
        if canon == name:
            return printed
    return name


def _cuec_paragraph(ctx: Ctx) -> str | None:
    if not ctx.spec.cuec_count:
        return None
    short = e(ctx.short)
    what = (
        "control objectives"
        if ctx.spec.kind == "soc1"
        else f"{short}'s service commitments and system requirements"
    )
    return (
        f"The description indicates that {what} stated in the description can be "
        "achieved only if complementary user entity controls assumed in the design of "
        f"{short}'s controls are suitably designed and operating effectively, along with "
        f"related controls at {short}. Our examination did not extend to such "
        "complementary user entity controls, and we have not evaluated the suitability "
        "of the design or operating effectiveness of such controls."
    )


def _responsibilities(ctx: Ctx) -> Parts:
    sp = ctx.spec
    so, short = e(ctx.so), e(ctx.short)
    t1 = sp.type == "type1"
    we, our = ctx.we.capitalize(), ctx.our
    parts: Parts = []
    parts.append(("h3", "Service Organization's Responsibilities"))
    parts.append(
        (
            "p",
            (
                f"{so} is responsible for preparing the description and its assertion, "
                "including the completeness, accuracy, and method of presentation of the "
                "description; providing the services covered by the description; specifying "
                "the control objectives and stating them in the description; identifying the "
                "risks that threaten the achievement of the control objectives; and "
                "designing, implementing, and documenting controls that are suitably "
                "designed and operating effectively to achieve the related control "
                "objectives. "
                if sp.kind == "soc1"
                else f"{so} is responsible for its service commitments and system "
                "requirements and for designing, implementing, and operating effective "
                "controls within the system to provide reasonable assurance that "
                f"{short}'s service commitments and system requirements were achieved. "
            )
            + f"In {_sec(ctx, 'assertion')}, {short} has provided an assertion about the "
            "description and the "
            "suitability of design and operating effectiveness of controls stated "
            "therein.",
        )
    )
    parts.append(("h3", "Service Auditor's Responsibilities"))
    parts.append(
        (
            "p",
            f"{we} conducted {our} examination in accordance with attestation "
            "standards established by the American Institute of Certified Public "
            "Accountants. Those standards require that we plan and perform the "
            "examination to obtain reasonable assurance about whether, in all "
            "material respects, the description is presented in accordance with "
            + (
                "the criteria in management's assertion and the controls were "
                if sp.kind == "soc1"
                else "the description criteria and the controls stated therein were "
            )
            + "suitably designed"
            + ("" if t1 else " and operated effectively")
            + (
                " to achieve the related control objectives stated in the description."
                if sp.kind == "soc1"
                else " to provide reasonable assurance that the service organization's "
                "commitments and system requirements were achieved."
            ),
        )
    )
    parts.append(
        (
            "p",
            "An examination of the description of a service organization's system "
            "and the suitability of the design"
            + ("" if t1 else " and operating effectiveness")
            + " of controls involves performing procedures to "
            "obtain evidence about the presentation of the description and the "
            "suitability of design"
            + ("" if t1 else " and operating effectiveness")
            + " of those controls. Our examination also included assessing the "
            "risks that the description is not presented in accordance with the "
            "description criteria and that controls were not suitably designed or "
            "did not operate effectively."
            + (
                " Testing the operating effectiveness of controls was not part of "
                "this engagement; accordingly, we do not express an opinion on "
                "operating effectiveness."
                if t1
                else " It also included testing the operating effectiveness of those "
                "controls that management considers necessary."
            ),
        )
    )
    parts.append(
        (
            "p",
            f"{we} believe that the evidence we obtained is sufficient and "
            f"appropriate to provide a reasonable basis for {our} opinion."
            if sp.opinion != "disclaimer"
            else f"{we} are required to be independent and to meet {our} other ethical "
            "responsibilities in accordance with relevant ethical requirements.",
        )
    )
    return parts


def _inherent(ctx: Ctx) -> Parts:
    text = (
        "The description is prepared to meet the common needs of a broad range of report "
        "users and may not, therefore, include every aspect of the system that individual "
        "users may consider important to meet their informational needs. Because of their "
        "nature, controls at a service organization may not always operate effectively to "
        "provide reasonable assurance that the service organization's commitments were "
        "achieved. Also, the projection to the future of any conclusions about the "
        "suitability of the design or operating effectiveness of controls is subject to the "
        "risk that controls may become inadequate because of changes in conditions or that "
        "the degree of compliance with the policies or procedures may deteriorate."
    )
    out: Parts = [("h3", "Inherent Limitations"), ("p", text)]
    if "except_for_boilerplate" in ctx.spec.traps:
        out.append(
            (
                "p",
                "Except for the complementary subservice organization controls and "
                "the complementary user entity controls referred to above, the "
                "controls necessary to meet the criteria are included in the "
                "description. A control that is not operating effectively at a user "
                "entity, or a deficiency at a subservice organization, could cause "
                "controls at the service organization to be not operating "
                "effectively without the service organization's knowledge.",
            )
        )
    return out


def _tests_para(ctx: Ctx) -> Parts:
    if ctx.spec.type != "type2":
        return []
    return [
        ("h3", "Description of Tests of Controls"),
        (
            "p",
            "The specific controls we tested and the nature, timing, and results of "
            f"those tests are presented in {_sec(ctx, 'tests')} of this report, "
            f"\u201c{e(tests_title(ctx))}.\u201d",
        ),
    ]


def _material(ctx: Ctx) -> list[Control]:
    return [c for c in ctx.exceptions() if c.exception and c.exception.material]


def _basis(ctx: Ctx) -> Parts:
    sp = ctx.spec
    short, sys_ = e(ctx.short), e(ctx.sys)
    heading = {
        "qualified": "Basis for Qualified Opinion",
        "adverse": "Basis for Adverse Opinion",
        "disclaimer": "Basis for Disclaimer of Opinion",
    }.get(sp.opinion)
    if heading is None:
        return []
    paras: list[str] = []
    if sp.opinion == "disclaimer":
        paras.append(
            f"{short} was unable to provide complete and accurate system-generated "
            "populations of changes, user access requests and terminations for the "
            "period, and records supporting the operation of several controls were "
            "not retained. As a result, we were unable to obtain sufficient "
            "appropriate evidence about whether the controls stated in the "
            "description operated effectively."
        )
    elif sp.kind == "soc3":
        paras.append(
            f"{short}'s controls over the timely removal of logical access for "
            "terminated personnel were not effective during the period. As a "
            "result, controls within the system were not effective to provide "
            f"reasonable assurance that {short}'s service commitments and system "
            "requirements were achieved based on criterion CC6.2."
        )
    else:
        for c in _material(ctx):
            where = (
                f"objective {c.objective}: \u201c"
                f"{e(catalog.SOC1_OBJECTIVES[(c.objective or 1) - 1])}\u201d"
                if sp.kind == "soc1"
                else "criterion " + " and ".join(c.criteria)
            )
            ref = f" ({e(c.cid)})" if c.cid else ""
            desc = e(_lc(c.description or ""))
            if c.exception and c.exception.design:
                paras.append(
                    f"{short}'s description of its {sys_} states that "
                    f"{e(_lc(c.activity.rstrip('.')))}{ref}. However, {desc} As a result, "
                    f"controls were not suitably designed {_period(ctx)} to "
                    f"achieve {where}."
                )
            else:
                paras.append(
                    f"{short} states in its description that "
                    f"{e(_lc(c.activity.rstrip('.')))}{ref}. However, as noted in "
                    f"{_sec(ctx, 'tests')}, {desc} As a result, controls were not "
                    f"operating effectively to achieve {where}."
                )
    head = [] if ctx.st.opinion_variant == 5 else [("h3", heading)]
    return head + [("p", p) for p in paras]


def _clauses(ctx: Ctx) -> list[str]:
    sp = ctx.spec
    so, short, sys_ = e(ctx.so), e(ctx.short), e(ctx.sys)
    per = _period(ctx)
    t1 = sp.type == "type1"
    adverse = sp.opinion == "adverse"
    presents = "fairly presents" if sp.kind == "soc1" or ctx.st.key == "legacy" else "presents"
    desc = (
        f"the description {presents} {short}'s {sys_} that was designed and implemented "
        f"{per}{'' if sp.kind == 'soc1' else ' in accordance with the description criteria'}"
    )
    if sp.kind == "soc1":
        design = (
            "the controls related to the control objectives stated in the description "
            + ("were not suitably designed" if adverse and t1 else "were suitably designed")
            + " to provide reasonable assurance that the control objectives would be "
            f"achieved if the controls operated effectively {per}"
        )
        oe = (
            "the controls that were tested, which were those necessary to provide reasonable "
            "assurance that the control objectives stated in the description were achieved, "
            + ("did not operate effectively" if adverse else "operated effectively")
            + f" {per}"
        )
    else:
        design = (
            "the controls stated in the description "
            + ("were not suitably designed" if adverse and t1 else "were suitably designed")
            + f" {per} to provide reasonable assurance that {short}'s service "
            "commitments and system requirements would be achieved based on the "
            "applicable trust services criteria, if its controls operated effectively"
            + (" throughout that period" if not t1 else "")
            + (
                " and if the subservice organizations and user entities applied the "
                f"complementary controls assumed in the design of {short}'s controls"
                if sp.subservice or sp.cuec_count
                else ""
            )
        )
        oe = (
            "the controls stated in the description "
            + ("did not operate effectively" if adverse else "operated effectively")
            + f" {per} to provide reasonable assurance that {short}'s service commitments "
            "and system requirements were achieved based on the applicable trust services "
            "criteria"
        )
    _ = so
    return [desc, design] if t1 else [desc, design, oe]


def _opinion(ctx: Ctx) -> Parts:
    sp, v = ctx.spec, ctx.st.opinion_variant
    short, sys_ = e(ctx.short), e(ctx.sys)
    we, our = ctx.we, ctx.our
    per = _period(ctx)
    heading = {
        "unqualified": "Opinion",
        "qualified": "Qualified Opinion",
        "adverse": "Adverse Opinion",
        "disclaimer": "Disclaimer of Opinion",
    }[sp.opinion]
    out: Parts = [] if v == 5 else [("h3", heading)]
    basis_ref = {
        0: "the matter described in the Basis for {h} paragraph",
        1: "the matter described in the preceding paragraph",
        2: "the matter giving rise to the modification",
        3: "the matter described in the Basis for {h} section of our report",
        4: "the matter described in the Basis for {h} paragraph",
        5: "the matter referred to in the preceding paragraph",
        6: "the matters described in the Basis for {h} paragraph",
    }[v].format(h=heading)
    if ctx.spec.auditor_is_individual:
        basis_ref = basis_ref.replace("our report", "my report")
    if sp.opinion == "disclaimer":
        text = (
            f"Because of the significance of the matter described in the Basis for "
            f"Disclaimer of Opinion paragraph, {we} have not been able to obtain "
            "sufficient appropriate evidence to provide a basis for an opinion. "
            f"Accordingly, {we} do not express an opinion on the description or on the "
            "suitability of the design and operating effectiveness of the controls "
            "stated in the description."
        )
        if sp.kind == "soc3":
            text = (
                f"Because of the significance of the matter described in the Basis for "
                f"Disclaimer of Opinion paragraph, {we} were unable to obtain sufficient "
                f"appropriate evidence. Accordingly, {we} do not express an opinion on "
                "management's assertion."
            )
        return [*out, ("opinion", _drop(ctx, text))]
    if sp.opinion == "qualified":
        lead = f"In {our} opinion, except for {basis_ref}, in all material respects"
    elif sp.opinion == "adverse":
        lead = (
            f"In {our} opinion, because of the significance of "
            f"{basis_ref.replace('the matter ', 'the matters ')}, in all material respects"
        )
    else:
        lead = f"In {our} opinion, in all material respects"
    if sp.kind == "soc3":
        if v == 5:
            eff = "did not maintain" if sp.opinion == "adverse" else "maintained"
            text = (
                f"{lead.replace(', in all material respects', '')}, {short} {eff}, in all "
                f"material respects, effective controls over the {sys_} {per}, to provide "
                "reasonable assurance that the system was protected against unauthorized "
                f"access and was available for operation, based on the criteria for the "
                f"{ctx.cats()} principles."
            )
        else:
            eff = "were not effective" if sp.opinion == "adverse" else "were effective"
            text = (
                f"{lead.replace(', in all material respects', '')}, management's "
                f"assertion that the controls within {short}'s {sys_} {eff} {per}, to "
                f"provide reasonable assurance that {short}'s service commitments and "
                "system requirements were achieved based on the applicable trust services "
                "criteria is fairly stated, in all material respects."
            )
        return [*out, ("opinion", _drop(ctx, text))]
    if v == 5 and sp.kind == "soc2" and sp.type == "type2":
        # AT 101-era wording
        eff = "did not maintain" if sp.opinion == "adverse" else "maintained"
        first = (
            f"{lead.replace(', in all material respects', '')}, {short} {eff}, in all "
            f"material respects, effective controls over the {sys_} {per}, based on the "
            f"criteria for the {ctx.cats()} principles, and the description fairly "
            "presents the system that was designed and implemented throughout that "
            "period."
        )
        return [*out, ("opinion", _drop(ctx, first))]
    cl = _clauses(ctx)
    if sp.kind == "soc2" and v == 1:
        lead += f", based on the criteria described in {short}'s assertion"
    if v in (0, 5):
        items = [f"{chr(97 + i)}. {c}." for i, c in enumerate(cl)]
        return [*out, ("opinion", _drop(ctx, lead + ",")), *[("item", x) for x in items]]
    if v == 1:
        joined = "; ".join(f"({i + 1}) {c}" for i, c in enumerate(cl))
        return [*out, ("opinion", _drop(ctx, f"{lead}, {joined}."))]
    if v == 2:
        return [
            *out,
            ("opinion", _drop(ctx, lead + ":")),
            *[("item", f"\u2022 {c}{';' if i < len(cl) - 1 else '.'}") for i, c in enumerate(cl)],
        ]
    if v == 3:
        lead = lead.replace(
            "in all material respects",
            "in all material respects, based on the criteria described in management's statement",
        )
        return [
            *out,
            ("opinion", _drop(ctx, lead + ":")),
            *[
                ("item", f"({chr(97 + i)}) {c}{';' if i < len(cl) - 1 else '.'}")
                for i, c in enumerate(cl)
            ],
        ]
    if v == 4:
        joined = ", ".join(cl[:-1]) + ", and " + cl[-1]
        return [*out, ("opinion", _drop(ctx, f"{lead}, {joined}."))]
    roman = ("i", "ii", "iii")
    return [
        *out,
        ("opinion", _drop(ctx, lead + ",")),
        *[("item", f"({roman[i]}) {c}.") for i, c in enumerate(cl)],
    ]


def _drop(ctx: Ctx, text: str) -> str:
    if "drop_cap" not in ctx.spec.traps:
        return text
    return f'<font size="26">{text[0]}</font>{text[1:]}'


def _restricted_use(ctx: Ctx) -> Parts:
    sp = ctx.spec
    if sp.kind == "soc3":
        return []
    so, short = e(ctx.so), e(ctx.short)
    tests_clause = ""
    if sp.type == "type2" or "type1_tests_mention" in sp.traps:
        tests_clause = (
            ", including the description of tests of controls and results "
            f"thereof in {_sec(ctx, 'tests')},"
        )
    if sp.kind == "soc1":
        text = (
            f"This report{tests_clause} is intended solely for the information and use of "
            f"management of {so}, user entities of {short}'s system {_users_when(ctx)}, "
            "and their auditors who audit and report on such "
            "user entities' financial statements or internal control over financial "
            "reporting and have a sufficient understanding to consider it, along with "
            "other information, including information about controls implemented by user "
            "entities themselves, when assessing the risks of material misstatement of "
            "user entities' financial statements. This report is not intended to be, and "
            "should not be, used by anyone other than these specified parties."
        )
    else:
        text = (
            f"This report{tests_clause} is intended solely for the information and use of "
            f"{so}, user entities of {short}'s system, business partners of {short} "
            "subject to risks arising from interactions with the system, practitioners "
            "providing services to such user entities and business partners, prospective "
            "user entities and business partners, and regulators who have sufficient "
            "knowledge and understanding of the nature of the service provided by the "
            "service organization; how the service organization's system interacts with "
            "user entities, business partners, subservice organizations, and other "
            "parties; internal control and its limitations; complementary user entity "
            "controls and complementary subservice organization controls; the applicable "
            "trust services criteria; and the risks that may threaten the achievement of "
            "the service organization's service commitments and system requirements. This "
            "report is not intended to be, and should not be, used by anyone other than "
            "these specified parties."
        )
    return [("h3", "Restricted Use"), ("p", text)]


def _signature(ctx: Ctx) -> Parts:
    sp, key = ctx.spec, ctx.st.key
    d = e(fmt_date(sp.report_date, ctx.st.date_fmt))
    firm, city = e(sp.auditor), e(sp.auditor_city)
    if "signature_image" in sp.traps and not sp.auditor_is_individual:
        # the firm's name exists only as an image (a scanned signature)
        return [("sigimg", sp.auditor), ("sig", f"{city}<br/>{d}")]
    if sp.auditor_is_individual:
        return [
            (
                "sig",
                f"<i>{firm}</i><br/>{firm}<br/>{city}<br/>Issued through the "
                f"AttestLine engagement platform<br/>{d}",
            )
        ]
    if key == "boutique":
        return [("sig", f"{d}<br/><br/><i>{firm}</i><br/>{city}")]
    if key == "international":
        return [
            (
                "sig",
                f"{firm}<br/>Certified Public Accountants and Chartered "
                f"Accountants<br/>{city}<br/>{d}",
            )
        ]
    if key == "midtier":
        return [("sig", f"/s/ {firm}<br/>{city}<br/>Report date: {d}")]
    if key == "classic":
        return [("sig", f"/s/ {firm}<br/><br/>{city}<br/>{d}")]
    return [("sig", f"{firm}<br/>{city}<br/>{d}")]


def auditor_report(ctx: Ctx) -> Parts:
    sp = ctx.spec
    so = e(ctx.so)
    out: Parts = []
    addressee = {
        "regional": f"To the Board of Directors of {so}",
        "international": f"To the Directors of {so}",
        "platform": f"To: Management of {so}",
    }.get(ctx.st.key, f"To the Management of {so}:")
    out.append(("p", addressee))
    if ctx.st.opinion_variant != 5:
        out.append(("h3", "Scope"))
    out.append(("scope", _scope(ctx)))
    if "footnote_years" in sp.traps:
        out.append(
            (
                "foot",
                "<super>1</super> The period end date reflects the fiscal year "
                f"end of {e(ctx.short)}; see Section III for the boundaries of the "
                "system.",
            )
        )
    out += [("p", x) for x in _subservice_paragraph(ctx)]
    cuec = _cuec_paragraph(ctx)
    if cuec:
        out.append(("p", cuec))
    if sp.kind == "soc3":
        out.append(("h3", "Management's Responsibilities"))
        out.append(
            (
                "p",
                f"{e(ctx.short)}'s management is responsible for its assertion, for "
                "selecting the trust services criteria and stating the related "
                "controls, and for designing, implementing, operating and maintaining "
                "effective controls within the system.",
            )
        )
        out.append(
            (
                "h3",
                "Our Responsibilities" if not sp.auditor_is_individual else "My Responsibilities",
            )
        )
        out.append(
            (
                "p",
                f"{ctx.we.capitalize()} conducted {ctx.our} examination in "
                "accordance with attestation standards established by the American "
                "Institute of Certified Public Accountants. Our examination included "
                "assessing the risks that controls were not effective, and testing "
                "the operating effectiveness of those controls.",
            )
        )
    else:
        out += _responsibilities(ctx)
    out += _inherent(ctx)
    out += _tests_para(ctx)
    out += _basis(ctx)
    out += _opinion(ctx)
    out += _restricted_use(ctx)
    out += _signature(ctx)
    return out


def assertion(ctx: Ctx) -> Parts:
    sp = ctx.spec
    so, short, sys_ = e(ctx.so), e(ctx.short), e(ctx.sys)
    per = _period(ctx)
    out: Parts = []
    if sp.kind == "soc3":
        out.append(
            (
                "p",
                f"We are responsible for designing, implementing, operating, and "
                f"maintaining effective controls within {short}'s {sys_} (system) "
                f"{per}, to provide reasonable assurance that {short}'s service "
                "commitments and system requirements relevant to "
                f"{ctx.cats()} were achieved. Our description of the boundaries of "
                "the system is presented in Attachment A and identifies the aspects "
                "of the system covered by our assertion.",
            )
        )
        mod = (
            ""
            if sp.opinion == "unqualified"
            else (", except for the matter described in the following paragraph,")
        )
        out.append(
            (
                "p",
                f"We assert that the controls within the system were effective{mod} "
                f"{per}, to provide reasonable assurance that {short}'s service "
                "commitments and system requirements were achieved based on the "
                "applicable trust services criteria.",
            )
        )
    else:
        if sp.kind == "soc1":
            out.append(
                (
                    "p",
                    f"We have prepared the description of {so}'s {sys_} for "
                    f"processing user entities' transactions {per} (description) "
                    "for user entities of the system during some or all of the "
                    "period and their auditors who audit and report on such user "
                    "entities' financial statements.",
                )
            )
        else:
            out.append(
                (
                    "p",
                    f"We have prepared the accompanying description of {so}'s "
                    f"{sys_} titled \u201c{e(description_title(ctx))}\u201d {per} "
                    "(description) based on the criteria for a description of a "
                    "service organization's system in DC section 200 (description "
                    "criteria). The description is intended to provide report users "
                    "with information about the system that may be useful when "
                    "assessing the risks arising from interactions with it.",
                )
            )
        mod = ""
        if sp.opinion in ("qualified", "adverse") and _material(ctx):
            refs = ", ".join(e(c.cid or ", ".join(c.criteria)) for c in _material(ctx))
            mod = (
                f", except for the deficiency described in {_sec(ctx, 'tests')} relating to {refs},"
            )
        out.append(("p", f"We confirm, to the best of our knowledge and belief, that{mod}"))
        cl = _clauses(dataclass_like_unqualified(ctx))
        for i, c in enumerate(cl):
            out.append(
                (
                    "item",
                    f"{chr(97 + i)}. {c}.",
                )
            )
    if "as_of_in_type2" in sp.traps:
        out.append(
            (
                "p",
                "The list of subservice organizations and the headcount figures in "
                "the description are presented as of "
                f"{e(fmt_date(sp.period_end, ctx.st.date_fmt))}.",
            )
        )
    signer = (
        "Chief Information Security Officer" if sp.kind != "soc1" else "Chief Financial Officer"
    )
    date_line = ""
    if "assertion_date_differs" in sp.traps:
        ad = sp.report_date - dt.timedelta(days=6)
        date_line = f"<br/>{e(fmt_date(ad, ctx.st.date_fmt))}"
    out.append(("p", f"<br/>{e(_person(ctx))}<br/>{signer}<br/>{so}{date_line}"))
    return out


def dataclass_like_unqualified(ctx: Ctx) -> Ctx:
    """The assertion's clauses are management's (never adverse)."""
    import dataclasses

    spec = dataclasses.replace(ctx.spec, opinion="unqualified")
    return dataclasses.replace(ctx, spec=spec)


def _person(ctx: Ctx) -> str:
    names = (
        "Alex Morgan",
        "Dana Whitfield",
        "Samir Haddad",
        "Elena Kovacs",
        "Marcus Lee",
        "Hannah Okafor",
        "Tomás Rivera",
        "Grace Lindqvist",
    )
    return names[zlib.crc32(ctx.so.encode()) % len(names)]


def _headcount(ctx: Ctx) -> int:
    return 60 + zlib.crc32(ctx.sys.encode()) % 900


def description(ctx: Ctx) -> Parts:
    sp = ctx.spec
    so, short, sys_ = e(ctx.so), e(ctx.short), e(ctx.sys)
    out: Parts = []
    out.append(("h2", "Company Overview and Services Provided"))
    out.append(
        (
            "p",
            f"{so} (\u201c{short}\u201d or \u201cthe Company\u201d) provides the "
            f"{sys_} to customers in financial services, healthcare, retail and "
            "technology. The Company is headquartered in the United States and "
            "operates engineering and support teams in North America and Europe.",
        )
    )
    if sp.type == "type2" and "as_of_in_type2" in sp.traps:
        out.append(
            (
                "p",
                f"As of {e(fmt_date(sp.period_end, ctx.st.date_fmt))}, {short} had "
                f"approximately {_headcount(ctx)} employees and contractors.",
            )
        )
    if sp.kind != "soc1":
        out.append(("h2", "Principal Service Commitments and System Requirements"))
        out.append(
            (
                "p",
                f"{short} designs its processes and procedures to meet its "
                "objectives for the system. Security commitments are documented in "
                "customer agreements and include encryption of customer data in "
                "transit and at rest, role-based access, and notification of "
                "security incidents within seventy-two hours.",
            )
        )
        if "availability" in sp.categories:
            out.append(
                (
                    "p",
                    "Availability commitments include a monthly uptime target of "
                    "99.9% and recovery time and recovery point objectives of four "
                    "hours and one hour respectively.",
                )
            )
    out.append(("h2", "Components of the System"))
    out.append(("h3", "Infrastructure"))
    hosting = ", ".join(e(_printed(s.name)) for s in sp.subservice) or "its own data centers"
    out.append(
        (
            "p",
            f"The system is hosted on {hosting}. Production workloads run in "
            "isolated virtual networks with separate environments for development, "
            "staging and production.",
        )
    )
    out.append(("h3", "Software"))
    out.append(
        (
            "p",
            "Application services are written in Python and Go and deployed as "
            "containers. Supporting tools include a source control platform, a CI/CD "
            "pipeline, a ticketing system, a SIEM and an endpoint protection suite.",
        )
    )
    out.append(("h3", "People"))
    out.append(
        (
            "p",
            "The organization is structured into Engineering, Site Reliability, "
            "Security, Customer Success, People Operations and Finance, each led by "
            "an executive reporting to the Chief Executive Officer.",
        )
    )
    out.append(("h3", "Data"))
    out.append(
        (
            "p",
            "Customer data includes account information, uploaded documents and "
            "usage records. Data is classified as public, internal, confidential or "
            "restricted according to the data classification policy.",
        )
    )
    out.append(("h2", "Control Environment"))
    out.append(
        (
            "p",
            "Management has established a code of conduct and an organizational "
            "structure with defined reporting lines. The board of directors oversees "
            "the internal control environment through its audit committee.",
        )
    )
    out.append(("h2", "Risk Assessment Process"))
    out.append(
        (
            "p",
            "The risk management program identifies risks to the achievement of "
            "service commitments. Exceptions identified in the risk assessment are "
            "evaluated by the risk committee, which assigns an owner and a "
            "remediation date; policy exceptions require documented approval and "
            "expire after twelve months.",
        )
    )
    out.append(("h2", "Monitoring Activities"))
    out.append(
        (
            "p",
            "Management monitors controls through internal audit, automated "
            "compliance checks and periodic reviews. Deviations and exceptions "
            "noted by internal audit are reported to the audit committee and "
            "tracked to closure.",
        )
    )
    if sp.subservice:
        out.append(("h2", "Subservice Organizations"))
        for s in sp.subservice:
            provides = next((p for c, _, p in catalog.SUBSERVICE_ORGS if c == s.name), "services")
            name = e(_printed(s.name))
            if s.method == "carve-out":
                out.append(
                    (
                        "p",
                        f"{short} uses {name} for {provides}. The controls of "
                        f"{name} are excluded from the scope of this report (carve-out "
                        "method). User entities should obtain and review the "
                        f"subservice organization's own SOC report.",
                    )
                )
            else:
                out.append(
                    (
                        "p",
                        f"{short} uses {name} for {provides}. The relevant controls "
                        f"of {name} are included in this description and in the "
                        "scope of the examination (inclusive method).",
                    )
                )
    if sp.kind != "soc1":
        out.append(("h2", "Trust Services Categories"))
        out.append(
            (
                "p",
                "The AICPA trust services categories are Security, Availability, "
                "Processing Integrity, Confidentiality, and Privacy. Security refers "
                "to the protection of information and systems; Availability to the "
                "accessibility of the system; Processing Integrity to complete, "
                "valid, accurate, timely and authorized processing; Confidentiality "
                "to information designated as confidential; and Privacy to personal "
                "information.",
            )
        )
        out.append(
            (
                "p",
                f"This report addresses the {ctx.cats()} "
                f"{'category' if len(sp.categories) == 1 else 'categories'}.",
            )
        )
        missing = [
            catalog.CATEGORY_TITLE[c] for c in catalog.CATEGORY_ORDER if c not in sp.categories
        ]
        if "not_applicable_categories" in sp.traps and missing:
            out.append(
                (
                    "p",
                    "The following categories were not included in the scope of "
                    f"this examination: {', '.join(missing)}.",
                )
            )
    if sp.kind != "soc3":
        out.append(("h2", "Changes to the System and System Incidents"))
        out.append(
            (
                "p",
                "There were no significant changes to the system during the "
                "period, and no system incidents were identified that resulted from "
                "controls that were not suitably designed or not operating "
                "effectively.",
            )
        )
        if "prior_period_reference" in sp.traps:
            out.append(("p", _prior_period(ctx)))
    if sp.kind == "soc1":
        out.append(("h2", "Control Objectives"))
        out.append(
            (
                "p",
                "The control objectives and related controls are included in "
                f"{_sec(ctx, 'tests')} and are an integral part of this "
                "description.",
            )
        )
    return out


def tests_intro(ctx: Ctx) -> Parts:
    sp = ctx.spec
    so = e(ctx.so)
    out: Parts = []
    if sp.type == "type1":
        out.append(
            (
                "p",
                f"The controls of {so} and the related "
                f"{'control objectives' if sp.kind == 'soc1' else 'criteria'} are "
                "included in this section and are an integral part of the "
                "description. Tests of operating effectiveness were not within the "
                "scope of this engagement.",
            )
        )
        return out
    out.append(("h2", "Purpose and Objectives of the Service Auditor's Examination"))
    out.append(
        (
            "p",
            "This section presents the controls, the tests of operating effectiveness "
            "performed by the service auditor and the results of those tests. Our "
            "tests included inquiry of appropriate personnel, observation of the "
            "application of controls, inspection of documents and records, and "
            "reperformance.",
        )
    )
    out.append(
        (
            "p",
            "When exceptions were noted during testing, we considered the nature and "
            "cause of each exception and performed additional procedures where "
            "appropriate. An exception does not necessarily mean that a control is "
            "not operating effectively.",
        )
    )
    rows = [
        ("Annual", "1"),
        ("Quarterly", "2"),
        ("Monthly", "2 to 5"),
        ("Weekly", "5 to 15"),
        ("Daily", "20 to 40"),
        ("Multiple times per day", "25 to 60"),
    ]
    table = "<br/>".join(f"{a}: sample of {b}" for a, b in rows)
    out.append(
        (
            "p",
            f"Sample sizes were determined according to the frequency of the control:<br/>{table}",
        )
    )
    if sp.kind == "soc2":
        out.append(
            (
                "p",
                "The trust services criteria are organized into the common criteria "
                "(CC1 through CC9) and additional criteria for Availability (A1), "
                "Processing Integrity (PI1), Confidentiality (C1) and Privacy (P1 "
                "through P8). Only the criteria relevant to the categories in scope "
                "are presented below.",
            )
        )
    return out


def other_info(ctx: Ctx) -> Parts:
    so = e(ctx.so)
    out: Parts = [
        (
            "p",
            f"The information included in this section is presented by {so} to "
            "provide additional information to user entities and is not a part "
            "of the description. It has not been subjected to the procedures "
            "applied in the examination and, accordingly, the service auditor "
            "expresses no opinion on it.",
        )
    ]
    responded = [c for c in ctx.exceptions() if c.exception and c.exception.response]
    if responded:
        out.append(("h2", "Management's Responses to Testing Exceptions"))
    else:
        out.append(("h2", "Planned Changes"))
        out.append(
            ("p", f"{so} plans to migrate its ticketing system during the next reporting period.")
        )
    return out


_DESIGN_GAPS = (
    "the control did not define the frequency of the review or the evidence to be retained",
    "the control relied on a manual list that was not reconciled to the system of record",
    "the control did not cover service accounts and API credentials",
    "the control was designed to operate only after the related risk had already occurred",
)


def design_exception_text(ctx: Ctx, c: Control) -> str:
    gap = _DESIGN_GAPS[zlib.crc32(c.tpl.key.encode()) % len(_DESIGN_GAPS)]
    return f"The control was not suitably designed as described: {gap}."


def bridge_letter(ctx: Ctx) -> Parts:
    """A management bridge (gap) letter: later dates, a gap period, no auditor opinion."""
    sp = ctx.spec
    so, short, sys_ = e(ctx.so), e(ctx.short), e(ctx.sys)
    gap_start = sp.period_end + dt.timedelta(days=1)
    gap_end = sp.period_end + dt.timedelta(days=92)
    letter_date = gap_end + dt.timedelta(days=3)
    d = ctx.d
    return [
        ("h2", "Bridge Letter"),
        ("p", e(d(letter_date))),
        ("p", "To our customers and their auditors:"),
        (
            "p",
            f"{so} has engaged an independent service auditor to examine the controls of "
            f"the {sys_} {_period(ctx)}. This letter covers the period from "
            f"{e(d(gap_start))} through {e(d(gap_end))} (the gap period), which is not "
            "covered by the service auditor's report.",
        ),
        (
            "p",
            f"To the best of our knowledge, there have been no material changes to "
            f"{short}'s system or controls during the gap period, and we are not aware of "
            "any control deficiencies, except for those described in this report, that "
            "would cause the controls not to be operating effectively.",
        ),
        (
            "p",
            f"This letter is provided by the management of {so}; it has not been examined "
            "by the service auditor, who expresses no opinion on it.",
        ),
        ("p", f"{e(_person(ctx))}<br/>Chief Executive Officer<br/>{so}"),
    ]


def _users_when(ctx: Ctx) -> str:
    sp = ctx.spec
    if sp.type == "type1":
        return f"as of {e(ctx.d(sp.period_end))}"
    assert sp.period_start is not None
    return (
        f"during some or all of the period {e(ctx.d(sp.period_start))} to {e(ctx.d(sp.period_end))}"
    )


def _prior_period(ctx: Ctx) -> str:
    """A sentence about the previous examination: other dates a parser must not take."""
    sp = ctx.spec
    end = sp.period_end
    prev_end = (
        end.replace(year=end.year - 1)
        if not (end.month == 2 and end.day == 29)
        else (dt.date(end.year - 1, 2, 28))
    )
    kind = {"soc1": "SOC 1", "soc2": "SOC 2", "soc3": "SOC 3"}[sp.kind]
    if sp.type == "type1" or sp.period_start is None:
        prior = f"a {kind} Type 1 examination as of {e(ctx.d(prev_end))}"
    else:
        start = sp.period_start
        prev_start = dt.date(start.year - 1, start.month, min(start.day, 28))
        prior = (
            f"a {kind} Type 2 examination for the period {e(ctx.d(prev_start))} through "
            f"{e(ctx.d(prev_end))}"
        )
    return (
        f"{e(ctx.short)}'s previous report covered {prior}. Two exceptions reported in that "
        "report were remediated before the start of the current period."
    )
