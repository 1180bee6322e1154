"""Persian on screen and on paper: digits, decimal separators, numbers, sizes and coordinates.

Data is stored with ASCII digits (see core.validators); people read Persian digits, the
Persian decimal separator (٫) and thousands separator (٬). ``persianize_html`` rewrites what a
page or a PDF shows; the ``fa_*`` functions format one value (the template filters use them).
A leaf module: it imports no app.
"""

import re
from decimal import Decimal, InvalidOperation

from core.validators import to_ascii_digits, to_persian_digits

DECIMAL_SEPARATOR = "٫"
THOUSANDS_SEPARATOR = "٬"

_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
# Text people never read as prose: scripts, styles, code, and what they typed (text areas).
_RAW_ELEMENTS = ("script", "style", "textarea", "pre", "code", "kbd", "samp")
_OPEN = re.compile(r"<(%s)\b" % "|".join(_RAW_ELEMENTS), re.IGNORECASE)
_CLOSE = re.compile(r"</(%s)\s*>" % "|".join(_RAW_ELEMENTS), re.IGNORECASE)
_KEEP = re.compile(r"\bdata-ascii-digits\b")
# Attributes a person reads (hints, tooltips, what a screen reader says); values and links keep theirs.
_READ_ATTRIBUTES = re.compile(r'(\s(?:placeholder|title|aria-label|alt)=")([^"]*)(")', re.IGNORECASE)
# Kept as they are wherever they are shown: addresses (links, e-mail addresses) in their ASCII form, and HTML
# character references (``&#x27;``, the escaped apostrophe of a name such as O'Neil), whose digits are markup.
_KEPT = re.compile(r"(https?://[^\s<>\"']+|[\w.+-]+@[\w-]+(?:\.[\w-]+)*|&#[0-9]+;|&#[xX][0-9a-fA-F]+;)")
_DECIMAL_POINT = re.compile(r"(?<=[۰-۹])\.(?=[۰-۹])")
# A Latin comma grouping thousands (1,550,000): followed by exactly three digits.
_THOUSANDS_COMMA = re.compile(r"(?<=[۰-۹]),(?=[۰-۹]{3}(?![۰-۹]))")


# A code of three or more groups of digits joined by hyphens (a renewal code, 05-162-028-000-04-011). Persian
# digits joined by hyphens are no one number to the bidirectional algorithm: in a right-to-left sentence the
# groups come out in reverse order. Isolated left to right, the code reads as written. (Two groups are left
# alone: "۱۰-۱۲" is a range, read from right to left as the sentence is.)
_CODE = re.compile(r"(?<![۰-۹\-\u2066])[۰-۹]+(?:-[۰-۹]+){2,}(?![۰-۹\-])")


def ltr_isolated(text):
    """``text`` set apart left to right inside right-to-left text, as ``<bdi dir="ltr">`` does, with the Unicode
    isolates instead of an element (a PDF lays out each element as a box)."""
    return f"\u2066{text}\u2069"


def persian_text(text):
    """Persian digits, decimal and thousands separators in running text, addresses (URLs, e-mail) and character
    references excepted; a hyphenated code isolated left to right."""
    parts = _KEPT.split(text)
    for index in range(0, len(parts), 2):  # even parts are prose, odd ones what is kept
        prose = _DECIMAL_POINT.sub(DECIMAL_SEPARATOR, to_persian_digits(parts[index]))
        prose = _THOUSANDS_COMMA.sub(THOUSANDS_SEPARATOR, prose)
        parts[index] = _CODE.sub(lambda m: ltr_isolated(m.group()), prose)
    return "".join(parts)


def _persian_attributes(tag):
    return _READ_ATTRIBUTES.sub(lambda m: m.group(1) + persian_text(m.group(2)) + m.group(3), tag)


# What persian_text changes: ASCII digits, a point, comma or hyphen after a Persian digit. A piece without any
# is kept.
_CONVERTIBLE = re.compile(r"[0-9]|[۰-۹][.,\-]")


def persianize_html(html):
    """The page with Persian digits in its visible text and in the attributes people read.

    Form values, links, scripts, styles, code, text areas and elements marked
    ``data-ascii-digits`` keep theirs, so what the browser sends back is unchanged.
    Runs on every page: pieces with nothing to change are passed through untouched."""
    out = []
    raw_depth = 0
    keep_depth = 0
    for piece in _TAG.split(html):
        if not piece:
            continue
        if piece[0] == "<":
            if piece[1:2] == "/":
                if raw_depth and _CLOSE.match(piece):
                    raw_depth -= 1
            elif _OPEN.match(piece) and not piece.endswith("/>"):
                raw_depth += 1
            if "data-ascii-digits" in piece and _KEEP.search(piece):
                keep_depth += 1
            elif keep_depth and piece.startswith("</"):
                keep_depth -= 1
            if not raw_depth and not keep_depth and not piece.startswith(("<!--", "</")) and _CONVERTIBLE.search(piece):
                piece = _persian_attributes(piece)
            out.append(piece)
        elif raw_depth or keep_depth or not _CONVERTIBLE.search(piece):
            out.append(piece)
        else:
            out.append(persian_text(piece))
    return "".join(out)


def _decimal(value):
    if isinstance(value, Decimal):
        return value
    text = to_ascii_digits(str(value)).strip().replace(DECIMAL_SEPARATOR, ".").replace(THOUSANDS_SEPARATOR, "")
    return Decimal(text.replace(",", ""))


def fa_number(value, places=2):
    """A number as people read it: 12500000 → «۱۲٬۵۰۰٬۰۰۰», Decimal("320.50") → «۳۲۰٫۵»,
    "250.00" → «۲۵۰». Up to ``places`` decimals, no trailing zeros; text that is no number is
    returned with Persian digits."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return to_persian_digits(value)
    try:
        number = _decimal(value)
    except (InvalidOperation, ValueError):
        return to_persian_digits(value)
    if not number.is_finite():
        return to_persian_digits(value)
    try:
        number = number.quantize(Decimal(1).scaleb(-places)) if places is not None else number
    except InvalidOperation:  # more digits than a decimal holds (1e999999): shown as typed
        return to_persian_digits(value)
    text = f"{number:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return to_persian_digits(text.replace(",", THOUSANDS_SEPARATOR).replace(".", DECIMAL_SEPARATOR))


_ONES = ("", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه")
_TEENS = ("ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده")
_TENS = ("", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود")


def fa_ordinal(n):
    """1 → «اول», 2 → «دوم», 3 → «سوم», 21 → «بیست و یکم», 30 → «سی‌ام» (1 to 99; other numbers in digits)."""
    if not 0 < n < 100:
        return to_persian_digits(n) + "م"
    if n == 1:
        return "اول"
    tens, ones = divmod(n, 10)
    words = _TEENS[ones] if tens == 1 else " و ".join(w for w in (_TENS[tens], _ONES[ones]) if w)
    if words.endswith("سه"):
        return words[:-2] + "سوم"
    if words.endswith("ی"):  # سی‌ام
        return words + "\u200cام"
    return words + "م"


def fa_size(size):
    """A file's size in bytes → «۱۷٫۱ کیلوبایت»."""
    if size in (None, ""):
        return ""
    size = int(size)
    for unit, factor in (("گیگابایت", 1024**3), ("مگابایت", 1024**2), ("کیلوبایت", 1024)):
        if size >= factor:
            return f"{fa_number(Decimal(size) / factor, 1)} {unit}"
    return f"{fa_number(size)} بایت"


def fa_coordinates(latitude, longitude):
    """«عرض ۳۲٫۶۵۴۶، طول ۵۱٫۶۶۸»: five decimals (about a metre) are plenty for a parcel."""
    if latitude in (None, "") or longitude in (None, ""):
        return ""
    return f"عرض {fa_number(latitude, 5)}، طول {fa_number(longitude, 5)}"
