"""ISO 3166-1 alpha-2 country codes and the postal code formats of common countries."""

from __future__ import annotations

import re

# fmt: off
COUNTRIES = frozenset(["AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW"])
# fmt: on

# Checked on the upper-cased code with runs of spaces made single.
POSTAL_CODES: dict[str, tuple[re.Pattern[str], str]] = {
    code: (re.compile(pattern), example)
    for code, pattern, example in (
        ("US", r"^\d{5}(-\d{4})?$", "94105 or 94105-1234"),
        ("CA", r"^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$", "K1A 0B1"),
        ("GB", r"^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$", "SW1A 1AA"),
        ("DE", r"^\d{5}$", "10115"),
        ("FR", r"^\d{5}$", "75008"),
        ("NL", r"^[1-9]\d{3} ?[A-Z]{2}$", "1012 AB"),
        ("IT", r"^\d{5}$", "00184"),
        ("ES", r"^(0[1-9]|[1-4]\d|5[0-2])\d{3}$", "28013"),
        ("JP", r"^\d{3}-?\d{4}$", "100-0001"),
        ("AU", r"^\d{4}$", "2000"),
        ("AT", r"^\d{4}$", "1010"),
        ("BE", r"^\d{4}$", "1000"),
        ("CH", r"^\d{4}$", "8001"),
        ("DK", r"^\d{4}$", "1050"),
        ("NO", r"^\d{4}$", "0150"),
        ("SE", r"^\d{3} ?\d{2}$", "111 22"),
        ("FI", r"^\d{5}$", "00100"),
        ("PL", r"^\d{2}-\d{3}$", "00-950"),
        ("PT", r"^\d{4}-\d{3}$", "1000-001"),
        ("CZ", r"^\d{3} ?\d{2}$", "110 00"),
        ("IE", r"^([AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}$", "D02 X285"),
        ("LU", r"^(L-)?\d{4}$", "1648"),
        ("BR", r"^\d{5}-?\d{3}$", "01310-100"),
        ("MX", r"^\d{5}$", "06600"),
        ("IN", r"^[1-9]\d{5}$", "110001"),
        ("NZ", r"^\d{4}$", "6011"),
    )
}


def postal_code_of(raw: str, country: str) -> tuple[str, str | None]:
    """The postal code in its stored form and, when ``country``'s format is known and not met, why."""
    code = " ".join(raw.upper().split())
    known = POSTAL_CODES.get(country)
    if known is not None and not known[0].match(code):
        return code, f"is not a postal code of {country}, such as {known[1]}"
    return code, None
