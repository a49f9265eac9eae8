"""Who the data belongs to and how to cite it: one wording for the data package and the dictionary.

The archive grants no open license. Its document pages carry a rights
statement (seen on real pages, e.g. ../shared/real-pages/documents/005.txt);
it is quoted here as printed, not paraphrased into a license it is not.
"""

ARCHIVE_NAME = "Wilson Center Digital Archive (History and Public Policy Program)"
ARCHIVE_URL = "https://digitalarchive.wilsoncenter.org"
REUSE_TERMS_URL = ARCHIVE_URL

PACKAGE_NAME = "wilson-center-digital-archive-listings"
PACKAGE_TITLE = "Wilson Center Digital Archive listings as research tables"

REUSE_TERMS = (
    "No open license. The archive's reuse terms: research and educational reuse welcomed; "
    "some documents remain under their rights holders' copyright; commercial use needs the "
    "History and Public Policy Program's permission."
)

# As printed under "Rights" on the archive's document pages (first paragraph). The second paragraph
# sends rights-status and commercial-use requests to the Program, at an address the saved pages obfuscate.
ARCHIVE_RIGHTS_STATEMENT = (
    "The History and Public Policy Program welcomes reuse of Digital Archive materials for research and "
    "educational purposes. Some documents may be subject to copyright, which is retained by the rights holders "
    "in accordance with US and international copyright laws. When possible, rights holders have been contacted "
    "for permission to reproduce their materials."
)
ARCHIVE_PERMISSIONS = (
    "For a document's rights status, or permission for commercial use, the archive asks readers to contact "
    "the History and Public Policy Program (the address is on each document page)."
)

# The archive's own citation pattern for a single document.
DOCUMENT_CITATION = '"<Title>," <date>, History and Public Policy Program Digital Archive, <source>. <translator>. <url>'
