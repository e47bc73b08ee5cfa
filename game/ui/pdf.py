"""A printable PDF of picture pages (report cards, handouts), with no extra dependency.

Each page is one RGB image (zlib-compressed, as PDF's FlateDecode reads it) scaled to the
page; the page size follows the image at ``dpi``. This is the whole PDF format a printer
needs for pictures: a catalog, a page tree, and per page a page, its contents and its image.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence


def pdf_pages(pages: Sequence[tuple[int, int, bytes]], dpi: int = 150) -> bytes:
    """A PDF with one page per (width, height, RGB bytes) image."""
    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: page tree (filled in below)
    kids = []
    for width, height, rgb in pages:
        if len(rgb) != width * height * 3:
            raise ValueError("a page's pixels do not match its size")
        w_pt, h_pt = width * 72 / dpi, height * 72 / dpi
        image = zlib.compress(rgb, 6)
        first = len(objects) + 1  # object numbers: page, contents, image
        content = f"q {w_pt:.2f} 0 0 {h_pt:.2f} 0 0 cm /Im0 Do Q".encode("ascii")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w_pt:.2f} {h_pt:.2f}] "
                       f"/Resources << /XObject << /Im0 {first + 2} 0 R >> >> /Contents {first + 1} 0 R >>"
                       .encode("ascii"))
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objects.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                       b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
                       % (width, height, len(image)) + image + b"\nendstream")
        kids.append(f"{first} 0 R")
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode("ascii")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
