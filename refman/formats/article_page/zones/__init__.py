"""Line zoning of pasted article pages: a CRF over line features says which lines are the title, the
author names, the abstract and the bibliography, whatever order a site prints them in."""

from refman.formats.article_page.zones.tagger import Zones, zones

__all__ = ["Zones", "zones"]
