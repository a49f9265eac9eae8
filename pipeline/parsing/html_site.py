"""HTML listings of both generations of the site: one adapter each, one reading of items.

Old site: `ul.search-res > li`, the document link `a.lnk-res`, the title in
`.itm-title`. New site: one `td.document.contextual-region` per item, the
document link an `a` whose href contains `/document/`. Both give the
document's URL; the page's own URL comes from its canonical link.
"""

from __future__ import annotations

from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

from pipeline.parsing.html import (
    absolute,
    canonical_url,
    closes_after,
    has_class,
    header_range,
    looks_like_html,
    soup_of,
    summary_of,
    text_of,
)
from pipeline.parsing.lines import is_date_line, normalize_newlines
from pipeline.parsing.model import CUT_ITEM, Item, Page, Problem
from pipeline.parsing.urls import page_from_url


@dataclass(frozen=True)
class HtmlLayout:
    """Where one generation of the site puts things in its listing HTML."""

    name: str
    marker_class: str  # a class only this layout's listings use
    item: str  # CSS selector of one result
    closing: str  # end tag of a result, to tell a cut file
    title: str  # CSS selectors of the title, most specific first
    link: str  # CSS selector of the document link
    current_page: str  # CSS selector of the pager's current page
    pager_offset: int  # pager number minus page number: the new site shows 1 for its page 0


OLD = HtmlLayout(
    name="old_html",
    marker_class="search-res",
    item=".search-res li",
    closing="</li>",
    title=".itm-title",
    link='a.lnk-res[href*="/document/"]',
    current_page=".pagination .current",
    pager_offset=0,
)
NEW = HtmlLayout(
    name="new_html",
    marker_class="contextual-region",
    item="td.document.contextual-region",
    closing="</td>",
    title='.title, a[href*="/document/"]',
    link='a[href*="/document/"]',
    current_page=".pager__item.is-active",
    pager_offset=1,
)


def date_of(item: Tag, title: Tag | None) -> Tag | None:
    """The element holding the item's date: one with `date` in its class, else any other whose text is a date."""
    for element in item.select('[class*="date"]') + item.find_all(True):
        if element is not title and (text := text_of(element)) and is_date_line(text):
            return element
    return None


class SiteHtml:
    """A listing page saved as HTML, in one of the site's layouts."""

    def __init__(self, layout: HtmlLayout) -> None:
        self.layout = layout
        self.name = layout.name

    def recognises(self, text: str) -> bool:
        return looks_like_html(text) and has_class(text, self.layout.marker_class)

    def parse(self, text: str) -> Page:
        text = normalize_newlines(text)
        soup = soup_of(text)
        url = canonical_url(soup)
        first, last, total = header_range(soup) or (None, None, None)
        page = Page(format=self.name, source_url=url, page=self.page_number(soup, url))
        page.range_first, page.range_last, page.range_total = first, last, total
        elements = soup.select(self.layout.item)
        if elements and not closes_after(text, elements[-1].sourceline, self.layout.closing):
            cut = elements.pop()
            page.truncated = True
            page.problems.append(Problem(cut.sourceline, CUT_ITEM, text_of(cut)))
        for element in elements:
            self.read_item(page, element, url)
        page.problems.sort(key=lambda p: p.line or 0)
        return page

    def read_item(self, page: Page, element: Tag, url: str | None) -> None:
        """Append the item `element` shows, or a problem when it has no title."""
        link = element.select_one(self.layout.link)
        title_element = element.select_one(self.layout.title)
        date_element = date_of(element, title_element)
        title = text_of(title_element)
        if not title:
            page.problems.append(Problem(element.sourceline, "result with no title", text_of(element)))
            return
        date = text_of(date_element)
        href = link.get("href") if link is not None else None
        page.items.append(
            Item(
                position=len(page.items) + 1,
                line=element.sourceline or 1,
                title=title,
                date_text=date,
                summary=summary_of(element, [title_element, date_element]),
                document_url=absolute(str(href) if href else None, url),
            )
        )

    def page_number(self, soup: BeautifulSoup, url: str | None) -> int | None:
        """The page as the site counts it: from the canonical URL, else from the pager."""
        if (number := page_from_url(url)) is not None:
            return number
        current = text_of(soup.select_one(self.layout.current_page))
        if current is None or not current.isdigit():
            return None
        return int(current) - self.layout.pager_offset
