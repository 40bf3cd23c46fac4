"""Small real files of every kind we take, and the kinds we refuse, built in memory.

Each is a real file of its type as far as the first bytes go, which is all that
`services.sniff_kind` (and the `filetype` library under it) reads: the PDF header, the PNG
signature, a JPEG's start-of-image and JFIF marker, and zips laid out as Word, Excel and
OpenDocument write them ([Content_Types].xml first, or an uncompressed `mimetype` first).
"""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Attachment


def pdf(text: str = "Our budget for 2018") -> bytes:
    return (
        b"%PDF-1.4\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >> endobj\n"
        b"4 0 obj << >> stream\nBT /F1 12 Tf 20 100 Td (" + text.encode() + b") Tj ET\nendstream endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def png() -> bytes:
    """A one-pixel PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    """A JPEG's start of image and JFIF header, then its end."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0 + b"\xff\xd9"


def _zip(members: list[tuple[str, bytes, int]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, compression in members:
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return buffer.getvalue()


def docx() -> bytes:
    return _zip(
        [
            ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>', zipfile.ZIP_DEFLATED),
            ("_rels/.rels", b'<?xml version="1.0"?><Relationships/>', zipfile.ZIP_DEFLATED),
            ("word/document.xml", b'<?xml version="1.0"?><w:document/>', zipfile.ZIP_DEFLATED),
        ]
    )


def xlsx() -> bytes:
    return _zip(
        [
            ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>', zipfile.ZIP_DEFLATED),
            ("_rels/.rels", b'<?xml version="1.0"?><Relationships/>', zipfile.ZIP_DEFLATED),
            ("xl/workbook.xml", b'<?xml version="1.0"?><workbook/>', zipfile.ZIP_DEFLATED),
        ]
    )


def odt() -> bytes:
    return _zip(
        [
            ("mimetype", Attachment.MIME_TYPES["odt"].encode(), zipfile.ZIP_STORED),
            ("content.xml", b'<?xml version="1.0"?><office:document-content/>', zipfile.ZIP_DEFLATED),
        ]
    )


def windows_program() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 500


def linux_program() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 500


def plain_zip() -> bytes:
    return _zip([("notes.txt", b"Not a document", zipfile.ZIP_DEFLATED)])


# (kind, a name it might arrive with, its body) for every kind we take.
ACCEPTED = [
    ("pdf", "Budget.pdf", pdf()),
    ("docx", "Project plan.docx", docx()),
    ("xlsx", "Costs.xlsx", xlsx()),
    ("odt", "Letter of support.odt", odt()),
    ("png", "Group photo.png", png()),
    ("jpg", "Tea dance.jpeg", jpeg()),
]


def upload(name: str = "Budget.pdf", body: bytes | None = None, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, pdf() if body is None else body, content_type=content_type)


def too_big() -> SimpleUploadedFile:
    """A real PDF one byte over 10 MB."""
    body = pdf()
    return upload("Annual report.pdf", body + b"\x00" * (Attachment.MAX_BYTES + 1 - len(body)))
