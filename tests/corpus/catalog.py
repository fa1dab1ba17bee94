"""Content the corpus generator draws from: criteria, controls, tests, findings, names.

Written from how real SOC reports read (paraphrased, never quoted): TSC criteria ids with
short paraphrases, control activities a SaaS provider typically describes, the tests a
service auditor performs, and what an exception on each control looks like.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CATEGORY_ORDER = ("security", "availability", "processing_integrity", "confidentiality", "privacy")

CATEGORY_TITLE = {
    "security": "Security",
    "availability": "Availability",
    "processing_integrity": "Processing Integrity",
    "confidentiality": "Confidentiality",
    "privacy": "Privacy",
}

# Paraphrased criteria (not the AICPA text).
CRITERIA: dict[str, str] = {
    "CC1.1": "The entity shows a commitment to integrity and ethical values.",
    "CC1.2": "The board of directors is independent of management and oversees internal control.",
    "CC1.3": "Management sets structures, reporting lines, authorities and responsibilities.",
    "CC1.4": "The entity attracts, develops and retains competent individuals.",
    "CC1.5": "Individuals are held accountable for their internal control responsibilities.",
    "CC2.1": "The entity obtains or generates relevant, quality information to support control.",
    "CC2.2": "The entity communicates internal control information internally.",
    "CC2.3": "The entity communicates with external parties about matters affecting control.",
    "CC3.1": "The entity specifies objectives clearly enough to identify and assess risks.",
    "CC3.2": "The entity identifies and analyzes risks to the achievement of its objectives.",
    "CC3.3": "The entity considers the potential for fraud when assessing risks.",
    "CC3.4": "The entity identifies and assesses changes that could affect internal control.",
    "CC4.1": "The entity performs ongoing and/or separate evaluations of its controls.",
    "CC4.2": "The entity evaluates and communicates internal control deficiencies in time.",
    "CC5.1": "The entity selects and develops control activities that mitigate risks.",
    "CC5.2": "The entity selects and develops general control activities over technology.",
    "CC5.3": "The entity deploys control activities through policies and procedures.",
    "CC6.1": "The entity implements logical access security software and architectures.",
    "CC6.2": "The entity registers and authorizes new users before issuing credentials.",
    "CC6.3": "The entity authorizes, modifies or removes access based on roles and need.",
    "CC6.4": "The entity restricts physical access to facilities and protected assets.",
    "CC6.5": "The entity discontinues protections only after data can no longer be recovered.",
    "CC6.6": "The entity implements measures against threats from outside its boundaries.",
    "CC6.7": "The entity restricts the transmission and movement of information.",
    "CC6.8": "The entity prevents or detects unauthorized or malicious software.",
    "CC7.1": "The entity uses detection and monitoring procedures to identify new vulnerabilities.",
    "CC7.2": "The entity monitors system components for anomalies indicative of malicious acts.",
    "CC7.3": "The entity evaluates security events to determine whether they are incidents.",
    "CC7.4": "The entity responds to identified security incidents with a defined program.",
    "CC7.5": "The entity identifies, develops and implements activities to recover from incidents.",
    "CC8.1": "The entity authorizes, designs, tests, approves and implements changes.",
    "CC9.1": "The entity identifies and develops risk mitigation for business disruptions.",
    "CC9.2": "The entity assesses and manages risks associated with vendors and partners.",
    "A1.1": "The entity maintains and monitors processing capacity to meet demand.",
    "A1.2": "The entity maintains environmental protections, backup and recovery infrastructure.",
    "A1.3": "The entity tests recovery plan procedures supporting system recovery.",
    "PI1.1": "The entity obtains and communicates information about processing specifications.",
    "PI1.2": "The entity implements policies over system inputs for complete, accurate input.",
    "PI1.3": "The entity implements policies over processing to meet its objectives.",
    "PI1.4": "The entity makes output available completely, accurately and timely.",
    "PI1.5": "The entity stores inputs, items in processing and outputs completely and accurately.",
    "C1.1": "The entity identifies and maintains confidential information.",
    "C1.2": "The entity disposes of confidential information to meet its objectives.",
    "P1.1": "The entity provides notice to data subjects about its privacy practices.",
    "P2.1": "The entity communicates choices available regarding personal information.",
    "P3.1": "Personal information is collected consistent with the entity's objectives.",
    "P4.1": "The entity limits the use of personal information to the purposes identified.",
    "P4.2": "The entity retains personal information consistent with its objectives.",
    "P4.3": "The entity securely disposes of personal information.",
    "P5.1": "The entity grants identified data subjects access to their personal information.",
    "P6.1": "The entity discloses personal information to third parties with consent.",
    "P6.3": "The entity records unauthorized disclosures of personal information.",
    "P7.1": "The entity collects and maintains accurate, complete personal information.",
    "P8.1": "The entity implements a process for receiving and resolving privacy complaints.",
}

SERIES_TITLE = {
    "CC1": "Control Environment",
    "CC2": "Communication and Information",
    "CC3": "Risk Assessment",
    "CC4": "Monitoring Activities",
    "CC5": "Control Activities",
    "CC6": "Logical and Physical Access Controls",
    "CC7": "System Operations",
    "CC8": "Change Management",
    "CC9": "Risk Mitigation",
    "A1": "Additional Criteria for Availability",
    "PI1": "Additional Criteria for Processing Integrity",
    "C1": "Additional Criteria for Confidentiality",
    "P": "Additional Criteria for Privacy",
}


def criterion_category(cid: str) -> str:
    if cid.startswith("CC"):
        return "security"
    if cid.startswith("A1"):
        return "availability"
    if cid.startswith("PI1"):
        return "processing_integrity"
    if cid.startswith("C1"):
        return "confidentiality"
    return "privacy"


def criterion_series(cid: str) -> str:
    if cid.startswith("CC"):
        return cid.split(".")[0]
    if cid.startswith("P") and not cid.startswith("PI"):
        return "P"
    return cid.split(".")[0]


@dataclass(frozen=True)
class ControlTemplate:
    """One control activity as a service organization describes it, and how it is tested."""

    key: str
    domain: str  # firm-style id prefix, e.g. "AC" -> "AC-3"
    criteria: tuple[str, ...]
    activity: str
    test: str
    population: str  # what the auditor samples ("terminated employees")
    failure: str  # what went wrong for the failed items
    nonoccur: str | None = None  # why the control could not be tested, when it never fired
    objective: int | None = None  # SOC 1 control objective number
    sample_sizes: tuple[int, ...] = (25, 40, 60)
    extra: dict[str, str] = field(default_factory=dict)


SOC2_CONTROLS: tuple[ControlTemplate, ...] = (
    ControlTemplate(
        "code_of_conduct",
        "HR",
        ("CC1.1",),
        "Employees and contractors acknowledge the code of business conduct and the acceptable "
        "use policy upon hire and annually thereafter.",
        "Inspected the code of conduct and, for a sample of new hires and current employees, "
        "inspected signed acknowledgements.",
        "employees sampled",
        "the signed code of conduct acknowledgement could not be provided",
    ),
    ControlTemplate(
        "board_oversight",
        "GV",
        ("CC1.2", "CC2.2"),
        "The board of directors meets at least quarterly and receives updates on security, "
        "risk and compliance matters from the Chief Information Security Officer.",
        "Inspected board meeting minutes for a sample of quarters to determine that security "
        "and compliance updates were presented.",
        "quarterly board meetings sampled",
        "the minutes did not evidence a security update",
        sample_sizes=(2, 4),
    ),
    ControlTemplate(
        "org_chart",
        "GV",
        ("CC1.3",),
        "An organizational chart defining reporting lines is maintained by People Operations "
        "and made available to all personnel on the intranet.",
        "Inspected the organizational chart and the intranet page on which it is published.",
        "organizational chart versions",
        "the chart was not updated after a reorganization",
        sample_sizes=(1,),
    ),
    ControlTemplate(
        "background_checks",
        "HR",
        ("CC1.4",),
        "Background checks are completed for new employees prior to their start date, in "
        "accordance with local law.",
        "For a sample of new hires, inspected background check results to determine that they "
        "were completed prior to the start date.",
        "new hires sampled",
        "the background check was completed after the employee's start date",
    ),
    ControlTemplate(
        "security_training",
        "HR",
        ("CC1.4", "CC2.2"),
        "Personnel complete security and privacy awareness training within thirty days of hire "
        "and annually thereafter; completion is tracked in the learning management system.",
        "For a sample of employees, inspected training completion records from the learning "
        "management system.",
        "employees sampled",
        "annual security awareness training was not completed within the required timeframe",
    ),
    ControlTemplate(
        "performance_reviews",
        "HR",
        ("CC1.5",),
        "Managers perform annual performance evaluations that include adherence to security "
        "responsibilities.",
        "For a sample of employees, inspected completed performance evaluations.",
        "employees sampled",
        "an annual performance evaluation was not completed",
    ),
    ControlTemplate(
        "security_policies",
        "GV",
        ("CC2.1", "CC5.3"),
        "Information security policies are reviewed and approved by management at least "
        "annually and published to employees.",
        "Inspected the information security policy set for evidence of annual review and approval.",
        "policies sampled",
        "the policy had not been reviewed within the last twelve months",
        sample_sizes=(5, 10),
    ),
    ControlTemplate(
        "customer_commitments",
        "GV",
        ("CC2.3",),
        "Security commitments and changes to them are communicated to customers through the "
        "master services agreement and the public trust portal.",
        "Inspected the master services agreement template and the trust portal.",
        "customer agreements sampled",
        "the executed agreement omitted the security addendum",
    ),
    ControlTemplate(
        "risk_assessment",
        "RM",
        ("CC3.1", "CC3.2", "CC3.3"),
        "Management performs a formal risk assessment annually. Risks, including fraud risks, "
        "are scored for likelihood and impact, and exceptions identified in the assessment are "
        "evaluated and assigned an owner and a remediation date.",
        "Inspected the annual risk assessment and risk register to determine that risks were "
        "identified, scored and assigned owners.",
        "risk assessments",
        "the risk assessment was not completed during the period",
        sample_sizes=(1,),
    ),
    ControlTemplate(
        "change_risk",
        "RM",
        ("CC3.4",),
        "Significant changes to the business, technology or regulatory environment are "
        "assessed by the risk committee when they occur.",
        "Inquired of the risk committee chair and inspected committee minutes for the "
        "assessment of significant changes.",
        "significant changes",
        "the change was not assessed by the risk committee",
        nonoccur="No significant changes to the business, technology or regulatory environment "
        "occurred during the period",
    ),
    ControlTemplate(
        "internal_audit",
        "MN",
        ("CC4.1", "CC4.2"),
        "An internal audit of the control environment is performed annually; deficiencies and "
        "policy exceptions are reported to the audit committee and tracked to remediation.",
        "Inspected the internal audit report and the remediation tracker.",
        "internal audit reports",
        "identified deficiencies were not tracked to remediation",
        sample_sizes=(1,),
    ),
    ControlTemplate(
        "password_policy",
        "AC",
        ("CC6.1",),
        "Passwords for in-scope systems are configured to require a minimum of twelve "
        "characters, complexity and multi-factor authentication. Exceptions to the password "
        "standard require documented approval by the CISO.",
        "Inspected password and multi-factor authentication configurations for the in-scope "
        "systems.",
        "in-scope systems",
        "the password configuration did not meet the documented standard",
        sample_sizes=(4, 6, 8),
    ),
    ControlTemplate(
        "mfa_remote",
        "AC",
        ("CC6.1", "CC6.6"),
        "Remote access to the production environment requires VPN with multi-factor "
        "authentication.",
        "Observed a remote login attempt and inspected the VPN configuration.",
        "remote access configurations",
        "multi-factor authentication was not enforced",
        sample_sizes=(1,),
    ),
    ControlTemplate(
        "encryption_rest",
        "DS",
        ("CC6.1", "C1.1"),
        "Customer data at rest in production databases and object storage is encrypted using "
        "AES-256.",
        "Inspected encryption settings for production databases and storage buckets.",
        "production data stores",
        "encryption at rest was not enabled",
        sample_sizes=(5, 10),
    ),
    ControlTemplate(
        "access_provisioning",
        "AC",
        ("CC6.2", "CC6.3"),
        "New user access to production systems is requested through a ticket and approved by "
        "the user's manager before it is provisioned.",
        "For a sample of new users, inspected access request tickets for approval prior to "
        "provisioning.",
        "new user access requests sampled",
        "documented approval prior to provisioning could not be provided",
    ),
    ControlTemplate(
        "access_termination",
        "AC",
        ("CC6.2", "CC6.3"),
        "Logical access of terminated personnel is revoked within one business day of the "
        "termination date.",
        "For a sample of terminated employees, compared the termination date to the date "
        "access was revoked in the identity provider.",
        "terminated employees sampled",
        "access was revoked between three and nine business days after termination",
    ),
    ControlTemplate(
        "access_review",
        "AC",
        ("CC6.2", "CC6.3"),
        "User access to production systems and databases is reviewed quarterly by system "
        "owners; inappropriate access is removed.",
        "For a sample of quarters, inspected the completed access reviews and evidence that "
        "access flagged for removal was removed.",
        "quarterly user access reviews sampled",
        "the review was not completed or access flagged for removal remained active",
        sample_sizes=(2, 4),
    ),
    ControlTemplate(
        "privileged_access",
        "AC",
        ("CC6.3",),
        "Administrative access to the production environment is restricted to authorized "
        "site reliability engineers.",
        "Inspected the list of users with administrative access and compared it to job roles.",
        "administrator accounts",
        "the account belonged to a user without a business need",
        sample_sizes=(10, 15, 25),
    ),
    ControlTemplate(
        "physical_access",
        "PS",
        ("CC6.4",),
        "Access to office facilities requires a badge; badge access is revoked upon termination.",
        "Observed badge readers and inspected badge deactivation for a sample of terminations.",
        "badge deactivations sampled",
        "the badge remained active after termination",
    ),
    ControlTemplate(
        "media_disposal",
        "DS",
        ("CC6.5", "C1.2"),
        "Retired storage media and laptops are wiped or destroyed and a certificate of "
        "destruction is retained.",
        "For a sample of disposed assets, inspected certificates of destruction.",
        "disposed assets sampled",
        "a certificate of destruction could not be provided",
        nonoccur="No storage media or laptops were disposed of during the period",
    ),
    ControlTemplate(
        "firewall",
        "NW",
        ("CC6.6",),
        "Firewalls and security groups restrict inbound traffic to the production "
        "environment; rule sets are reviewed semi-annually.",
        "Inspected firewall and security group configurations and the semi-annual rule reviews.",
        "semi-annual rule reviews",
        "the rule review was not performed",
        sample_sizes=(1, 2),
    ),
    ControlTemplate(
        "tls",
        "NW",
        ("CC6.7",),
        "Data in transit over public networks is encrypted using TLS 1.2 or higher.",
        "Inspected TLS configurations of public endpoints using a scanning tool.",
        "public endpoints",
        "the endpoint accepted TLS 1.0 connections",
        sample_sizes=(5, 8),
    ),
    ControlTemplate(
        "endpoint_protection",
        "VM",
        ("CC6.8",),
        "Anti-malware software is installed on workstations and servers and is configured to "
        "update signatures daily.",
        "For a sample of endpoints, inspected the endpoint protection console for agent status "
        "and signature updates.",
        "endpoints sampled",
        "the anti-malware agent was not installed or not reporting",
    ),
    ControlTemplate(
        "vuln_scanning",
        "VM",
        ("CC7.1",),
        "Infrastructure vulnerability scans are performed monthly; critical and high "
        "vulnerabilities are remediated within defined timeframes.",
        "For a sample of months, inspected scan results and remediation tickets.",
        "monthly vulnerability scans sampled",
        "critical vulnerabilities were not remediated within the thirty-day timeframe",
        sample_sizes=(2, 3, 4),
    ),
    ControlTemplate(
        "pen_test",
        "VM",
        ("CC7.1", "CC4.1"),
        "An independent third party performs a penetration test annually; findings are "
        "tracked to resolution.",
        "Inspected the penetration test report and remediation tickets for findings.",
        "penetration tests",
        "the annual penetration test was not performed during the period",
        sample_sizes=(1,),
    ),
    ControlTemplate(
        "logging_monitoring",
        "OP",
        ("CC7.2",),
        "Security events are aggregated in a SIEM; alerts are generated for predefined "
        "conditions and triaged by the security operations team.",
        "Inspected SIEM alert rules and, for a sample of alerts, inspected triage evidence.",
        "alerts sampled",
        "there was no evidence that the alert was triaged",
    ),
    ControlTemplate(
        "incident_response",
        "IR",
        ("CC7.3", "CC7.4", "CC7.5"),
        "Security incidents are logged, classified by severity and tracked to resolution in "
        "accordance with the incident response plan, including a post-incident review.",
        "For a sample of security incidents, inspected incident tickets for classification, "
        "resolution and post-incident review.",
        "security incidents",
        "a post-incident review was not performed",
        nonoccur="No security incidents occurred during the period",
    ),
    ControlTemplate(
        "ir_plan_test",
        "IR",
        ("CC7.4", "CC7.5"),
        "The incident response plan is tested annually through a tabletop exercise.",
        "Inspected the tabletop exercise report.",
        "tabletop exercises",
        "the annual tabletop exercise was not performed",
        sample_sizes=(1,),
    ),
    ControlTemplate(
        "change_approval",
        "CM",
        ("CC8.1",),
        "Changes to production code are peer reviewed and approved in the source control "
        "system before they are merged and deployed.",
        "For a sample of production changes, inspected pull requests for peer review and "
        "approval prior to deployment.",
        "production changes sampled",
        "the change was deployed without documented peer review",
    ),
    ControlTemplate(
        "change_testing",
        "CM",
        ("CC8.1",),
        "Automated tests run in the continuous integration pipeline must pass before a change "
        "can be deployed to production.",
        "For a sample of changes, inspected CI pipeline results.",
        "changes sampled",
        "the change was deployed after a failed pipeline run",
    ),
    ControlTemplate(
        "emergency_change",
        "CM",
        ("CC8.1",),
        "Emergency changes are documented and approved retrospectively within two business days.",
        "For a sample of emergency changes, inspected retrospective approvals.",
        "emergency changes",
        "retrospective approval was not documented",
        nonoccur="No emergency changes were made during the period",
    ),
    ControlTemplate(
        "bcp",
        "BC",
        ("CC9.1", "A1.3"),
        "A business continuity and disaster recovery plan is documented and tested annually.",
        "Inspected the plan and the results of the annual test.",
        "disaster recovery tests",
        "the annual disaster recovery test was not performed",
        sample_sizes=(1,),
    ),
    ControlTemplate(
        "vendor_review",
        "VN",
        ("CC9.2",),
        "Critical vendors are assessed at onboarding and annually thereafter, including a "
        "review of their SOC reports.",
        "For a sample of critical vendors, inspected vendor risk assessments.",
        "critical vendors sampled",
        "the annual vendor assessment was not performed",
        sample_sizes=(5, 8, 10),
    ),
    ControlTemplate(
        "capacity",
        "OP",
        ("A1.1",),
        "Infrastructure capacity is monitored and alerts are configured when utilization "
        "exceeds defined thresholds.",
        "Inspected monitoring dashboards and alert configurations.",
        "capacity alerts sampled",
        "the capacity alert was not acknowledged",
    ),
    ControlTemplate(
        "backups",
        "BC",
        ("A1.2",),
        "Production databases are backed up daily; backup failures generate an alert that is "
        "resolved by operations.",
        "For a sample of days, inspected backup job logs and the resolution of failures.",
        "daily backups sampled",
        "backup failures were not resolved",
    ),
    ControlTemplate(
        "restore_test",
        "BC",
        ("A1.3",),
        "Backup restoration is tested quarterly.",
        "For a sample of quarters, inspected restoration test evidence.",
        "quarterly restore tests sampled",
        "the restoration test was not performed",
        sample_sizes=(2,),
    ),
    ControlTemplate(
        "input_validation",
        "PI",
        ("PI1.2",),
        "Application input validation rejects records that fail format and completeness "
        "checks; rejected records are reported to the customer.",
        "Reperformed input validation with test records and inspected the rejection report.",
        "validation rules",
        "the validation rule did not reject malformed records",
        sample_sizes=(10, 15),
    ),
    ControlTemplate(
        "processing_reconciliation",
        "PI",
        ("PI1.3", "PI1.4"),
        "Processing jobs reconcile record counts between input and output; discrepancies are "
        "investigated.",
        "For a sample of processing runs, inspected reconciliation reports.",
        "processing runs sampled",
        "the discrepancy was not investigated",
    ),
    ControlTemplate(
        "output_delivery",
        "PI",
        ("PI1.4", "PI1.5"),
        "Output files are delivered to customers over an encrypted channel and delivery "
        "failures are retried and monitored.",
        "Inspected the delivery configuration and, for a sample of failures, the retry logs.",
        "delivery failures sampled",
        "the failure was not retried",
    ),
    ControlTemplate(
        "confidential_classification",
        "DS",
        ("C1.1",),
        "Confidential information is classified according to the data classification policy "
        "and labeled in the data catalog.",
        "Inspected the data classification policy and the data catalog.",
        "datasets sampled",
        "the dataset was not classified",
    ),
    ControlTemplate(
        "data_deletion",
        "DS",
        ("C1.2", "P4.3"),
        "Customer data is deleted within thirty days of contract termination upon request.",
        "For a sample of deletion requests, inspected deletion tickets and system logs.",
        "deletion requests",
        "the data was deleted after more than thirty days",
        nonoccur="No customer deletion requests were received during the period",
    ),
    ControlTemplate(
        "privacy_notice",
        "PR",
        ("P1.1", "P2.1"),
        "A privacy notice describing collection, use, retention and choices is published on "
        "the website and reviewed annually.",
        "Inspected the privacy notice and evidence of its annual review.",
        "privacy notices",
        "the annual review of the notice was not evidenced",
        sample_sizes=(1,),
    ),
    ControlTemplate(
        "consent",
        "PR",
        ("P3.1", "P6.1"),
        "Consent is obtained and recorded before personal information is collected or "
        "disclosed to third parties.",
        "For a sample of data subjects, inspected consent records.",
        "data subjects sampled",
        "consent was not recorded",
    ),
    ControlTemplate(
        "dsar",
        "PR",
        ("P5.1", "P7.1"),
        "Data subject access requests are fulfilled within thirty days.",
        "For a sample of requests, compared the request and fulfilment dates.",
        "data subject requests",
        "the request was fulfilled after thirty days",
        nonoccur="No data subject access requests were received during the period",
    ),
    ControlTemplate(
        "privacy_complaints",
        "PR",
        ("P8.1", "P6.3"),
        "Privacy complaints and unauthorized disclosures are logged and resolved by the "
        "privacy officer.",
        "For a sample of complaints, inspected the complaint log and resolution.",
        "privacy complaints",
        "the complaint was not resolved",
        nonoccur="No privacy complaints or unauthorized disclosures were reported during the "
        "period",
    ),
    ControlTemplate(
        "retention",
        "PR",
        ("P4.1", "P4.2"),
        "Personal information is retained only for the periods defined in the retention "
        "schedule; automated jobs purge expired records.",
        "Inspected the retention schedule and purge job configuration and logs.",
        "purge job runs sampled",
        "expired records were not purged",
    ),
)

SOC1_OBJECTIVES: tuple[str, ...] = (
    "Controls provide reasonable assurance that logical access to programs, data and "
    "operating system software is restricted to authorized individuals.",
    "Controls provide reasonable assurance that changes to application programs and related "
    "data management systems are authorized, tested, documented and approved.",
    "Controls provide reasonable assurance that processing is scheduled and monitored, and "
    "that deviations from scheduled processing are identified and resolved.",
    "Controls provide reasonable assurance that client transactions are received, recorded "
    "and processed completely, accurately and timely.",
    "Controls provide reasonable assurance that data transmissions between the service "
    "organization and its clients are complete, accurate and secure.",
    "Controls provide reasonable assurance that physical access to computer equipment and "
    "storage media is restricted to authorized individuals.",
    "Controls provide reasonable assurance that client account balances are reconciled and "
    "reported accurately and timely.",
)

SOC1_CONTROLS: tuple[ControlTemplate, ...] = (
    ControlTemplate(
        "s1_access_provisioning",
        "LA",
        (),
        "New user access to the application is approved "
        "by the client relationship manager prior to provisioning.",
        "For a sample of new users, inspected approval evidence.",
        "new users sampled",
        "approval was not evidenced",
        objective=1,
    ),
    ControlTemplate(
        "s1_access_termination",
        "LA",
        (),
        "Access for terminated employees is removed within two business days.",
        "For a sample of terminations, compared termination and removal dates.",
        "terminated users sampled",
        "access was not removed timely",
        objective=1,
    ),
    ControlTemplate(
        "s1_access_review",
        "LA",
        (),
        "Application user access is reviewed semi-annually by department managers.",
        "Inspected the semi-annual access reviews.",
        "semi-annual reviews",
        "the review was not completed",
        objective=1,
        sample_sizes=(2,),
    ),
    ControlTemplate(
        "s1_password",
        "LA",
        (),
        "Application passwords require complexity, expire every "
        "ninety days and lock after five failed attempts.",
        "Inspected system password parameters.",
        "systems",
        "the lockout threshold was not configured",
        objective=1,
        sample_sizes=(1, 3),
    ),
    ControlTemplate(
        "s1_change_approval",
        "CM",
        (),
        "Application changes are approved by the change advisory board prior to implementation.",
        "For a sample of changes, inspected CAB approvals.",
        "changes sampled",
        "CAB approval was not documented",
        objective=2,
    ),
    ControlTemplate(
        "s1_change_testing",
        "CM",
        (),
        "Changes are tested by quality assurance and user "
        "acceptance testing is signed off before release.",
        "For a sample of changes, inspected QA and UAT sign-off.",
        "changes sampled",
        "UAT sign-off was not retained",
        objective=2,
    ),
    ControlTemplate(
        "s1_segregation",
        "CM",
        (),
        "Developers do not have access to migrate changes to production.",
        "Inspected the list of users able to deploy to production.",
        "deployment accounts",
        "a developer had deployment access",
        objective=2,
        sample_sizes=(10, 12),
    ),
    ControlTemplate(
        "s1_job_monitoring",
        "OP",
        (),
        "Batch jobs are monitored and failed jobs are resolved and documented in a ticket.",
        "For a sample of failed jobs, inspected resolution tickets.",
        "failed jobs sampled",
        "no ticket documented the resolution",
        objective=3,
        nonoccur="No batch job failures occurred during the period",
    ),
    ControlTemplate(
        "s1_backup",
        "OP",
        (),
        "Daily backups are performed and failures are investigated.",
        "For a sample of days, inspected backup logs.",
        "days sampled",
        "backup failures were not investigated",
        objective=3,
    ),
    ControlTemplate(
        "s1_txn_input",
        "TP",
        (),
        "Client transaction files are validated for record counts and control totals upon receipt.",
        "For a sample of files, reperformed the validation.",
        "transaction files sampled",
        "control totals were not validated",
        objective=4,
    ),
    ControlTemplate(
        "s1_txn_exceptions",
        "TP",
        (),
        "Transactions rejected by edit checks are placed on an "
        "exception report and resolved by operations within two days.",
        "For a sample of days, inspected exception reports and their resolution.",
        "exception reports sampled",
        "items were not resolved within two days",
        objective=4,
    ),
    ControlTemplate(
        "s1_txn_review",
        "TP",
        (),
        "Manual adjustments above $10,000 are reviewed and approved by a supervisor.",
        "For a sample of adjustments, inspected supervisor approval.",
        "manual adjustments sampled",
        "supervisor approval was not evidenced",
        objective=4,
    ),
    ControlTemplate(
        "s1_transmission",
        "DT",
        (),
        "Client data transmissions use SFTP with encryption; "
        "transmission failures generate alerts.",
        "Inspected SFTP configuration and alert settings.",
        "transmission failures",
        "the failure alert was not investigated",
        objective=5,
        sample_sizes=(10, 25),
    ),
    ControlTemplate(
        "s1_transmission_recon",
        "DT",
        (),
        "File transmissions are reconciled to the transmission log daily.",
        "For a sample of days, inspected reconciliations.",
        "days sampled",
        "the reconciliation was not performed",
        objective=5,
    ),
    ControlTemplate(
        "s1_physical",
        "PA",
        (),
        "Data center access requires badge and biometric authentication and is reviewed quarterly.",
        "Observed entry controls and inspected quarterly reviews.",
        "quarterly reviews",
        "the review was not performed",
        objective=6,
        sample_sizes=(2, 4),
    ),
    ControlTemplate(
        "s1_visitors",
        "PA",
        (),
        "Visitors are escorted and signed in at reception.",
        "Inspected visitor logs for a sample of days.",
        "days sampled",
        "visitors were not logged",
        objective=6,
    ),
    ControlTemplate(
        "s1_recon",
        "RC",
        (),
        "Client account balances are reconciled monthly to the bank "
        "and reviewed by the controller.",
        "For a sample of months, inspected reconciliations for preparer and reviewer sign-off.",
        "monthly reconciliations sampled",
        "reviewer sign-off was not evidenced",
        objective=7,
        sample_sizes=(2, 4, 6),
    ),
    ControlTemplate(
        "s1_statements",
        "RC",
        (),
        "Client statements are reviewed for accuracy before release.",
        "For a sample of statements, inspected review evidence.",
        "client statements sampled",
        "the review was not evidenced",
        objective=7,
    ),
)

SERVICE_ORGS: tuple[tuple[str, str, str], ...] = (
    # (legal name, short name used in the text, system name)
    ("Northwind Analytics, Inc.", "Northwind", "Northwind Insights Platform"),
    ("Bluefin Payroll Services LLC", "Bluefin", "Bluefin Payroll Processing System"),
    ("Cobalt Ledger Corp.", "Cobalt Ledger", "Cobalt Ledger Cloud Accounting Services"),
    ("Harborview Health Data, Inc.", "Harborview", "Harborview Clinical Data Exchange"),
    ("Quillstone Software Ltd.", "Quillstone", "Quillstone Document Management SaaS"),
    ("Tessellate Labs, Inc.", "Tessellate", "Tessellate Customer Engagement Platform"),
    (
        "Ridgeline Logistics Technologies, Inc.",
        "Ridgeline",
        "Ridgeline Freight Visibility Platform",
    ),
    ("Polaris Benefits Administration, LLC", "Polaris", "Polaris Benefits Administration System"),
    ("Verdant Identity Corp.", "Verdant", "Verdant Identity Cloud"),
    ("Oakmere Trust Technologies, Inc.", "Oakmere", "Oakmere Custody and Reporting Platform"),
    ("Lumen Forge, Inc.", "Lumen Forge", "Lumen Forge Observability Service"),
    ("Saltmarsh Data Systems GmbH", "Saltmarsh", "Saltmarsh Managed Hosting Services"),
    ("Kinetic Claims Solutions, Inc.", "Kinetic", "Kinetic Claims Adjudication System"),
    ("Aperture HR Cloud, Inc.", "Aperture", "Aperture Human Capital Management Suite"),
    ("Brightline Billing Co.", "Brightline", "Brightline Subscription Billing Engine"),
    ("Fernwood Secure Messaging, Inc.", "Fernwood", "Fernwood Secure Messaging Platform"),
)

SUBSERVICE_ORGS: tuple[tuple[str, str, str], ...] = (
    # (canonical name, as printed, what it provides)
    ("Amazon Web Services", "Amazon Web Services, Inc. (AWS)", "cloud infrastructure hosting"),
    ("Microsoft Azure", "Microsoft Azure", "cloud hosting and managed database services"),
    ("Google Cloud Platform", "Google Cloud Platform (GCP)", "cloud infrastructure hosting"),
    ("Equinix", "Equinix, Inc.", "colocation data center services"),
    ("Snowflake", "Snowflake Inc.", "data warehousing"),
    ("Okta", "Okta, Inc.", "identity and single sign-on services"),
    ("Cloudflare", "Cloudflare, Inc.", "content delivery and DDoS protection"),
    ("Iron Mountain", "Iron Mountain Incorporated", "offsite media storage and destruction"),
    ("Twilio", "Twilio Inc.", "SMS and voice notifications"),
    ("MongoDB Atlas", "MongoDB Atlas", "managed database hosting"),
)

FIRMS: tuple[tuple[str, str], ...] = (
    # (firm name, city line)
    ("Halvorsen & Pike LLP", "Chicago, Illinois"),
    ("Brightwater Assurance, LLC", "Denver, Colorado"),
    ("Meridian Audit Partners", "Boston, Massachusetts"),
    ("Kestrel CPA Group, P.C.", "Austin, Texas"),
    ("Ashford Whitlock LLP", "London, United Kingdom"),
    ("Calloway Stroud & Co., LLP", "Atlanta, Georgia"),
    ("Northgate Attest Services, PLLC", "Seattle, Washington"),
)

INDIVIDUAL_CPAS: tuple[tuple[str, str], ...] = (
    ("Jordan T. Castellano, CPA", "Licence No. CPA-0148213, State of Nevada"),
    ("Priya Raman, CPA", "License #AC-77420, Commonwealth of Virginia"),
)

CUEC_TEXTS: tuple[str, ...] = (
    "User entities are responsible for provisioning and deprovisioning their own users' "
    "access to the application.",
    "User entities are responsible for reviewing the access of their users periodically.",
    "User entities are responsible for protecting the credentials issued to their users.",
    "User entities are responsible for notifying the service organization of changes to "
    "authorized contacts.",
    "User entities are responsible for the accuracy and completeness of data they submit.",
    "User entities are responsible for configuring multi-factor authentication for their tenant.",
    "User entities are responsible for reporting suspected security incidents promptly.",
    "User entities are responsible for reviewing output reports for accuracy.",
    "User entities are responsible for ensuring that transmissions they initiate are authorized.",
    "User entities are responsible for maintaining their own backups of data exported from "
    "the service.",
    "User entities are responsible for determining whether the service meets their "
    "regulatory obligations.",
    "User entities are responsible for securing the network connections from their premises.",
    "User entities are responsible for restricting API keys to authorized integrations.",
    "User entities are responsible for approving requests to restore or delete data.",
    "User entities are responsible for reviewing audit logs made available in the portal.",
    "User entities are responsible for reconciling invoices and usage statements.",
)

COMPONENTS: tuple[str, ...] = (
    "the production Kubernetes clusters",
    "the customer-facing web application",
    "the reporting data warehouse",
    "the payment gateway integration",
    "the internal administration console",
    "the public API gateway",
    "the message queue infrastructure",
    "the corporate identity provider",
    "the file ingestion service",
    "the analytics pipeline",
    "the mobile application backend",
    "the customer support tooling",
    "the build and release infrastructure",
    "the log management platform",
    "the secrets management service",
    "the disaster recovery region",
)
