"""Article landing pages (Open Journal Systems and similar), pasted or saved as text.

`read` returns the article as entries[0] and one entry per reference after it, with `citing_index` and
`cited_indexes` saying which cites which; `sniff` scores how much a text looks like such a page.
"""

from refman.formats.article_page.reader import read
from refman.formats.article_page.sniffing import sniff

__all__ = ["read", "sniff"]
