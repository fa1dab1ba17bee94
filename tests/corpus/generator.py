"""Deterministic generator of realistic SOC 1/2/3 report PDFs with ground-truth labels.

    python -m tests.corpus.generator OUTDIR [--n 48] [--seed 0]

writes OUTDIR/NAME.pdf and OUTDIR/NAME.expected.json for every spec of `corpus_specs`.
A label is an Extraction-shaped JSON document (schema_version 1) without evidence and
confidence; it is the truth about the report, whatever any parser makes of it.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import random
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from tests.corpus import catalog, wording
from tests.corpus.catalog import CATEGORY_ORDER, CATEGORY_TITLE, ControlTemplate
from tests.corpus.styles import STYLES, FirmStyle, fmt_date, section_label, x_of_n

OWNER_PASSWORD = "vendor-risk-owner"

TRAPS = frozenset(
    {
        "as_of_in_type2",  # "as of" sentences inside a type 2 report
        "except_for_boilerplate",  # "except for" / "not operating effectively" in boilerplate
        "exception_summary",  # exceptions repeated in a summary table up front
        "footnote_years",  # footnote digits glued to the year of the period end
        "soc3_footer_leftover",  # a SOC 3 whose running footer says "SOC 2 Type 2"
        "type1_tests_mention",  # type 1 restricted use mentions "tests of controls"
        "banner",  # a confidentiality banner on top of every page
        "watermark",  # a diagonal CONFIDENTIAL watermark in the text layer
        "isae3000",  # integrated AICPA + ISAE 3000 / 3402 report
        "extra_frameworks",  # CSA CCM / ISO 27001 mapped beside the TSC
        "drop_cap",  # the opinion paragraph's first letter set large, on its own text line
        "not_applicable_categories",  # names the out-of-scope categories as not applicable
        "assertion_date_differs",  # the assertion letter carries an earlier date
        "split_rows",  # tall rows that split across pages (repeated headers)
        "bridge_letter",  # a management bridge letter (later date, gap period) appended
        "response_inline",  # management's response printed inside the results cell too
        "glued_words",  # the scope paragraph's words drawn without space characters
        "signature_image",  # the firm signs with an image; its typed name is not under it
        "prior_period_reference",  # the description cites the prior report's period
    }
)


@dataclass
class ExceptionSpec:
    """An exception on one control (catalog key); `deviations`/`sample_size` None = no X of N."""

    control: str
    deviations: int | None = None
    sample_size: int | None = None
    response: str | None = None
    material: bool = False  # named in the Basis for Qualified/Adverse Opinion
    design: bool = False  # a design exception (type 1): "not suitably designed"


@dataclass
class SubserviceSpec:
    name: str  # canonical name (catalog.SUBSERVICE_ORGS[0])
    method: str  # "carve-out" | "inclusive"


@dataclass
class ReportSpec:
    """Everything that makes one report; `write_report` turns it into a PDF and a label."""

    name: str
    kind: str  # soc1 | soc2 | soc3
    type: str | None  # type1 | type2 | None for SOC 3
    period_start: dt.date | None  # None for type 1
    period_end: dt.date  # the as-of date for type 1
    report_date: dt.date
    categories: tuple[str, ...] = ("security",)
    opinion: str = "unqualified"
    exceptions: list[ExceptionSpec] = field(default_factory=list)
    not_tested: list[str] = field(default_factory=list)  # catalog keys
    service_org: str = "Northwind Analytics, Inc."
    service_org_short: str = "Northwind"
    system_name: str = "Northwind Insights Platform"
    auditor: str = "Halvorsen & Pike LLP"
    auditor_city: str = "Chicago, Illinois"
    auditor_is_individual: bool = False
    subservice: list[SubserviceSpec] = field(default_factory=list)
    cuec_count: int | None = 8
    style: str = "classic"
    assertion_first: bool | None = None  # None: the firm's default
    id_style: str = "domain"  # domain | domain_spaced | criterion_seq | numeric | none
    traps: frozenset[str] = frozenset()
    scanned: bool = False
    scan_dpi: int = 110
    scan_bilevel: bool = False  # black-and-white scan (small files), else greyscale JPEG
    encrypt_owner: bool = False
    pad_pages: int | None = None  # approximate total pages wanted (adds passing controls)
    pad_exception_rate: float = 0.0  # share of padding controls that get an exception
    n_controls: int | None = None  # cap on base controls (None: all applicable)
    seed: int = 0

    def __post_init__(self) -> None:
        unknown = set(self.traps) - TRAPS
        if unknown:
            raise ValueError(f"unknown traps {sorted(unknown)}")
        if self.kind == "soc3" and self.type is not None:
            raise ValueError("SOC 3 has no type")


# --------------------------------------------------------------------------------------
# controls


@dataclass
class Control:
    tpl: ControlTemplate
    cid: str | None  # as printed
    label_id: str | None  # canonical (no spaces around the hyphen)
    criteria: tuple[str, ...]  # in-scope criteria (SOC 2); () for SOC 1
    objective: int | None
    activity: str
    test: str
    population: str
    failure: str
    exception: ExceptionSpec | None = None
    description: str | None = None  # exception description as printed
    not_tested: bool = False
    page: int | None = None


def _in_scope(criteria: Iterable[str], categories: Sequence[str]) -> tuple[str, ...]:
    return tuple(c for c in criteria if catalog.criterion_category(c) in categories)


def _build_controls(spec: ReportSpec, extra: int) -> list[Control]:
    rng = random.Random(f"{spec.seed}-controls")
    exc_by_key = {e.control: e for e in spec.exceptions}
    wanted = set(exc_by_key) | set(spec.not_tested)
    controls: list[Control] = []
    if spec.kind == "soc1":
        templates = list(catalog.SOC1_CONTROLS)
    else:
        templates = [t for t in catalog.SOC2_CONTROLS if _in_scope(t.criteria, spec.categories)]
    if spec.n_controls is not None and spec.n_controls < len(templates):
        keep = {t.key for t in templates if t.key in wanted}
        others = [t for t in templates if t.key not in keep]
        rng.shuffle(others)
        keep |= {t.key for t in others[: max(0, spec.n_controls - len(keep))]}
        templates = [t for t in templates if t.key in keep]
    missing = wanted - {t.key for t in templates}
    if missing:
        raise ValueError(f"{spec.name}: controls not applicable to the scope: {sorted(missing)}")
    for t in templates:
        crit = () if spec.kind == "soc1" else _in_scope(t.criteria, spec.categories)
        controls.append(
            Control(t, None, None, crit, t.objective, t.activity, t.test, t.population, t.failure)
        )
    # padding: passing clones of the templates over other system components
    pad_rng = random.Random(f"{spec.seed}-pad")
    base = list(controls)
    for i in range(extra):
        src = base[i % len(base)]
        comp = catalog.COMPONENTS[(i // len(base)) % len(catalog.COMPONENTS)]
        round_no = i // (len(base) * len(catalog.COMPONENTS))
        suffix = f" (scope {round_no + 2})" if round_no else ""
        act = src.activity.rstrip(".") + f" for {comp}{suffix}."
        test = src.test.rstrip(".") + f", covering {comp}{suffix}."
        c = Control(
            src.tpl,
            None,
            None,
            src.criteria,
            src.objective,
            act,
            test,
            f"{src.population} for {comp}{suffix}",
            src.failure,
        )
        c.tpl = dataclasses.replace(src.tpl, key=f"{src.tpl.key}#pad{i}", nonoccur=None)
        if spec.pad_exception_rate and pad_rng.random() < spec.pad_exception_rate:
            sizes = [s for s in src.tpl.sample_sizes if s > 1] or [25]
            n = pad_rng.choice(sizes)
            exc = ExceptionSpec(
                c.tpl.key,
                pad_rng.randint(1, max(1, n // 8)),
                n,
                response=_default_response(pad_rng),
            )
            c.exception = exc
        controls.append(c)
    # ordering: by first criterion (SOC 2) or objective (SOC 1), stable otherwise
    if spec.kind == "soc1":
        controls.sort(key=lambda c: c.objective or 0)
    else:
        order = {cid: i for i, cid in enumerate(catalog.CRITERIA)}
        controls.sort(key=lambda c: order[c.criteria[0]])
    _assign_ids(spec, controls)
    for c in controls:
        if c.tpl.key in exc_by_key:
            c.exception = exc_by_key[c.tpl.key]
        if c.tpl.key in spec.not_tested:
            if c.tpl.nonoccur is None:
                raise ValueError(f"{spec.name}: {c.tpl.key} cannot be a non-occurring control")
            c.not_tested = True
    return controls


def _assign_ids(spec: ReportSpec, controls: list[Control]) -> None:
    counters: dict[str, int] = {}
    for i, c in enumerate(controls, start=1):
        if spec.kind == "soc1":
            k = counters[str(c.objective)] = counters.get(str(c.objective), 0) + 1
            if spec.id_style == "domain":
                key = c.tpl.domain
                k = counters[key] = counters.get(key, 0) + 1
                c.cid = c.label_id = f"{key}-{k}"
            else:
                c.cid = c.label_id = f"{c.objective}.{k}"
            continue
        style = spec.id_style
        if style in ("domain", "domain_spaced"):
            key = c.tpl.domain
            k = counters[key] = counters.get(key, 0) + 1
            c.label_id = f"{key}-{k}"
            c.cid = f"{key} - {k}" if style == "domain_spaced" else c.label_id
        elif style == "criterion_seq":
            key = c.criteria[0]
            k = counters[key] = counters.get(key, 0) + 1
            c.cid = c.label_id = f"{key}-{k:02d}"
        elif style == "numeric":
            c.cid = c.label_id = f"C-{100 + i}"
        elif style == "none":
            c.cid = c.label_id = None
        else:
            raise ValueError(style)


def _default_response(rng: random.Random) -> str:
    return rng.choice(wording.MANAGEMENT_RESPONSES)


# --------------------------------------------------------------------------------------
# document context


@dataclass
class Ctx:
    spec: ReportSpec
    st: FirmStyle
    controls: list[Control]
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_narrow: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle

    @property
    def so(self) -> str:
        return self.spec.service_org

    @property
    def short(self) -> str:
        return self.spec.service_org_short

    @property
    def sys(self) -> str:
        return self.spec.system_name

    def d(self, day: dt.date) -> str:
        return fmt_date(day, self.st.date_fmt)

    @property
    def footnote(self) -> str:
        return "<super>1</super>" if "footnote_years" in self.spec.traps else ""

    def period(self, *, title: bool = False, markup: bool = True) -> str:
        """The period phrase (type 2 / SOC 3) or the as-of phrase (type 1)."""
        sp, st = self.spec, self.st
        end = self.d(sp.period_end) + (self.footnote if markup else "")
        if sp.type == "type1":
            return (st.title_as_of if title else st.as_of).format(end=end)
        assert sp.period_start is not None
        start = self.d(sp.period_start)
        return (st.title_period_t2 if title else st.period_t2).format(start=start, end=end)

    def cats(self, *, title_case: bool = False) -> str:
        names = [CATEGORY_TITLE[c] for c in self.spec.categories]
        if not title_case:
            names = [n.lower() for n in names]
        if len(names) == 1:
            return names[0]
        if len(names) == 2:
            return f"{names[0]} and {names[1]}"
        return ", ".join(names[:-1]) + (", and " if self.st.oxford else " and ") + names[-1]

    @property
    def pagesize(self) -> tuple[float, float]:
        return A4 if self.st.pagesize == "a4" else LETTER

    @property
    def frame_w(self) -> float:
        return self.pagesize[0] - 108

    @property
    def tests_frame_w(self) -> float:
        if self.st.landscape_tests:
            return landscape(self.pagesize)[0] - 108
        return self.frame_w

    def header_dates(self) -> str:
        sp = self.spec
        if sp.type == "type1" or sp.period_start is None:
            return f"As of {self.d(sp.period_end)}"
        return f"{self.d(sp.period_start)} \u2013 {self.d(sp.period_end)}"

    @property
    def kind_num(self) -> str:
        return {"soc1": "1", "soc2": "2", "soc3": "3"}[self.spec.kind]

    @property
    def type_word(self) -> str:
        return {"type1": "Type 1", "type2": "Type 2", None: ""}[self.spec.type]

    @property
    def we(self) -> str:
        return "I" if self.spec.auditor_is_individual else "we"

    @property
    def our(self) -> str:
        return "my" if self.spec.auditor_is_individual else "our"

    def exceptions(self) -> list[Control]:
        return [c for c in self.controls if c.exception is not None]

    def ref(self, c: Control) -> str:
        if c.cid:
            return c.cid
        return ", ".join(c.criteria)


def _styles(st: FirmStyle, spec: ReportSpec) -> dict[str, ParagraphStyle]:
    accent = colors.HexColor(st.accent)
    base = 10.5 if st.font.startswith("Times") else 9.5
    body = ParagraphStyle(
        "body", fontName=st.font, fontSize=base, leading=base * 1.32, spaceAfter=6
    )
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=base - 2, leading=(base - 2) * 1.3),
        "cell": ParagraphStyle("cell", parent=body, fontSize=7.8, leading=9.6, spaceAfter=0),
        "cell_narrow": ParagraphStyle(
            "celln", parent=body, fontSize=7.8, leading=9.6, spaceAfter=0
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=body,
            fontName=st.bold,
            fontSize=base + 5,
            leading=(base + 5) * 1.25,
            textColor=accent,
            spaceBefore=6,
            spaceAfter=10,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=st.bold,
            fontSize=base + 1.5,
            leading=(base + 1.5) * 1.3,
            textColor=accent,
            spaceBefore=8,
            spaceAfter=5,
        ),
        "h3": ParagraphStyle(
            "h3", parent=body, fontName=st.bold, fontSize=base, spaceBefore=4, spaceAfter=3
        ),
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=st.bold,
            fontSize=20,
            leading=26,
            alignment=TA_CENTER,
            textColor=accent,
            spaceAfter=14,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, fontSize=12.5, leading=17, alignment=TA_CENTER, spaceAfter=10
        ),
    }


def P(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped)."""
    return Paragraph(escape(text), style)


def M(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of reportlab markup (the caller escapes dynamic text)."""
    return Paragraph(markup, style)


class Mark(Flowable):
    """Zero-size flowable that records the page a section starts on."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class GluedParagraph(Flowable):
    """A paragraph whose words are drawn one by one, 0.2 em apart, with no space characters:
    it reads normally but text extractors glue the words ("Wehaveexamined")."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.words = text.split()
        self.style = style
        self.lines: list[list[str]] = []

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        st = self.style
        gap = st.fontSize * 0.2
        self.lines, line, width = [], [], 0.0
        for w in self.words:
            ww = stringWidth(w, st.fontName, st.fontSize)
            if line and width + gap + ww > aw:
                self.lines.append(line)
                line, width = [], 0.0
            width += (gap if line else 0) + ww
            line.append(w)
        if line:
            self.lines.append(line)
        self.width = aw
        self.height = len(self.lines) * st.leading + st.spaceAfter
        return aw, self.height

    def draw(self) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        st = self.style
        gap = st.fontSize * 0.2
        self.canv.setFont(st.fontName, st.fontSize)
        y = self.height - st.spaceAfter - st.fontSize
        for line in self.lines:
            x = 0.0
            for w in line:
                self.canv.drawString(x, y, w)
                x += stringWidth(w, st.fontName, st.fontSize) + gap
            y -= st.leading


def _plain(markup: str) -> str:
    from xml.sax.saxutils import unescape

    return unescape(re.sub(r"<[^>]+>", "", markup))


def _signature_image(name: str) -> Flowable:
    """The firm's signature as a picture (a script-like rendering of its name)."""
    import io

    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont
    from reportlab.platypus import Image

    try:
        font: Any = ImageFont.load_default(size=34)
    except TypeError:  # Pillow without FreeType
        font = ImageFont.load_default()
    img = PILImage.new("L", (900, 70), 255)
    draw = ImageDraw.Draw(img)
    draw.text((6, 10), name, fill=20, font=font)
    draw.line((6, 60, 600, 58), fill=60, width=2)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    flow = Image(buf, width=270, height=21)
    flow.hAlign = "LEFT"
    return flow


class _Doc(BaseDocTemplate):
    def __init__(self, path: str, ctx: Ctx, **kw: Any) -> None:
        super().__init__(
            path,
            pagesize=ctx.pagesize,
            leftMargin=54,
            rightMargin=54,
            topMargin=66,
            bottomMargin=60,
            **kw,
        )
        self.ctx = ctx
        self.marks: dict[str, int] = {}
        w, h = ctx.pagesize
        frame = Frame(54, 60, w - 108, h - 126, id="body")
        lw, lh = landscape(ctx.pagesize)
        lframe = Frame(54, 60, lw - 108, lh - 126, id="wide")
        self.addPageTemplates(
            [
                PageTemplate("page", [frame], onPage=_decorate, pagesize=ctx.pagesize),
                PageTemplate("landscape", [lframe], onPage=_decorate, pagesize=(lw, lh)),
            ]
        )

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Mark):
            self.marks.setdefault(flowable.name, self.page)


def _decorate(canvas: Any, doc: _Doc) -> None:
    ctx = doc.ctx
    sp, st = ctx.spec, ctx.st
    canvas.saveState()
    w, h = canvas._pagesize
    page = canvas.getPageNumber()
    if "watermark" in sp.traps and page > 1:
        canvas.setFillColor(colors.Color(0.85, 0.85, 0.85))
        canvas.setFont(st.bold, 60)
        canvas.translate(w / 2, h / 2)
        canvas.rotate(40)
        canvas.drawCentredString(0, 0, "CONFIDENTIAL")
        canvas.rotate(-40)
        canvas.translate(-w / 2, -h / 2)
    canvas.setFillColor(colors.HexColor("#555555"))
    canvas.setFont(st.font, 7.5)
    if "banner" in sp.traps:
        canvas.drawCentredString(
            w / 2,
            h - 24,
            "CONFIDENTIAL AND PROPRIETARY — NOT FOR DISTRIBUTION BEYOND THE INTENDED USERS",
        )
    if page > 1:
        if sp.kind == "soc3" and "soc3_footer_leftover" in sp.traps:
            running = f"{ctx.so} | SOC 2 Type 2 Report"
        elif sp.kind == "soc3":
            running = f"{ctx.so} | SOC 3 Report"
        else:
            running = f"{ctx.so} | SOC {ctx.kind_num} {ctx.type_word} Report"
        if st.header_period:
            running += f" | {ctx.header_dates()}"
        canvas.drawString(54, h - 40, running)
        canvas.line(54, h - 44, w - 54, h - 44)
        foot = wording.footer_text(ctx)
        canvas.drawString(54, 34, foot)
        canvas.drawRightString(w - 54, 34, f"Page {page}")
    canvas.restoreState()


# --------------------------------------------------------------------------------------
# sections


def _title_page(ctx: Ctx) -> list[Flowable]:
    sp, st = ctx.spec, ctx.st
    out: list[Flowable] = [Spacer(1, 90)]
    kind_title = st.report_title_kind.format(kind=ctx.kind_num, type_word=ctx.type_word)
    kind_title = re.sub(r"\s+", " ", kind_title).strip()
    out.append(P(ctx.so, ctx.title))
    out.append(P(kind_title, ctx.subtitle))
    out.append(Spacer(1, 10))
    out.append(M(escape(wording.report_subject(ctx)), ctx.subtitle))
    out.append(M(ctx.period(title=True), ctx.subtitle))
    if "isae3000" in sp.traps:
        std = "ISAE 3402" if sp.kind == "soc1" else "ISAE 3000 (Revised)"
        out.append(
            P(f"Prepared in accordance with AICPA attestation standards and {std}", ctx.subtitle)
        )
    out.append(Spacer(1, 120))
    if st.key in ("platform", "boutique", "midtier"):
        out.append(P(f"Prepared by: {sp.auditor}", ctx.body))
    elif "signature_image" in sp.traps:
        out.append(P(f"Examination performed by {sp.auditor}", ctx.body))
    out.append(P(wording.title_page_notice(ctx), ctx.small))
    out.append(PageBreak())
    return out


def _toc(ctx: Ctx, order: list[tuple[str, str]]) -> list[Flowable]:
    out: list[Flowable] = [P("Table of Contents", ctx.h1)]
    rows = [[P(label, ctx.body), P(title, ctx.body)] for label, title in order]
    t = Table(rows, colWidths=_fit(ctx, [90, 380]))
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out.append(t)
    if ctx.st.exec_summary and ctx.spec.kind != "soc3":
        out += _exec_summary(ctx)
    out.append(PageBreak())
    return out


def _exec_summary(ctx: Ctx) -> list[Flowable]:
    sp = ctx.spec
    opinion_word = {
        "unqualified": "Unqualified",
        "qualified": "Qualified",
        "adverse": "Adverse",
        "disclaimer": "Disclaimer of Opinion",
    }[sp.opinion]
    excs = ctx.exceptions()
    rows = [
        ["Report type", f"SOC {ctx.kind_num} {ctx.type_word}"],
        ["Review period" if sp.type == "type2" else "As-of date", ctx.period(markup=False)],
        ["Service organization", ctx.so],
        ["Service auditor", sp.auditor],
        ["Opinion Result", opinion_word],
    ]
    if sp.type == "type2":
        rows.append(["Testing Exceptions", str(len(excs))])
    if sp.kind == "soc2":
        rows.append(["Trust Services Categories", ctx.cats(title_case=True)])
    data = [[P(a, ctx.cell), P(b, ctx.cell)] for a, b in rows]
    t = Table(data, colWidths=_fit(ctx, [150, 330]))
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#EEEEEE")),
            ]
        )
    )
    return [Spacer(1, 14), P("Executive Summary", ctx.h2), t]


def _exception_summary(ctx: Ctx) -> list[Flowable]:
    excs = ctx.exceptions()
    if not excs:
        return []
    word = "Deviations" if ctx.spec.kind == "soc1" else "Exceptions"
    out: list[Flowable] = [
        P(f"Summary of Testing {word}", ctx.h2),
        P(
            f"The following {len(excs)} control(s) had {word.lower()} "
            "noted during testing. Details are provided in the test "
            "results below and in Section V.",
            ctx.body,
        ),
    ]
    data = [[P("Control", ctx.cell), P("Criteria", ctx.cell), P(word[:-1], ctx.cell)]]
    for c in excs:
        data.append(
            [
                P(ctx.ref(c) if c.cid else "—", ctx.cell),
                P(", ".join(c.criteria) or f"Objective {c.objective}", ctx.cell),
                P(c.description or "", ctx.cell),
            ]
        )
    t = Table(data, colWidths=_fit(ctx, [60, 80, 364]), repeatRows=1)
    t.setStyle(_grid(ctx))
    out.append(t)
    return out


def _fit(ctx: Ctx, widths: list[float], limit: float | None = None) -> list[float]:
    """Scale column widths down to the frame (A4 is narrower than Letter)."""
    limit = ctx.frame_w if limit is None else limit
    total = sum(widths)
    if total <= limit:
        return widths
    return [w * limit / total for w in widths]


def _grid(ctx: Ctx) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(ctx.st.accent)),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
    )


def _auditor_report(ctx: Ctx) -> list[Flowable]:
    out: list[Flowable] = [Mark("opinion")]
    for kind, text in wording.auditor_report(ctx):
        if kind == "h1":
            out.append(P(text, ctx.h1))
        elif kind == "h3":
            out.append(CondPageBreak(60))
            out.append(P(text, ctx.h3))
        elif kind == "opinion":
            out.append(M(text, ParagraphStyle("opinion", parent=ctx.body, autoLeading="max")))
        elif kind == "item":
            out.append(M(text, ParagraphStyle("item", parent=ctx.body, leftIndent=18)))
        elif kind == "sig":
            out.append(M(text, ParagraphStyle("sig", parent=ctx.body, spaceBefore=10)))
        elif kind == "sigimg":
            out.append(_signature_image(text))
        elif kind == "scope":
            if "glued_words" in ctx.spec.traps:
                out.append(GluedParagraph(_plain(text), ctx.body))
            else:
                out.append(M(text, ctx.body))
        elif kind == "foot":
            out.append(M(text, ctx.small))
        else:
            out.append(M(text, ctx.body))
    out.append(PageBreak())
    return out


def _assertion(ctx: Ctx) -> list[Flowable]:
    out: list[Flowable] = [Mark("assertion")]
    for kind, text in wording.assertion(ctx):
        style = {
            "h1": ctx.h1,
            "h3": ctx.h3,
            "item": ParagraphStyle("aitem", parent=ctx.body, leftIndent=18),
        }.get(kind, ctx.body)
        out.append(M(text, style))
    out.append(PageBreak())
    return out


def _description(ctx: Ctx) -> list[Flowable]:
    sp = ctx.spec
    out: list[Flowable] = [Mark("description")]
    for kind, text in wording.description(ctx):
        if kind in ("h1", "h2", "h3"):
            out.append(P(text, getattr(ctx, kind)))
        else:
            out.append(M(text, ctx.body))
    if sp.subservice:
        out += _csoc_table(ctx)
    if sp.cuec_count:
        out += _cuec_table(ctx)
    elif sp.cuec_count == 0 and sp.kind != "soc3":
        out.append(P("Complementary User Entity Controls", ctx.h2))
        out.append(
            P(
                f"{ctx.short}'s controls were designed with the assumption that no "
                "complementary user entity controls are necessary to achieve the "
                "applicable criteria.",
                ctx.body,
            )
        )
    out.append(PageBreak())
    return out


def _csoc_table(ctx: Ctx) -> list[Flowable]:
    carve = [s for s in ctx.spec.subservice if s.method == "carve-out"]
    if not carve or ctx.spec.kind == "soc3":
        return []
    out: list[Flowable] = [
        P("Complementary Subservice Organization Controls", ctx.h2),
        P(
            f"{ctx.short}'s controls were designed with the assumption "
            "that the following controls would be implemented by its "
            "subservice organizations.",
            ctx.body,
        ),
    ]
    data = [[P("Subservice Organization", ctx.cell), P("Expected Control", ctx.cell)]]
    for s in carve:
        printed = _sub_printed(s.name)
        for txt in (
            "Physical access to data center facilities is restricted to authorized personnel.",
            "Environmental protections (fire suppression, UPS, HVAC) are installed and monitored.",
        ):
            data.append([P(printed, ctx.cell), P(txt, ctx.cell)])
    t = Table(data, colWidths=_fit(ctx, [150, 354]), repeatRows=1)
    t.setStyle(_grid(ctx))
    return [*out, t, Spacer(1, 8)]


def _cuec_table(ctx: Ctx) -> list[Flowable]:
    n = ctx.spec.cuec_count or 0
    rng = random.Random(f"{ctx.spec.seed}-cuec")
    texts = list(catalog.CUEC_TEXTS)
    rng.shuffle(texts)
    chosen = [texts[i % len(texts)] for i in range(n)]
    out: list[Flowable] = [
        CondPageBreak(120),
        P("Complementary User Entity Controls", ctx.h2),
        P(
            f"{ctx.short}'s controls were designed with the assumption "
            "that certain controls would be implemented by user entities. "
            + (
                f"The {wording.spell_count(n)} complementary user entity "
                if ctx.st.key in ("classic", "boutique")
                else "The complementary user entity "
            )
            + "controls below should not be regarded as a comprehensive "
            "list of all controls user entities should employ.",
            ctx.body,
        ),
    ]
    crit_pool = ["CC6.1", "CC6.2", "CC2.3", "CC7.3", "CC8.1"]
    if ctx.spec.kind == "soc1":
        data = [
            [
                P("#", ctx.cell),
                P("Complementary User Entity Control", ctx.cell),
                P("Control Objective", ctx.cell),
            ]
        ]
        for i, txt in enumerate(chosen, 1):
            data.append(
                [
                    P(str(i), ctx.cell),
                    P(txt, ctx.cell),
                    P(str(1 + i % len(catalog.SOC1_OBJECTIVES)), ctx.cell),
                ]
            )
    else:
        data = [
            [
                P("#", ctx.cell),
                P("Complementary User Entity Control", ctx.cell),
                P("Related Criteria", ctx.cell),
            ]
        ]
        for i, txt in enumerate(chosen, 1):
            data.append(
                [P(str(i), ctx.cell), P(txt, ctx.cell), P(crit_pool[i % len(crit_pool)], ctx.cell)]
            )
    t = Table(data, colWidths=_fit(ctx, [24, 380, 100]), repeatRows=1)
    t.setStyle(_grid(ctx))
    out.append(t)
    return out


def _sub_printed(name: str) -> str:
    for canon, printed, _ in catalog.SUBSERVICE_ORGS:
        if canon == name:
            return printed
    return name


def _result_cell(ctx: Ctx, c: Control) -> str:
    st, sp = ctx.st, ctx.spec
    if c.not_tested:
        return st.nonoccur_cell.format(why=c.tpl.nonoccur)
    if c.exception is None:
        return st.pass_cell_soc1 if sp.kind == "soc1" else st.pass_cell
    tmpl = st.exception_cell_soc1 if sp.kind == "soc1" else st.exception_cell
    detail = c.description or ""
    if "{detail}" in tmpl:
        # "We noted that for 2 of 25 ..." reads with a lower-case start
        if tmpl.rstrip().endswith("that {detail}"):
            detail = detail[0].lower() + detail[1:]
        return tmpl.format(detail=detail)
    return tmpl


def _tests_section(ctx: Ctx) -> list[Flowable]:
    sp, st = ctx.spec, ctx.st
    out: list[Flowable] = [Mark("tests")]
    for kind, text in wording.tests_intro(ctx):
        out.append(M(text, getattr(ctx, kind) if kind in ("h1", "h2", "h3") else ctx.body))
    if "exception_summary" in sp.traps and sp.type == "type2":
        out += _exception_summary(ctx)
    if sp.kind == "soc1":
        out += _soc1_tables(ctx)
    elif st.layout == "by_criterion" or sp.id_style == "none":
        out += _by_criterion_tables(ctx)
    else:
        out += _by_control_tables(ctx)
    if "extra_frameworks" in sp.traps:
        out += _framework_appendix(ctx)
    out.append(PageBreak())
    return out


def _row(ctx: Ctx, c: Control, *, with_criteria: bool, extra_col: bool) -> list[Any]:
    cell = ctx.cell
    res_style = ctx.cell
    row: list[Any] = [P(c.cid or "", cell), P(c.activity, cell)]
    if with_criteria:
        row.append(P(", ".join(c.criteria), cell))
    if extra_col:
        row.append(P(wording.framework_refs(c), cell))
    if ctx.spec.type == "type2":
        test = c.test
        if "split_rows" in ctx.spec.traps and c.exception is not None:
            test = test + " " + wording.LONG_TEST_TAIL
        result = escape(_result_cell(ctx, c))
        if "response_inline" in ctx.spec.traps and c.exception and c.exception.response:
            result += f"<br/><i>Management's response:</i> {escape(c.exception.response)}"
        row += [P(test, cell), M(result, res_style)]
    return row


def _widths(ctx: Ctx, *, with_criteria: bool, extra_col: bool) -> list[float]:
    t2 = ctx.spec.type == "type2"
    narrow = ctx.st.narrow_results
    cols: list[float] = [52]
    if t2:
        act, test, res = (196, 214, 42) if narrow else (170, 180, 100)
    else:
        act, test, res = 452, 0, 0
    crit = 48 if with_criteria else 0
    ext = 62 if extra_col else 0
    take = crit + ext
    if t2:
        act -= take * 0.5
        test -= take * 0.5
        cols.append(act)
    else:
        cols.append(act - take)
    if with_criteria:
        cols.append(crit)
    if extra_col:
        cols.append(ext)
    if t2:
        cols += [test, res]
    extra = ctx.tests_frame_w - sum(cols)
    if extra > 0 and ctx.st.landscape_tests:
        # landscape pages: the text columns take the extra width
        grow = [1, len(cols) - 2] if t2 else [1]
        for i in grow:
            cols[i] += extra / len(grow)
    return cols


def _header(ctx: Ctx, *, with_criteria: bool, extra_col: bool) -> list[Any]:
    h = ctx.st.headers_t2 if ctx.spec.type == "type2" else ctx.st.headers_t1
    hs = ParagraphStyle("hdr", parent=ctx.cell, fontName=ctx.st.bold, textColor=colors.white)
    row = [P(h[0], hs), P(h[1], hs)]
    if with_criteria:
        row.append(P("Criteria" if ctx.spec.kind == "soc2" else "Objective", hs))
    if extra_col:
        row.append(P("ISO 27001 / CSA CCM", hs))
    if ctx.spec.type == "type2":
        row += [P(h[2], hs), P(h[3], hs)]
    return row


def _table(ctx: Ctx, data: list[list[Any]], widths: list[float], spans: list[int]) -> Table:
    t = Table(data, colWidths=_fit(ctx, widths, ctx.tests_frame_w), repeatRows=1, splitInRow=1)
    style = _grid(ctx)
    for r in spans:
        style.add("SPAN", (0, r), (-1, r))
        style.add("BACKGROUND", (0, r), (-1, r), colors.HexColor("#E8ECF2"))
    t.setStyle(style)
    return t


def _details_after(ctx: Ctx, controls: Iterable[Control]) -> list[Flowable]:
    if not ctx.st.detail_separate or ctx.spec.type != "type2":
        return []
    out: list[Flowable] = []
    for c in controls:
        if c.exception is None:
            continue
        head = f"{ctx.st.detail_heading} \u2013 {ctx.ref(c)}"
        out.append(KeepTogether([P(head, ctx.h3), P(c.description or "", ctx.body)]))
    return out


def _by_criterion_tables(ctx: Ctx) -> list[Flowable]:
    out: list[Flowable] = []
    series: dict[str, list[str]] = {}
    for cid in catalog.CRITERIA:
        if catalog.criterion_category(cid) in ctx.spec.categories:
            series.setdefault(catalog.criterion_series(cid), []).append(cid)
    extra_col = False
    widths = _widths(ctx, with_criteria=False, extra_col=extra_col)
    for ser, crits in series.items():
        data = [_header(ctx, with_criteria=False, extra_col=extra_col)]
        spans: list[int] = []
        shown: list[Control] = []
        for crit in crits:
            rows = [c for c in ctx.controls if crit in c.criteria]
            if not rows:
                continue
            spans.append(len(data))
            data.append(
                [P(f"{crit}: {catalog.CRITERIA[crit]}", ctx.cell)] + [""] * (len(widths) - 1)
            )
            for c in rows:
                data.append(_row(ctx, c, with_criteria=False, extra_col=extra_col))
                if c not in shown:
                    shown.append(c)
        if len(data) == 1:
            continue
        out.append(CondPageBreak(140))
        out.append(P(f"{ser} — {catalog.SERIES_TITLE[ser]}", ctx.h2))
        out.append(_table(ctx, data, widths, spans))
        out += _details_after(ctx, shown)
        out.append(Spacer(1, 10))
    return out


def _by_control_tables(ctx: Ctx) -> list[Flowable]:
    out: list[Flowable] = []
    extra_col = "extra_frameworks" in ctx.spec.traps
    widths = _widths(ctx, with_criteria=True, extra_col=extra_col)
    groups: dict[str, list[Control]] = {}
    for c in ctx.controls:
        groups.setdefault(catalog.criterion_series(c.criteria[0]), []).append(c)
    for ser, rows in groups.items():
        data = [_header(ctx, with_criteria=True, extra_col=extra_col)]
        data += [_row(ctx, c, with_criteria=True, extra_col=extra_col) for c in rows]
        out.append(CondPageBreak(140))
        out.append(P(f"{catalog.SERIES_TITLE[ser]} ({ser})", ctx.h2))
        out.append(_table(ctx, data, widths, []))
        out += _details_after(ctx, rows)
        out.append(Spacer(1, 10))
    return out


def _soc1_tables(ctx: Ctx) -> list[Flowable]:
    out: list[Flowable] = []
    widths = _widths(ctx, with_criteria=False, extra_col=False)
    for n, objective in enumerate(catalog.SOC1_OBJECTIVES, start=1):
        rows = [c for c in ctx.controls if c.objective == n]
        if not rows:
            continue
        data = [_header(ctx, with_criteria=False, extra_col=False)]
        data += [_row(ctx, c, with_criteria=False, extra_col=False) for c in rows]
        out.append(CondPageBreak(140))
        out.append(P(f"Control Objective {n}", ctx.h2))
        out.append(P(objective, ctx.body))
        out.append(_table(ctx, data, widths, []))
        out += _details_after(ctx, rows)
        out.append(Spacer(1, 10))
    return out


def _framework_appendix(ctx: Ctx) -> list[Flowable]:
    out: list[Flowable] = [
        CondPageBreak(200),
        P("Mapping to Additional Frameworks", ctx.h2),
        P(wording.FRAMEWORK_INTRO, ctx.body),
    ]
    data = [
        [
            P("Control", ctx.cell),
            P("ISO/IEC 27001:2022 Annex A", ctx.cell),
            P("CSA CCM v4 Domain", ctx.cell),
        ]
    ]
    for c in ctx.controls[:40]:
        iso, ccm = wording.framework_pair(c)
        data.append([P(ctx.ref(c), ctx.cell), P(iso, ctx.cell), P(ccm, ctx.cell)])
    t = Table(data, colWidths=_fit(ctx, [90, 150, 264]), repeatRows=1)
    t.setStyle(_grid(ctx))
    out.append(t)
    return out


def _other_info(ctx: Ctx) -> list[Flowable]:
    out: list[Flowable] = [Mark("other")]
    for kind, text in wording.other_info(ctx):
        out.append(M(text, getattr(ctx, kind) if kind in ("h1", "h2", "h3") else ctx.body))
    responded = [c for c in ctx.exceptions() if c.exception and c.exception.response]
    if responded:
        data = [
            [
                P("Control", ctx.cell),
                P("Exception Noted", ctx.cell),
                P("Management's Response", ctx.cell),
            ]
        ]
        for c in responded:
            assert c.exception is not None
            data.append(
                [
                    P(ctx.ref(c), ctx.cell),
                    P(c.description or "", ctx.cell),
                    P(c.exception.response or "", ctx.cell),
                ]
            )
        t = Table(data, colWidths=_fit(ctx, [70, 200, 234]), repeatRows=1)
        t.setStyle(_grid(ctx))
        out.append(t)
    if "bridge_letter" in ctx.spec.traps:
        out.append(PageBreak())
        for kind, text in wording.bridge_letter(ctx):
            out.append(M(text, getattr(ctx, kind) if kind in ("h1", "h2", "h3") else ctx.body))
    return out


# --------------------------------------------------------------------------------------
# building


def _exception_descriptions(ctx: Ctx) -> None:
    for c in ctx.controls:
        e = c.exception
        if e is None:
            continue
        if e.design:
            c.description = wording.design_exception_text(ctx, c)
            continue
        if e.deviations is not None and e.sample_size is not None:
            c.description = (
                f"For {x_of_n(e.deviations, e.sample_size, ctx.st.xofn)} "
                f"{c.population}, {c.failure}."
            )
        else:
            f = c.failure
            c.description = f[0].upper() + f[1:] + "."


def _order(ctx: Ctx) -> list[tuple[str, str, Any]]:
    sp, st = ctx.spec, ctx.st
    assertion_first = st.assertion_first if sp.assertion_first is None else sp.assertion_first
    first = [
        ("assertion", wording.assertion_title(ctx), _assertion),
        ("opinion", wording.auditor_title(ctx), _auditor_report),
    ]
    if not assertion_first:
        first.reverse()
    parts = list(first)
    if sp.kind == "soc3":
        parts.append(
            (
                "description",
                "Attachment A \u2013 System Description and Principal Service Commitments",
                _description,
            )
        )
        return parts
    parts.append(("description", wording.description_title(ctx), _description))
    parts.append(("tests", wording.tests_title(ctx), _tests_section))
    if sp.type == "type2" or ctx.exceptions():
        parts.append(("other", f"Other Information Provided by {ctx.so}", _other_info))
    return parts


def _story(ctx: Ctx) -> list[Flowable]:
    parts = _order(ctx)
    labels = []
    for i, (_name, title, _fn) in enumerate(parts, start=1):
        lab = (
            f"Attachment {'AB'[i - 3]}"
            if ctx.spec.kind == "soc3" and i > 2
            else section_label(ctx.st, i)
        )
        labels.append((lab, title))
    story = _title_page(ctx) + _toc(ctx, labels)
    for (name, _title, fn), (lab, title) in zip(parts, labels, strict=True):
        body = fn(ctx)
        if name == "tests" and ctx.st.landscape_tests:
            # switch templates before the page break that ends the previous section
            story.insert(len(story) - 1, NextPageTemplate("landscape"))
            body.insert(len(body) - 1, NextPageTemplate("page"))
        heading = P(f"{lab}: {title}" if ctx.st.key != "boutique" else f"{lab} {title}", ctx.h1)
        story += [body[0], heading, *body[1:]] if isinstance(body[0], Mark) else [heading, *body]
    return story


def _make_ctx(spec: ReportSpec, controls: list[Control]) -> Ctx:
    st = STYLES[spec.style]
    s = _styles(st, spec)
    ctx = Ctx(
        spec,
        st,
        controls,
        s["body"],
        s["small"],
        s["cell"],
        s["cell_narrow"],
        s["h1"],
        s["h2"],
        s["h3"],
        s["title"],
        s["subtitle"],
    )
    _exception_descriptions(ctx)
    return ctx


def _render(spec: ReportSpec, controls: list[Control], path: Path) -> tuple[int, dict[str, int]]:
    ctx = _make_ctx(spec, controls)
    kw: dict[str, Any] = {
        "invariant": 1,
        "title": f"{spec.service_org} SOC report",
        "author": spec.auditor,
    }
    if spec.encrypt_owner and not spec.scanned:
        kw["encrypt"] = StandardEncryption(
            "", ownerPassword=OWNER_PASSWORD, canPrint=1, canModify=0, canCopy=0, canAnnotate=0
        )
    doc = _Doc(str(path), ctx, **kw)
    doc.build(_story(ctx))
    return doc.page, doc.marks


def _page_texts(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            out.append(re.sub(r"\s+", "", tp.get_text_range()))
            tp.close()
            page.close()
        return out
    finally:
        pdf.close()


def _locate_exceptions(
    texts: list[str], controls: list[Control], marks: dict[str, int], *, summary: bool
) -> None:
    """Set each exception's page: where the test results (or the basis paragraph, for a design
    exception) print it; a summary table ahead of the results is skipped."""
    excs = [c for c in controls if c.exception is not None]
    if not excs:
        return
    for c in excs:
        assert c.description is not None
        design = bool(c.exception and c.exception.design)
        start = marks.get("opinion", 1) if design else marks.get("tests", 1)
        needle = re.sub(r"\s+", "", c.description).lower()[:40]
        skip = 1 if summary and not design else 0
        for pno in range(start, len(texts) + 1):
            hits = texts[pno - 1].count(needle)
            if hits > skip:
                c.page = pno
                break
            skip -= hits


def _rasterise(src: Path, dst: Path, *, dpi: int = 110, bilevel: bool = False) -> int:
    """Write an image-only copy of `src` to `dst`: greyscale JPEG pages, or black and white
    (thresholded, Flate) pages when `bilevel` (much smaller for text pages)."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as rl_canvas

    pdf = pdfium.PdfDocument(str(src))
    c = rl_canvas.Canvas(str(dst), invariant=1)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(len(pdf)):
                page = pdf[i]
                pw, ph = page.get_size()
                c.setPageSize((pw, ph))
                img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
                page.close()
                if bilevel:
                    img = img.point(lambda v: 0 if v < 170 else 255)
                    c.drawImage(ImageReader(img), 0, 0, width=pw, height=ph)
                else:
                    # a distinct file name per page: reportlab caches images by name, and a
                    # file name makes it embed the JPEG as is (DCTDecode)
                    jpg = Path(tmp) / f"p{i}.jpg"
                    img.save(jpg, format="JPEG", quality=45, optimize=True)
                    c.drawImage(str(jpg), 0, 0, width=pw, height=ph)
                c.showPage()
            c.save()
        return len(pdf)
    finally:
        pdf.close()


def _plan(spec: ReportSpec, tmpdir: Path) -> list[Control]:
    """Controls for the spec, with enough padding controls to reach `pad_pages`."""
    controls = _build_controls(spec, 0)
    if not spec.pad_pages:
        return controls
    probe = tmpdir / "probe.pdf"
    probe_spec = dataclasses.replace(spec, encrypt_owner=False)
    base_pages, _ = _render(probe_spec, controls, probe)
    if base_pages >= spec.pad_pages:
        return controls
    guess = max(1, int((spec.pad_pages - base_pages) * 3.0))
    pages, _ = _render(probe_spec, _build_controls(spec, guess), probe)
    per_page = guess / max(1, pages - base_pages)
    extra = max(1, round((spec.pad_pages - base_pages) * per_page))
    return _build_controls(spec, extra)


def write_report(spec: ReportSpec, pdf_path: str | Path) -> dict[str, Any]:
    """Write the PDF for `spec` to `pdf_path`; return its label (also written beside it)."""
    pdf_path = Path(pdf_path)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        controls = _plan(spec, tmpdir)
        target = tmpdir / "text.pdf" if spec.scanned else pdf_path
        pages, marks = _render(spec, controls, target)
        texts = [t.lower() for t in _page_texts(target)]
        _locate_exceptions(
            texts,
            controls,
            marks,
            summary="exception_summary" in spec.traps and spec.type == "type2",
        )
        if spec.scanned:
            _rasterise(target, pdf_path, dpi=spec.scan_dpi, bilevel=spec.scan_bilevel)
    label = _label(spec, controls, pages, pdf_path)
    _self_check(spec, label, texts)
    label_path = pdf_path.with_name(pdf_path.name.removesuffix(".pdf") + ".expected.json")
    label_path.write_text(json.dumps(label, indent=2) + "\n")
    return label


def _self_check(spec: ReportSpec, label: dict[str, Any], texts: list[str]) -> None:
    """Refuse to write a label the document does not support (a generator bug)."""
    whole = "".join(texts)
    problems = []

    def squash(x: str) -> str:
        return re.sub(r"\s+", "", x).lower()

    for e in label["exceptions"]:
        if e["page"] is None:
            problems.append(f"exception {e['control_id'] or e['criteria']} not found in text")
        if e["control_id"] and squash(e["control_id"]) not in whole:
            spaced = squash(e["control_id"].replace("-", " - "))
            if spaced not in whole:
                problems.append(f"control id {e['control_id']} not printed")
    for f in ("service_organization", "system_name"):
        if squash(label[f]) not in whole:
            problems.append(f"{f} {label[f]!r} not printed")
    if spec.kind != "soc3" and spec.cuec_count and "complementaryuserentitycontrol" not in whole:
        problems.append("no CUEC table")
    if problems:
        raise AssertionError(f"{spec.name}: " + "; ".join(problems))


def _label(spec: ReportSpec, controls: list[Control], pages: int, path: Path) -> dict[str, Any]:
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    excs = []
    not_tested: list[str] = []
    if spec.kind != "soc3":
        for c in controls:
            if c.exception is not None and (spec.type == "type2" or c.exception.design):
                e = c.exception
                excs.append(
                    {
                        "control_id": c.label_id,
                        "criteria": list(c.criteria),
                        "description": c.description,
                        "deviations": e.deviations if not e.design else None,
                        "sample_size": e.sample_size if not e.design else None,
                        "management_response": e.response,
                        "page": c.page,
                    }
                )
            if c.not_tested and spec.type == "type2":
                if c.label_id:
                    not_tested.append(c.label_id)
                else:
                    not_tested += [x for x in c.criteria if x not in not_tested]
    label: dict[str, Any] = {
        "schema_version": 1,
        "source": {"sha256": sha, "pages": pages, "ocr_pages": pages if spec.scanned else 0},
        "report_kind": spec.kind,
        "report_type": spec.type,
        "period_start": spec.period_start.isoformat() if spec.period_start else None,
        "period_end": spec.period_end.isoformat(),
        "tsc_categories": [c for c in CATEGORY_ORDER if c in spec.categories]
        if spec.kind != "soc1"
        else [],
        "opinion": spec.opinion,
        "exceptions": excs,
        "not_tested_controls": not_tested,
        "service_organization": spec.service_org,
        "system_name": spec.system_name,
        "service_auditor": spec.auditor,
        "report_date": spec.report_date.isoformat(),
        "subservice_organizations": [{"name": s.name, "method": s.method} for s in spec.subservice],
        "complementary_user_entity_controls": spec.cuec_count if spec.kind != "soc3" else None,
        "warnings": ["ocr_used"] if spec.scanned else [],
        "corpus": {
            "style": spec.style,
            "traps": sorted(spec.traps),
            "id_style": spec.id_style,
            "encrypted_owner": spec.encrypt_owner,
            "scanned": spec.scanned,
        },
    }
    return label


def label_as_extraction(label: dict[str, Any]) -> Any:
    """Validate a label against the contract model (drops the corpus metadata)."""
    from vendor_core.reports.extraction import Extraction

    return Extraction.model_validate({k: v for k, v in label.items() if k != "corpus"})


# --------------------------------------------------------------------------------------
# the corpus


def _rand_period(rng: random.Random, *, year: int, months: int) -> tuple[dt.date, dt.date]:
    end_month = rng.choice([3, 6, 9, 12, 12, 12, 10])
    end = _month_end(year, end_month)
    start_month = end_month - months + 1
    start_year = year
    while start_month < 1:
        start_month += 12
        start_year -= 1
    return dt.date(start_year, start_month, 1), end


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


CATEGORY_SETS = (
    ("security",),
    ("security", "availability"),
    ("security", "availability", "confidentiality"),
    ("security", "confidentiality"),
    ("security", "availability", "processing_integrity"),
    ("security", "availability", "confidentiality", "privacy"),
    ("security", "availability", "processing_integrity", "confidentiality", "privacy"),
    ("security", "privacy"),
)

ID_STYLES = ("domain", "domain_spaced", "criterion_seq", "numeric", "none")

# (kind, type, opinion) cycle that covers every combination the corpus must have.
_PLAN: tuple[tuple[str, str | None, str], ...] = (
    ("soc1", "type1", "qualified"),
    ("soc2", "type1", "adverse"),
    ("soc2", "type2", "unqualified"),
    ("soc2", "type2", "qualified"),
    ("soc2", "type1", "unqualified"),
    ("soc1", "type2", "unqualified"),
    ("soc3", None, "unqualified"),
    ("soc2", "type2", "adverse"),
    ("soc1", "type1", "unqualified"),
    ("soc2", "type2", "disclaimer"),
    ("soc1", "type2", "qualified"),
    ("soc2", "type2", "unqualified"),
    ("soc2", "type1", "qualified"),
    ("soc3", None, "qualified"),
    ("soc1", "type2", "adverse"),
    ("soc2", "type2", "unqualified"),
    ("soc1", "type2", "disclaimer"),
    ("soc2", "type2", "qualified"),
)


def _pick_exceptions(
    rng: random.Random,
    ctrl_keys: list[ControlTemplate],
    n: int,
    *,
    opinion: str,
    type_: str,
    id_style: str,
) -> list[ExceptionSpec]:
    pool = [t for t in ctrl_keys]
    rng.shuffle(pool)
    chosen: list[ControlTemplate] = []
    seen_crit: set[tuple[str, ...]] = set()
    for t in pool:
        if len(chosen) >= n:
            break
        if id_style == "none" and t.criteria in seen_crit:
            continue
        seen_crit.add(t.criteria)
        chosen.append(t)
    out = []
    for i, t in enumerate(chosen):
        if type_ == "type1":
            out.append(
                ExceptionSpec(
                    t.key,
                    design=True,
                    material=True,
                    response=_default_response(rng) if rng.random() < 0.6 else None,
                )
            )
            continue
        size = rng.choice(t.sample_sizes)
        if size == 1:
            devs: int | None = None
            sample: int | None = None
        else:
            devs = rng.randint(1, max(1, min(size - 1, size // 6 + 1)))
            sample = size
        material = opinion in ("qualified", "adverse") and i < (1 if opinion == "qualified" else 2)
        out.append(
            ExceptionSpec(
                t.key,
                devs,
                sample,
                response=_default_response(rng) if rng.random() < 0.75 else None,
                material=material,
            )
        )
    return out


def corpus_specs(seed: int = 0, n: int = 48) -> list[ReportSpec]:
    """`n` varied report specs, the same for the same seed."""
    specs: list[ReportSpec] = []
    style_keys = list(STYLES)
    for i in range(n):
        kind, type_, opinion = _PLAN[i % len(_PLAN)]
        style = style_keys[i % len(style_keys)]  # 7 styles x 16 plan rows: decoupled
        r = random.Random(f"{seed}-{i}")
        legacy = style == "legacy"
        year = r.choice([2015, 2016]) if legacy else r.choice([2023, 2024, 2025])
        months = r.choice([3, 6, 6, 12, 12, 12, 9])
        start, end = _rand_period(r, year=year, months=months)
        if type_ == "type1":
            start = None
        report_date = end + dt.timedelta(days=r.randint(18, 95))
        org, short, system = catalog.SERVICE_ORGS[(i * 5 + seed) % len(catalog.SERVICE_ORGS)]
        if style == "platform" or (r.random() < 0.12 and style != "legacy"):
            auditor, city = catalog.INDIVIDUAL_CPAS[i % len(catalog.INDIVIDUAL_CPAS)]
            individual = True
        else:
            auditor, city = catalog.FIRMS[(i + seed) % len(catalog.FIRMS)]
            individual = False
        categories: tuple[str, ...] = ()
        if kind != "soc1":
            categories = CATEGORY_SETS[r.randrange(len(CATEGORY_SETS))]
            if legacy:
                categories = categories[:2]
        id_style = (
            "domain"
            if kind == "soc1" and r.random() < 0.3
            else ("objective" if kind == "soc1" else ID_STYLES[r.randrange(len(ID_STYLES))])
        )
        if kind == "soc1":
            templates = list(catalog.SOC1_CONTROLS)
        else:
            templates = [t for t in catalog.SOC2_CONTROLS if _in_scope(t.criteria, categories)]
        n_exc = 0
        if kind != "soc3":
            if type_ == "type2":
                n_exc = r.choice([0, 0, 1, 1, 2, 3, 4, 6])
                if opinion in ("qualified", "adverse"):
                    n_exc = max(n_exc, 1 if opinion == "qualified" else 2)
            elif opinion in ("qualified", "adverse"):
                n_exc = 1
        exceptions = _pick_exceptions(
            r, templates, n_exc, opinion=opinion, type_=type_ or "", id_style=id_style
        )
        exc_keys = {e.control for e in exceptions}
        not_tested: list[str] = []
        if type_ == "type2":
            candidates = [t.key for t in templates if t.nonoccur and t.key not in exc_keys]
            r.shuffle(candidates)
            not_tested = candidates[: r.choice([0, 1, 1, 2])]
        subs = []
        for j in r.sample(range(len(catalog.SUBSERVICE_ORGS)), r.choice([0, 1, 1, 2, 3])):
            subs.append(
                SubserviceSpec(
                    catalog.SUBSERVICE_ORGS[j][0], "inclusive" if r.random() < 0.2 else "carve-out"
                )
            )
        cuec: int | None = None if kind == "soc3" else r.choice([0, 4, 6, 8, 9, 12, 14])
        traps = set(
            r.sample(
                sorted(TRAPS - {"soc3_footer_leftover", "type1_tests_mention", "isae3000"}),
                r.randint(1, 4),
            )
        )
        if kind == "soc3" and r.random() < 0.6:
            traps.add("soc3_footer_leftover")
        if type_ == "type1":
            traps.add("type1_tests_mention")
        if style == "international":
            traps.add("isae3000")
        if type_ == "type2" and r.random() < 0.5:
            traps.add("as_of_in_type2")
        if type_ != "type2":
            traps.discard("bridge_letter")
            traps.discard("as_of_in_type2")
            traps.discard("exception_summary")
            traps.discard("split_rows")
        if kind == "soc1":
            traps.discard("extra_frameworks")
            traps.discard("not_applicable_categories")
        # keep reports readable: the rotated watermark only on a few
        if "watermark" in traps and i % 3:
            traps.discard("watermark")
        # glued words are the harshest text-layer defect: a handful of reports only
        if "glued_words" in traps and i % 4 != 1:
            traps.discard("glued_words")
        spec = ReportSpec(
            name=f"r{i:02d}_{kind}_{type_ or 'na'}_{opinion}_{style}",
            kind=kind,
            type=type_,
            period_start=start,
            period_end=end,
            report_date=report_date,
            categories=categories,
            opinion=opinion,
            exceptions=exceptions,
            not_tested=not_tested,
            service_org=org,
            service_org_short=short,
            system_name=system,
            auditor=auditor,
            auditor_city=city,
            auditor_is_individual=individual,
            subservice=subs,
            cuec_count=cuec,
            style=style,
            assertion_first=None if r.random() < 0.7 else r.random() < 0.5,
            id_style=id_style,
            traps=frozenset(traps),
            scanned=(i % 16 == 13),
            encrypt_owner=(i % 11 == 7),
            n_controls=r.choice([None, None, 18, 24, 30]),
            seed=seed * 1000 + i,
        )
        specs.append(spec)
    return specs


def golden_specs(seed: int = 0, n: int = 20) -> list[ReportSpec]:
    """The first `n` text-layer reports of the corpus (no scans: OCR is slow) for pytest."""
    return [s for s in corpus_specs(seed, 48) if not s.scanned][:n]


def soc2_type2_spec(
    pages: int = 50,
    *,
    seed: int = 7,
    name: str = "soc2_type2_padded",
    exception_rate: float = 0.015,
) -> ReportSpec:
    """A realistic SOC 2 type 2 padded to about `pages` pages."""
    return ReportSpec(
        name=name,
        kind="soc2",
        type="type2",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        report_date=dt.date(2026, 2, 20),
        categories=("security", "availability", "confidentiality"),
        opinion="unqualified",
        exceptions=[
            ExceptionSpec("access_termination", 2, 25, response=wording.MANAGEMENT_RESPONSES[0]),
            ExceptionSpec("vuln_scanning", 1, 4),
        ],
        not_tested=["incident_response"],
        subservice=[SubserviceSpec("Amazon Web Services", "carve-out")],
        cuec_count=9,
        style="classic",
        id_style="criterion_seq",
        traps=frozenset({"as_of_in_type2", "except_for_boilerplate", "banner"}),
        pad_pages=pages,
        pad_exception_rate=exception_rate,
        seed=seed,
    )


def write_soc2_type2(path: str | Path, pages: int = 50) -> dict[str, Any]:
    """Write a ~`pages`-page SOC 2 type 2 report to `path` (for API integration tests)."""
    return write_report(soc2_type2_spec(pages), path)


def write_corpus(outdir: str | Path, specs: Sequence[ReportSpec]) -> list[Path]:
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for spec in specs:
        path = outdir / f"{spec.name}.pdf"
        write_report(spec, path)
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--n", type=int, default=48)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    paths = write_corpus(args.outdir, corpus_specs(args.seed, args.n))
    sys.stdout.write(f"wrote {len(paths)} reports to {args.outdir}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
