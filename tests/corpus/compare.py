"""Compare an extraction with a corpus label, field by field, with tolerant name matching.

Used by benchmarks/accuracy.py and the golden test. Names compare after normalisation (case,
whitespace, punctuation, "&"/"and", parenthetical acronyms and legal suffixes such as
"Inc.", "LLC", "LLP", "P.C.", ", CPA" ignored); control ids compare without spaces and with
any dash as "-"; everything else compares exactly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

SUFFIXES = frozenset(
    {
        "inc",
        "incorporated",
        "llc",
        "llp",
        "lllp",
        "ltd",
        "limited",
        "corp",
        "corporation",
        "co",
        "company",
        "pc",
        "pllc",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "bv",
        "cpa",
        "cpas",
        "pa",
    }
)

# Fields in report order; the first five are the ones the golden test demands exactly.
CORE_FIELDS = ("report_kind", "report_type", "period_start", "period_end", "opinion")
FIELDS = (
    *CORE_FIELDS,
    "tsc_categories",
    "exceptions",
    "exception_counts",
    "exception_responses",
    "not_tested_controls",
    "service_organization",
    "system_name",
    "service_auditor",
    "report_date",
    "subservice_organizations",
    "complementary_user_entity_controls",
)


def norm_name(value: str | None) -> str | None:
    if value is None:
        return None
    s = unicodedata.normalize("NFKC", value)
    s = re.sub(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]", "", s)
    s = re.sub(r"\([^)]*\)", " ", s)
    s = s.replace("&", " and ").replace("®", " ").replace("™", " ")
    s = s.lower()
    s = re.sub(r"[^\w\s]", " ", s)
    tokens = s.split()
    while tokens and tokens[-1] in SUFFIXES:
        tokens.pop()
    return " ".join(tokens)


def norm_id(value: str | None) -> str | None:
    if value is None:
        return None
    s = unicodedata.normalize("NFKC", value)
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    return re.sub(r"\s+", "", s).upper()


def norm_text(value: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (value or "").lower())


def _exc_key(exc: dict[str, Any]) -> str:
    if exc.get("control_id"):
        return norm_id(exc["control_id"]) or ""
    return "criteria:" + ",".join(sorted(norm_id(c) or "" for c in exc.get("criteria") or []))


@dataclass(frozen=True)
class FieldResult:
    field: str
    ok: bool
    expected: Any
    got: Any


def _match_exceptions(
    expected: list[dict[str, Any]], got: list[dict[str, Any]]
) -> dict[str, dict[str, Any] | None]:
    by_key: dict[str, dict[str, Any]] = {}
    for g in got:
        by_key.setdefault(_exc_key(g), g)
    # a parser that reports an id-less control under one of its criteria still matches
    out: dict[str, dict[str, Any] | None] = {}
    for e in expected:
        k = _exc_key(e)
        hit = by_key.get(k)
        if hit is None and not e.get("control_id"):
            crit = {norm_id(c) for c in e.get("criteria") or []}
            hit = next(
                (
                    g
                    for g in got
                    if not g.get("control_id")
                    and {norm_id(c) for c in g.get("criteria") or []} & crit
                ),
                None,
            )
        out[k] = hit
    return out


def compare(label: dict[str, Any], got: dict[str, Any]) -> list[FieldResult]:
    """One FieldResult per applicable field of FIELDS (inapplicable fields are left out)."""
    res: list[FieldResult] = []

    def add(name: str, exp: Any, val: Any, ok: bool | None = None) -> None:
        res.append(FieldResult(name, exp == val if ok is None else ok, exp, val))

    for f in (
        "report_kind",
        "report_type",
        "period_start",
        "period_end",
        "opinion",
        "report_date",
        "complementary_user_entity_controls",
    ):
        add(f, label.get(f), got.get(f))
    add(
        "tsc_categories",
        list(label.get("tsc_categories") or []),
        list(got.get("tsc_categories") or []),
    )

    exp_exc = label.get("exceptions") or []
    got_exc = got.get("exceptions") or []
    exp_keys = sorted(_exc_key(e) for e in exp_exc)
    got_keys = sorted(_exc_key(g) for g in got_exc)
    matched = _match_exceptions(exp_exc, got_exc)
    keys_ok = len(exp_exc) == len(got_exc) and all(v is not None for v in matched.values())
    add("exceptions", exp_keys, got_keys, keys_ok)
    if exp_exc:
        exp_counts = {_exc_key(e): (e.get("deviations"), e.get("sample_size")) for e in exp_exc}
        got_counts = {
            k: (None if g is None else (g.get("deviations"), g.get("sample_size")))
            for k, g in matched.items()
        }
        add("exception_counts", exp_counts, got_counts)
        exp_resp = {}
        got_resp = {}
        resp_ok = True
        for e in exp_exc:
            k = _exc_key(e)
            g = matched.get(k)
            want = norm_text(e.get("management_response"))[:60]
            have = norm_text(g.get("management_response")) if g else ""
            exp_resp[k] = (e.get("management_response") or "")[:60] or None
            got_resp[k] = ((g or {}).get("management_response") or "")[:60] or None
            if (want and want not in have) or (not want and have):
                resp_ok = False
        add("exception_responses", exp_resp, got_resp, resp_ok)

    add(
        "not_tested_controls",
        sorted(norm_id(x) or "" for x in label.get("not_tested_controls") or []),
        sorted(norm_id(x) or "" for x in got.get("not_tested_controls") or []),
    )
    for f in ("service_organization", "system_name", "service_auditor"):
        add(f, label.get(f), got.get(f), norm_name(label.get(f)) == norm_name(got.get(f)))
    exp_sub = sorted(
        (norm_name(s["name"]), s["method"]) for s in label.get("subservice_organizations") or []
    )
    got_sub = sorted(
        (norm_name(s["name"]), s["method"]) for s in got.get("subservice_organizations") or []
    )
    add(
        "subservice_organizations",
        [f"{n} ({m})" for n, m in exp_sub],
        [f"{n} ({m})" for n, m in got_sub],
        exp_sub == got_sub,
    )
    return res
