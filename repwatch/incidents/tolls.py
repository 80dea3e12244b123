"""Death tolls stated in a sentence: "killing 5", "5 people were killed", "the death
toll rose to 12", "left three dead", "12 fatalities".

`deaths(text)` returns the largest number of dead the sentence states, or None when it
states none.  The largest, because a sentence that gives two figures usually gives a
rising toll ("rose from 5 to 12"); a wounded count ("killing 2 and wounding 7") is
never read as dead, since every pattern ties its number to a word of dying.

Numbers are digits ("1,200"), number words up to the hundreds ("twenty-three", "a
hundred") or "a dozen".  Vague quantities ("dozens", "several", "many") are not
tolls: they cannot contradict another report.  A number glued to a year or a time
("in 2020", "at 5") never matches, because every pattern needs a noun or a killing verb
right next to it.
"""

from __future__ import annotations

import re

UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "a dozen": 12, "dozen": 12,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip

_WORD = "|".join(sorted([*UNITS, *TENS, "hundred", "a", "and"], key=len, reverse=True))
#: a number: digits with thousands separators, or a run of number words
_LAST = "|".join(sorted([*UNITS, *TENS, "hundred"], key=len, reverse=True))
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:(?:{_WORD})[\s-]+)*(?:{_LAST}))"
#: up to two words between a number and the noun ("5 unarmed young protesters")
NOUNS = (
    "people", "persons", "civilians", "protesters", "demonstrators", "soldiers", "policemen",
    "police officers", "officers", "troops", "fighters", "militants", "members", "children",
    "students", "men", "women", "villagers", "residents", "others", "of them", "individuals",
    "bodies",
)  # fmt: skip
_NOUN = r"(?:[A-Za-z'-]+\s+){0,2}?(?:" + "|".join(NOUNS) + ")"
_AT_LEAST = r"(?:(?:at least|as many as|more than|over|some|about|around|nearly|almost|up to)\s+)?"
_BE = (
    r"(?:\s+(?:were|was|have been|had been|has been|are|got|reportedly|allegedly|later|also)){0,3}"
)

PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # killing 5 (people) / killed at least five civilians / left 3 dead
        rf"\b(?:killing|killed|kills|kill|left|leaving)\s+{_AT_LEAST}(?P<n>{NUMBER})\b(?:\s+{_NOUN})?",
        # 5 people were killed / five died / 12 were shot dead
        rf"\b{_AT_LEAST}(?P<n>{NUMBER})(?:\s+{_NOUN})?{_BE}\s+(?:killed|dead|died|shot dead|"
        rf"beaten to death|lost their lives|perished|slain)\b",
        # death toll rose to 12 / toll of 12 / death toll stands at 12
        rf"\b(?:death toll|toll)\b(?:\s+[\w,]+){{0,4}}?\s+(?:to|of|at|is|was|reached|hit)\s+"
        rf"{_AT_LEAST}(?P<n>{NUMBER})\b",
        # 12 fatalities / 12 deaths / 12 dead
        rf"\b{_AT_LEAST}(?P<n>{NUMBER})\s+(?:fatalities|deaths|dead|killed)\b",
    )
)


def number(text: str) -> int | None:
    """The value of digits or number words ("1,200", "twenty-three", "a hundred")."""
    text = text.strip().lower()
    if re.fullmatch(r"[\d,]+", text):
        return int(text.replace(",", ""))
    if text in UNITS:
        return UNITS[text]
    total = 0
    current = 0
    seen = False
    for word in re.split(r"[\s-]+", text):
        if word in ("and",):
            continue
        if word == "a":
            current = current or 1
            continue
        if word == "hundred":
            current = (current or 1) * 100
            seen = True
        elif word in TENS:
            current += TENS[word]
            seen = True
        elif word in UNITS:
            current += UNITS[word]
            seen = True
        else:
            return None
    total += current
    return total if seen else None


def tolls(text: str) -> tuple[int, ...]:
    """Every number of dead stated in `text`, in text order."""
    found: list[tuple[int, int]] = []
    for pattern in PATTERNS:
        for m in pattern.finditer(text):
            value = number(m.group("n"))
            if value is not None and value > 0:
                found.append((m.start("n"), value))
    return tuple(v for _, v in sorted(set(found)))


def deaths(text: str) -> int | None:
    """The largest number of dead stated in `text` (a rising toll's last figure)."""
    found = tolls(text)
    return max(found) if found else None
