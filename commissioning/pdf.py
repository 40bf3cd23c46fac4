"""Printable, accessible PDFs from Django templates: the one helper every report uses.

`render_pdf(template_name, context, *, title, large_print=False) -> bytes` renders a template
with WeasyPrint into a tagged PDF (PDF/UA-1), so a screen reader can read it too. The panel pack
uses it now; the decision report and the feedback letters use it next.

How to write a PDF template:

- Extend ``pdf/base.html`` and fill ``{% block content %}``. The base gives the document its
  language (en-GB), its ``<title>`` (from `title`, which also becomes the PDF's title in its
  metadata and in the reader's window), A4 pages numbered "Page 3 of 12" at the foot, a readable
  system font at 12pt (18pt in large print), and print styles for headings, tables and boxes.
- Optional blocks: ``footer_left`` (the text at the left of every page's foot, the title by
  default), ``extra_css`` (the document's own print CSS, inlined in the page).
- Give every table a ``<caption>`` and header cells (``<th scope="col">`` above a column,
  ``<th scope="row">`` at the start of a row): WeasyPrint tags them and links each data cell to
  its headers, and `mark_header_scope` below adds the /Scope that PDF/UA asks of every header
  cell (WeasyPrint 70 does not write it), so a screen reader announces them.
  Use ``class="page-break"`` on an element to start it on a new page, and
  ``class="keep-together"`` to keep a block on one page where it fits.
- Large print: ``large_print=True`` sets ``<html class="large-print">`` and the base styles
  make the body 18pt with more space between lines and paragraphs. A document's own CSS can
  use ``.large-print`` the same way. The template also sees ``large_print`` in its context.
- Nothing is fetched over the network. CSS is inlined in the template. Other files (an image,
  say) come from Django's static files: ``{% static "…" %}`` resolves through the static
  finders, and ``data:`` URLs work. Any other address is refused, and the refusal is logged.

The context gains ``pdf_title`` and ``large_print``. Rendering takes a few seconds for a few
dozen pages on our servers (see STACK.md): call it from a view for one person's document, and
from a background task for large reports.
"""

import io
import logging
import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# A base address that is never fetched: relative links in templates resolve against it, and
# the fetcher below answers for it from the static files on disk.
BASE_URL = "https://pdf.commissioning.invalid/"
PDF_VARIANT = "pdf/ua-1"


def _local_fetcher():
    """A WeasyPrint URL fetcher that reads static files from disk and refuses the network."""
    from weasyprint import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            static_prefix = urlsplit(settings.STATIC_URL).path or "/static/"
            if f"{parts.scheme}://{parts.netloc}/" == BASE_URL and parts.path.startswith(static_prefix):
                found = finders.find(parts.path.removeprefix(static_prefix))
                if found:
                    from weasyprint.urls import URLFetcherResponse

                    content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                    with open(found, "rb") as source:
                        return URLFetcherResponse(url, source.read(), headers={"Content-Type": content_type})
            logger.warning("A PDF template asked for %s; PDFs fetch nothing over the network.", url)
            raise ValueError(f"PDFs may only use static files, not {url}")

    return LocalOnlyFetcher(allowed_protocols={"https", "data"})


def render_pdf(template_name: str, context: dict, *, title: str, large_print: bool = False) -> bytes:
    """Render `template_name` (which extends ``pdf/base.html``) to the bytes of a tagged PDF titled `title`."""
    from weasyprint import HTML

    html = render_to_string(template_name, {**context, "pdf_title": title, "large_print": large_print})
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=_local_fetcher())
    return mark_header_scope(document.write_pdf(pdf_variant=PDF_VARIANT))


def _kids(element) -> list:
    import pikepdf

    kids = element.get("/K")
    if kids is None:
        return []
    if isinstance(kids, pikepdf.Array):
        return [kid for kid in kids if isinstance(kid, pikepdf.Dictionary)]
    return [kids] if isinstance(kids, pikepdf.Dictionary) else []


def _header_cells(element):
    """(header cell, the cells of its row) for every /TH in the structure tree."""
    for kid in _kids(element):
        if kid.get("/S") == "/TR":
            cells = _kids(kid)
            yield from ((cell, cells) for cell in cells if cell.get("/S") == "/TH")
        else:
            yield from _header_cells(kid)


def mark_header_scope(pdf: bytes) -> bytes:
    """Give every table header cell its /Scope: /Row when the data cells of its own row name it
    as their header (WeasyPrint links them from ``scope="row"``), /Column otherwise."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        tree = document.Root.get("/StructTreeRoot")
        headers = list(_header_cells(tree)) if tree is not None else []
        if not headers:
            return pdf
        for header, row in headers:
            named_by_its_row = any(
                header.get("/ID") in list(cell.get("/A", {}).get("/Headers", []))
                for cell in row
                if cell.get("/S") == "/TD" and isinstance(cell.get("/A"), pikepdf.Dictionary)
            )
            attributes = header.get("/A")
            if not isinstance(attributes, pikepdf.Dictionary):
                attributes = header.A = pikepdf.Dictionary(O=pikepdf.Name.Table)
            attributes.Scope = pikepdf.Name.Row if named_by_its_row else pikepdf.Name.Column
        marked = io.BytesIO()
        document.save(marked)
        return marked.getvalue()
