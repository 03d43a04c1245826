"""Free text in requests: one rule for every field, so that what is printed is what was typed.

Text is normalised to NFC and refused when it holds a character that can hide or reorder what
is printed, in a calendar or in a log: C0 and C1 controls, line and paragraph separators,
bidirectional marks, embeddings, overrides and isolates, zero-width and other invisible
characters, and lone surrogates. Names that identify something (a patient, a site, a lot) are
also refused when one word mixes letters of two scripts, e.g. Latin with a Cyrillic look-alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, ValidationInfo
from pydantic_core import PydanticCustomError

from app.clinical.errors import InputError

# C0 and C1 controls (TAB, ESC, BEL, NEL…), then the invisible and direction characters.
_CONTROLS = ((0x00, 0x1F), (0x7F, 0x9F))
_INVISIBLE = (
    (0x00AD, 0x00AD),  # soft hyphen: invisible, or a hyphen where a line happens to break
    (0x061C, 0x061C),  # Arabic letter mark
    (0x180E, 0x180E),  # Mongolian vowel separator (zero width)
    (0x200B, 0x200F),  # zero-width space, non-joiner and joiner; left-to-right, right-to-left marks
    (0x2028, 0x202E),  # line and paragraph separators; bidirectional embeddings and overrides
    (0x2060, 0x206F),  # word joiner, invisible operators, bidirectional isolates, old formats
    (0xFEFF, 0xFEFF),  # zero-width no-break space (byte order mark)
    (0xFFF9, 0xFFFB),  # interlinear annotation marks, which hide the text between them
)
# In multi-line text TAB and LF are kept, and CR only as part of CR LF (made LF).
_MULTILINE_CONTROLS = ((0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F))
_SURROGATES = "\\ud800-\\udfff"


def _escaped(ranges: tuple[tuple[int, int], ...]) -> str:
    """Ranges as the inside of a character class, written as backslash-u escapes, which Python's
    re and JSON Schema (ECMA) patterns read alike; the characters themselves cannot all travel
    in the OpenAPI document."""
    return "".join(
        f"\\u{low:04x}" + (f"-\\u{high:04x}" if high != low else "") for low, high in ranges
    )


FORBIDDEN = _escaped(_CONTROLS + _INVISIBLE)
FORBIDDEN_MULTILINE = _escaped(_MULTILINE_CONTROLS + _INVISIBLE)
# Lone surrogates are refused too, but JSON Schema patterns cannot name them.
_FORBIDDEN = re.compile(f"[{FORBIDDEN}{_SURROGATES}]")
_FORBIDDEN_MULTILINE = re.compile(f"[{FORBIDDEN_MULTILINE}{_SURROGATES}]")

# The schema's statement of each rule: at least one visible character, none of the forbidden.
PATTERN = f"^[^{FORBIDDEN}]*[^{FORBIDDEN}\\s][^{FORBIDDEN}]*$"
_LINE_OR_CRLF = f"(?:[^{FORBIDDEN_MULTILINE}]|\\r\\n)*"
MULTILINE_PATTERN = f"^{_LINE_OR_CRLF}[^{FORBIDDEN_MULTILINE}\\s]{_LINE_OR_CRLF}$"
MULTILINE_PATTERN_OR_EMPTY = f"^{_LINE_OR_CRLF}$"


def _refuse(found: re.Match[str] | None, info: ValidationInfo) -> None:
    if found:
        raise PydanticCustomError(
            "text",
            "{field} must be plain text; it holds the control, direction or invisible "
            "character {char}",
            {"field": info.field_name or "text", "char": f"U+{ord(found.group()):04X}"},
        )


def _plain(value: str, info: ValidationInfo) -> str:
    """The text in NFC, unless it holds a character that could hide or reorder what is printed."""
    _refuse(_FORBIDDEN.search(value), info)  # before NFC, which keeps lone surrogates as they are
    return unicodedata.normalize("NFC", value)


def _multiline(value: str, info: ValidationInfo) -> str:
    """Multi-line text in NFC with LF line ends; TAB and LF are its only controls."""
    value = value.replace("\r\n", "\n")
    _refuse(_FORBIDDEN_MULTILINE.search(value), info)
    return unicodedata.normalize("NFC", value)


# Letters that belong to no one script, by the first word of their Unicode name (modifier
# letters, iteration and repeat marks, letter-like signs), and words that name a script under
# another name. Anything unnamed counts as no script.
_NO_SCRIPT = frozenset({
    "", "MODIFIER", "CARON", "VEDIC", "TURNED", "ROMAN", "VERTICAL", "MASU", "HALFWIDTH",
    "KATAKANA-HIRAGANA",
})
_SAME_SCRIPT = {"CJK": "HAN", "IDEOGRAPHIC": "HAN"}
# Scripts written together in one word (Unicode TR39's "highly restrictive" sets): Japanese,
# Chinese with Bopomofo, Korean, each with Latin.
_WRITTEN_TOGETHER = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
)


def script(letter: str) -> str:
    """The script of one letter, by the first word of its Unicode name: LATIN, GREEK, CYRILLIC,
    HAN…; '' for a letter of no one script."""
    word = unicodedata.name(letter, "").split(" ", 1)[0]
    word = _SAME_SCRIPT.get(word, word)
    return "" if word in _NO_SCRIPT else word


def mixed_letters(word: str) -> tuple[str, str] | None:
    """A letter of `word` and a letter of a second script that is not written with the first
    in one word, or None when its letters share a script.

    Letters are read in compatibility decomposition, so a fullwidth or mathematical 'e' counts
    as the Latin letter it shows, and an accented letter as its base letter; digits,
    punctuation, symbols and combining marks belong to no script."""
    first: dict[str, str] = {}  # script → the first letter of it
    for char in word:
        for letter in unicodedata.normalize("NFKD", char):
            if not unicodedata.category(letter).startswith("L"):
                continue
            name = script(letter)
            if not name or name in first:
                continue
            first[name] = char
            if len(first) > 1 and not any(first.keys() <= group for group in _WRITTEN_TOGETHER):
                return next(iter(first.values())), char
    return None


def _described(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed').title()}"


def _one_script_per_word(value: str, info: ValidationInfo) -> str:
    """The name, unless one of its words mixes scripts, e.g. 'elbow' with a Cyrillic 'е'. The
    message names the two letters by code point and never repeats the name (it may be a
    patient's)."""
    if value.isascii():
        return value  # ASCII letters are all Latin: the common case, checked at once
    for word in value.split():
        letters = mixed_letters(word)
        if letters is not None:
            raise PydanticCustomError(
                "text",
                "{field} mixes the letters of two scripts in one word ({first} and {second}), "
                "so it may read as another name; write each word in one script",
                {"field": info.field_name or "text", "first": _described(letters[0]),
                 "second": _described(letters[1])},
            )
    return value


# One line of plain text in NFC, trimmed, at least one visible character, with no control,
# direction or invisible character; the schema states the same rule as a pattern. Give each
# field its own length, e.g. Annotated[PlainText, StringConstraints(max_length=80)].
PlainText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_plain),
    Field(json_schema_extra={"pattern": PATTERN}),
]
# Plain text that names a patient, a site, a lot or a protocol: also one script per word.
PlainName = Annotated[PlainText, AfterValidator(_one_script_per_word)]
# Several lines of plain text in NFC (a reason, a note): TAB and LF allowed, CR LF made LF.
MultilineText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_multiline),
    Field(json_schema_extra={"pattern": MULTILINE_PATTERN}),
]
# The same, kept as typed (not trimmed) and possibly empty.
MultilineTextOrEmpty = Annotated[
    str, AfterValidator(_multiline),
    Field(json_schema_extra={"pattern": MULTILINE_PATTERN_OR_EMPTY}),
]


def plain(text: str) -> str:
    """Text as a PlainText field keeps it (trimmed, NFC), for looking up a stored name that was
    kept as it was sent."""
    return unicodedata.normalize("NFC", text.strip())


def site_key(name: str) -> str:
    """What makes two site names the same site: compatibility forms (fullwidth letters,
    ligatures), case and runs of spaces do not count, so 'Elbow', 'elbow' and 'ｅｌｂｏｗ' are
    one site."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


def distinct_sites(names: Sequence[str]) -> None:
    """Refuse two sites of one plan whose names are the same site by `site_key`: they would
    print as one place (or as two that read the same) with two doses."""
    seen: dict[str, int] = {}
    for number, name in enumerate(names, start=1):
        earlier = seen.setdefault(site_key(name), number)
        if earlier != number:
            raise InputError(
                "sites", f"must have distinct names; site {number} '{name}' is the same site as "
                f"site {earlier} '{names[earlier - 1]}' (names are compared without case, "
                "spacing or width)",
            )
