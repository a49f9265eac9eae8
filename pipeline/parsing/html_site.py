"""HTML listings of both generations of the site: one adapter each, one reading of items.

Old site: `ul.search-res > li`, the document link `a.lnk-res`, the title in
`.itm-title`. New site: one `td.document.contextual-region` per item, the
document link an `a` whose href contains `/document/`. Both give the
document's URL; the page's own URL comes from its canonical link.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree
from lxml.etree import _Element as Element

from pipeline.parsing.html import (
    absolute,
    all_text_visible,
    canonical_url,
    closes_after,
    first,
    has_class,
    header_range,
    lists_class,
    looks_like_html,
    summary_of,
    text_of,
    tree_of,
    with_class,
)
from pipeline.parsing.lines import is_date_line, normalize_newlines
from pipeline.parsing.model import CUT_ITEM, Item, Page, Problem
from pipeline.parsing.urls import page_from_url

# A class naming a date field: `date`, `itm-date`, `field--name-field-document-date`, not `update`.
_DATE_CLASS = re.compile(r"(?:^|[-_\s])date(?:$|[-_\s])", re.IGNORECASE)


def document_link(element: Element) -> bool:
    """An `a` whose href contains `/document/`."""
    return element.tag == "a" and "/document/" in (element.get("href") or "")


def old_title(element: Element) -> bool:
    """The old site's title: class `itm-title`."""
    return lists_class(element, "itm-title")


def old_link(element: Element) -> bool:
    """The old site's document link: `a.lnk-res` to a document."""
    return document_link(element) and lists_class(element, "lnk-res")


def new_title(element: Element) -> bool:
    """The new site's title: class `title`, else the document link itself."""
    return lists_class(element, "title") or document_link(element)


# Each site's results, as XPaths: the tests hold old_items and new_items to them.
OLD_ITEMS = f"//*[{with_class('search-res')}]//li"
NEW_ITEMS = f"//td[{with_class('document')}][{with_class('contextual-region')}]"


def old_items(tree: Element) -> list[Element]:
    """The `li` elements inside an element of class `search-res`, in document order, as OLD_ITEMS finds them.

    A walk of the `li` elements and their ancestors: the XPath tests the class of every element of the page.
    """
    return [li for li in tree.iter("li") if any(lists_class(above, "search-res") for above in li.iterancestors())]


def new_items(tree: Element) -> list[Element]:
    """The `td` elements of classes `document` and `contextual-region`, in document order, as NEW_ITEMS finds them.

    A walk of the `td` elements alone: fewer instructions than the XPath, which builds strings
    (normalize-space, concat) for every `td` it tests.
    """
    return [td for td in tree.iter("td") if lists_class(td, "document") and lists_class(td, "contextual-region")]


@dataclass(frozen=True)
class HtmlLayout:
    """Where one generation of the site puts things in its listing HTML (XPath, relative where it starts with `.`)."""

    name: str
    marker_class: str  # a class only this layout's listings use
    items: Callable[[Element], list[Element]]  # the results of a page, in document order
    closing: str  # end tag of a result, to tell a cut file
    title: Callable[[Element], bool]  # the title: the first match in document order
    link: Callable[[Element], bool]  # the document link: the first match
    current_page: str  # the pager's current page
    pager_offset: int  # pager number minus page number: the new site shows 1 for its page 0


OLD = HtmlLayout(
    name="old_html",
    marker_class="search-res",
    items=old_items,
    closing="</li>",
    title=old_title,
    link=old_link,
    current_page=f"//*[{with_class('pagination')}]//*[{with_class('current')}]",
    pager_offset=0,
)
NEW = HtmlLayout(
    name="new_html",
    marker_class="contextual-region",
    items=new_items,
    closing="</td>",
    title=new_title,
    link=document_link,
    current_page=f"//*[{with_class('pager__item')}][{with_class('is-active')}]",
    pager_offset=1,
)


def date_of(item: Element, elements: list[Element], title: Element | None, *, all_visible: bool = False) -> Element | None:
    """The element holding the item's date, among the item's `elements` (its descendants) outside the title.

    One whose class names a date holds it whatever its form (`December 2-3, 1956`,
    `circa 1960`): its text is kept verbatim for normalize_date to read or reject.
    Without one, the first other element whose whole text is a plain date. `all_visible` as for text_of.
    """
    title_parts = title_parts_in(item, title)
    for element in elements:
        if _DATE_CLASS.search(element.get("class", "")) and element not in title_parts:
            return element
    for element in elements:
        if element not in title_parts and (text := text_of(element, all_visible=all_visible)) and is_date_line(text):
            return element
    return None


def title_parts_in(item: Element, title: Element | None) -> set[Element]:
    """The title, what it holds and what holds it inside `item`: the elements that are not beside the title.

    The walk up stops at the item: its own ancestors are none of its descendants, and each costs a proxy to make.
    """
    if title is None:
        return set()
    parts = {title, *title.iterdescendants()}
    parent = title.getparent()
    while parent is not None and parent is not item:
        parts.add(parent)
        parent = parent.getparent()
    return parts


def first_matches(elements: list[Element], layout: HtmlLayout) -> tuple[Element | None, Element | None]:
    """The first document link and the first title among `elements`, in one walk."""
    link = title = None
    for element in elements:
        if link is None and layout.link(element):
            link = element
        if title is None and layout.title(element):
            title = element
        if link is not None and title is not None:
            break
    return link, title


class SiteHtml:
    """A listing page saved as HTML, in one of the site's layouts."""

    def __init__(self, layout: HtmlLayout) -> None:
        self.layout = layout
        self.name = layout.name

    def recognises(self, text: str) -> bool:
        return looks_like_html(text) and has_class(text, self.layout.marker_class)

    def parse(self, text: str) -> Page:
        text = normalize_newlines(text)
        tree = tree_of(text)
        url = canonical_url(tree)
        visible = all_text_visible(tree)  # no script or style anywhere: no item needs its own check
        first_result, last_result, total = header_range(tree, all_visible=visible) or (None, None, None)
        page = Page(format=self.name, source_url=url, page=self.page_number(tree, url))
        page.range_first, page.range_last, page.range_total = first_result, last_result, total
        elements = self.layout.items(tree)
        if elements and not closes_after(text, elements[-1].sourceline, self.layout.closing):
            cut = elements.pop()
            page.truncated = True
            page.problems.append(Problem(cut.sourceline, CUT_ITEM, text_of(cut)))
        for element in elements:
            self.read_item(page, element, url, all_visible=visible)
        page.problems.sort(key=lambda p: p.line or 0)
        return page

    def read_item(self, page: Page, element: Element, url: str | None, *, all_visible: bool = False) -> None:
        """Append the item `element` shows, or a problem when it has no title. `all_visible` as for text_of."""
        # One walk of the item's elements, as `.//*` would list them; each field takes its first match.
        elements = list(element.iterdescendants(etree.Element))  # elements only: no comments nor processing instructions
        link, title_element = first_matches(elements, self.layout)
        visible = all_visible or all_text_visible(element)
        date_element = date_of(element, elements, title_element, all_visible=visible)
        title = text_of(title_element, all_visible=visible)
        if not title:
            page.problems.append(Problem(element.sourceline, "result with no title", text_of(element, all_visible=visible)))
            return
        href = link.get("href") if link is not None else None
        page.items.append(
            Item(
                position=len(page.items) + 1,
                line=element.sourceline or 1,
                title=title,
                date_text=text_of(date_element, all_visible=visible),
                summary=summary_of(element, [title_element, date_element], all_visible=visible),
                document_url=absolute(str(href) if href else None, url),
            )
        )

    def page_number(self, tree: Element, url: str | None) -> int | None:
        """The page as the site counts it: from the canonical URL, else from the pager."""
        if (number := page_from_url(url)) is not None:
            return number
        current = text_of(first(tree, self.layout.current_page))
        if current is None or not current.isdigit():
            return None
        return int(current) - self.layout.pager_offset
