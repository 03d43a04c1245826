"""Injection and treatment sites in plain words first, with the clinician's term after them."""

from __future__ import annotations

import re

# Common clinical shorthand for the joints of the hand and foot, said as a patient would.
JOINTS = {
    "dip": "end joint",
    "pip": "middle joint",
    "ip": "joint",
    "mcp": "knuckle",
    "mtp": "joint at the base of the toe",
    "cmc": "joint at the base of the thumb",
}
DIGITS = {
    "thumb": "thumb",
    "index": "index finger",
    "middle": "middle finger",
    "ring": "ring finger",
    "little": "little finger",
    "small": "little finger",
}
PLACES = {
    "olecranon": "point of the {side}elbow",
    "pretibial": "front of the {side}shin",
    "malleolus": "{side}ankle bone",
    "prepatellar": "front of the {side}kneecap",
    "patella": "{side}kneecap",
    "volar forearm": "inside of the {side}forearm",
    "dorsal hand": "back of the {side}hand",
}
SIDES = {"r": "right", "l": "left", "right": "right", "left": "left"}
_WORDS = re.compile(r"[a-z]+")


def plain_site(name: str) -> str:
    """'right index finger, end joint (right index DIP)'; other names stay as they are."""
    words = _WORDS.findall(name.lower())
    side = next((SIDES[w] for w in words if w in SIDES), "")
    joint = next((JOINTS[w] for w in words if w in JOINTS), "")
    digit = next((DIGITS[w] for w in words if w in DIGITS), "")
    lowered = " ".join(words)
    place = next((plain for term, plain in PLACES.items() if term in lowered), "")
    if joint:
        finger = f"{side} {digit or 'finger or toe'}".strip()
        return f"{finger}, {joint} ({name})"
    if place:
        return place.format(side=f"{side} " if side else "") + f" ({name})"
    return name
