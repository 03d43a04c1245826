"""Reading PDFs the way a person would: page text with pdftotext, page images with pdftoppm."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from PIL import Image


def page_count(pdf: bytes, tmp: Path) -> int:
    """How many pages the PDF has, as pdfinfo reports it."""
    path = tmp / "doc.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match is not None, info
    return int(match.group(1))


def page_texts(pdf: bytes, tmp: Path) -> list[str]:
    """The text of each page, whitespace collapsed."""
    path = tmp / "doc.pdf"
    path.write_bytes(pdf)
    texts = []
    for number in range(1, page_count(pdf, tmp) + 1):
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-f", str(number), "-l", str(number), str(path), "-"],
            capture_output=True, text=True, check=True, timeout=60).stdout
        texts.append(" ".join(out.split()))
    return texts


WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def overlapping_words(pdf: bytes, tmp: Path, tolerance: float = 0.5) -> list[str]:
    """Each pair of words printed over one another (text that ran out of its cell), by page."""
    path = tmp / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, text=True, check=True, timeout=60).stdout
    found = []
    for number, page in enumerate(out.split("<page ")[1:], start=1):
        words = sorted((float(x0), float(y0), float(x1), float(y1), text)
                       for x0, y0, x1, y1, text in WORD.findall(page))
        for index, (_, top, right, bottom, text) in enumerate(words):
            for left2, top2, _, bottom2, text2 in words[index + 1:]:
                if left2 >= right - tolerance:
                    break  # sorted by left edge: no later word starts inside this one
                shared = min(bottom, bottom2) - max(top, top2)
                if shared > tolerance:
                    found.append(f"page {number}: {text!r} and {text2!r}")
    return found


def page_images(pdf: bytes, tmp: Path, dpi: int = 150) -> list[Image.Image]:
    """Each page rendered in grey at `dpi`."""
    path = tmp / "doc.pdf"
    path.write_bytes(pdf)
    images = []
    for number in range(1, page_count(pdf, tmp) + 1):
        root = tmp / f"page-{number}"
        subprocess.run(
            ["pdftoppm", "-gray", "-png", "-r", str(dpi), "-f", str(number), "-l", str(number),
             "-singlefile", str(path), str(root)], capture_output=True, check=True, timeout=60)
        with Image.open(root.with_suffix(".png")) as image:
            images.append(image.convert("L"))
    return images


def ink_box(image: Image.Image, threshold: int = 200) -> tuple[int, int, int, int] | None:
    """The bounding box (left, top, right, bottom) of everything darker than `threshold`."""
    return image.point(lambda value: 255 if value < threshold else 0).getbbox()
