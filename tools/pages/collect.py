"""Copy the real saved article pages of the corpus out of public repositories' test fixtures.

Why: the page corpus (tests/data/pages/) must hold pages nobody on the team wrote, byte for byte as
their source repository keeps them, with a record of where each came from.  This script is that record:
SOURCES lists every page (id, platform, repository, commit, path, licence) and, run against snapshots
of those repositories (``fetch`` puts them under /work/.mirror/<owner>+<name>/), it rewrites each
page.html from ``git show <commit>:<path>`` and regenerates SOURCES.md.

Usage: .venv/bin/python tools/pages/collect.py [--mirror /work/.mirror] [--sources-only] [ID ...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "data" / "pages"

SANDCRAWLER = ("internetarchive/sandcrawler", "e23e2bd50ace057dd5ea515704f9dc20216da739", "NOASSERTION")
PAPIS = ("papis/papis", "9cbb01cf6bc0f4a79869ef1574b87015fd9fe673", "GPL-3.0-only")
COMMONMETA = ("front-matter/commonmeta-py", "8cfcdf30642181b5e1300c0338b3ae396460e8ae", "MIT")
SCISCRAPE = ("jmcarp/sciscrape", "578c69e10b35b2a04264a7cda7f7c4da405ab9ec", "NOASSERTION")
CITELET = ("cos-labs/scinet-citelet", "65c6ed3ebe875af0e878ca0a78de9ce90f564943", "NOASSERTION")
# Added after the split was frozen (see make_split.py --add): platforms the first 44 pages lacked.
NORMA = ("ContentMine/norma", "2970a4d172ef3f128647165613b58251ea1e6b70", "Apache-2.0")
QUICKSCRAPE = ("ContentMine/quickscrape", "73a3c8c309eb801fa8474a0d92c79b178446d58d", "MIT")
AMI = ("ContentMine/ami", "77524a52dec5e652cb66fef64473f4f56ec5e064", "Apache-2.0")
POSTLIGHT = ("postlight/parser", "e8ba7ece291efa4d915d50dd4deeec17d54359f2", "MIT OR Apache-2.0")
HEPCRAWL = ("inspirehep/hepcrawl", "8deff5b6bc654efe6ec6a495ff35499a46a74c39", "BSD-3-Clause")
METASCRAPER = ("microlinkhq/metascraper", "20423f52ef9b4a07d3b25e56e34d2756b3291250", "MIT")
ACE = ("neurosynth/ACE", "068c99f7195ec4edfeea52ba1185fb1114992429", "MIT")
FINDPAPERS = ("jonatasgrosman/findpapers", "45e6526e1385dba8012f368e3e56097f1af67417", "MIT")
DERGIPARK_MCP = ("muctebadikmen/dergipark-mcp", "c9cc376210d5f430890467adee8b67ba1eaea974", "MIT")
PERCOLATOR = ("CrossRef/event-data-percolator", "473fe097e8d13622a6390c375297e4cc7d283a91", "MIT")
TRAFILATURA = ("adbar/trafilatura", "e90b0ef51ab026fdb905fb6c5b3c84dd3d784fd5", "Apache-2.0")


@dataclass(frozen=True)
class Source:
    """One page: where it lives in which repository, at which commit, under which licence."""

    page_id: str
    platform: str
    repo: str
    commit: str
    path: str
    licence: str


def _s(page_id: str, platform: str, path: str, origin: tuple[str, str, str], commit: str = "") -> Source:
    repo, head, licence = origin
    return Source(page_id, platform, repo, commit or head, path, licence)


SC = "python/tests/files/"
PR = "tests/downloaders/resources/"
SOURCES: list[Source] = [
    _s("dlib-crowdsourcing-vanhyning", "dlib", SC + "dlib_05vanhyning.html", SANDCRAWLER),
    _s("elife-basal-chordate-visual", "elife", SC + "elife_article.html", SANDCRAWLER),
    _s(
        "firstmonday-hiv-surveillance-fulltext",
        "firstmonday",
        SC + "first_monday_ojs3_fulltext.html",
        SANDCRAWLER,
    ),
    _s(
        "firstmonday-hiv-surveillance-landing",
        "firstmonday",
        SC + "first_monday_ojs3_landingpage.html",
        SANDCRAWLER,
    ),
    _s("genders-fairlie", "genders", SC + "genders_g58_fairlie.html", SANDCRAWLER),
    _s("nature-news-journals-disappeared", "nature", SC + "nature_article.html", SANDCRAWLER),
    _s("peerj-state-of-oa", "peerj", SC + "peerj_oa_article.html", SANDCRAWLER),
    _s("plos-one-reticuloendotheliosis", "plos", SC + "plos_one_article.html", SANDCRAWLER),
    _s("acl-naacl2021-prompt-worth", "acl", PR + "ACL_2021.naacl-main.208.html", PAPIS),
    _s("acl-hlt2004-entity-detection", "acl", PR + "ACL_N04-1001.html", PAPIS),
    _s(
        "aps-prl-phonon-magnetochiral",
        "aps",
        PR + "APS_PhysRevLett.122.145901.html",
        PAPIS,
        "2db3add7c8f4aede9d97288a97558d927c1018c6",
    ),
    _s("aps-prx-tearing-instability", "aps", PR + "APS_PhysRevX.12.041027.html", PAPIS),
    _s("aps-rmp-electron-diffraction", "aps", PR + "APS_RevModPhys.94.045004.html", PAPIS),
    _s("opus-kobv-adjoint-schemes", "opus", PR + "Fallback_kobv.html", PAPIS),
    _s("peerj-reef-fish-scuba", "peerj", PR + "Fallback_peerj.html", PAPIS),
    _s("hal-jpa-knight-shift", "hal", PR + "HAL_HAL_jpa_00235190.html", PAPIS),
    _s("hal-theses-discharging", "hal", PR + "HAL_THESES_tel_02083632v1.html", PAPIS),
    _s("iop-metrologia-magnetic-temperature", "iop", PR + "IOPScience_002.html", PAPIS),
    _s("iop-bmm-pcec-bioglass", "iop", PR + "IOPScience_ab007b.html", PAPIS),
    _s("lingbuzz-svo-attractors", "lingbuzz", PR + "Lingbuzz_006747.html", PAPIS),
    _s("lingbuzz-adverb-still", "lingbuzz", PR + "Lingbuzz_008324.html", PAPIS),
    _s("nber-w29971-qe-ycc", "nber", PR + "NBER_w29971.html", PAPIS),
    _s("nber-w33843-meaning-at-work", "nber", PR + "NBER_w33843.html", PAPIS),
    _s("euclid-duke-delocalization", "projecteuclid", PR + "ProjectEuclid_00127094_3129809.html", PAPIS),
    _s("euclid-ade-renormalization", "projecteuclid", PR + "ProjectEuclid_1391109086.html", PAPIS),
    _s(
        "sciencedirect-cpl-epstein-nesbet",
        "sciencedirect",
        PR + "ScienceDirect_S0009261497040141.html",
        PAPIS,
    ),
    _s("sciencedirect-envsci-nbs", "sciencedirect", PR + "ScienceDirect_S146290112300117X.html", PAPIS),
    _s("sciencedirect-comptc-bonding", "sciencedirect", PR + "ScienceDirect_S2210271X18305656.html", PAPIS),
    _s("springer-nuovocimento-identical-particles", "springer", PR + "SpringerLink_BF02727953.html", PAPIS),
    _s("springer-jpe-amylose-bioplastic", "springer", PR + "SpringerLink_s10924_010_0192_1.html", PAPIS),
    _s("usenix-sec22-morphuzz", "usenix", PR + "USENIX_bulekov.html", PAPIS),
    _s("usenix-nsdi22-backpressure", "usenix", PR + "USENIX_goyal.html", PAPIS),
    _s("acs-combsci-cuaac", "acs", PR + "acs_1.html", PAPIS, "3a09e6f8331db3d391dad14bc50b56efc21ce6db"),
    _s(
        "acs-jpca-heisenberg-polyynes",
        "acs",
        PR + "acs_2.html",
        PAPIS,
        "3a09e6f8331db3d391dad14bc50b56efc21ce6db",
    ),
    _s(
        "acs-photonics-squeezed-light",
        "acs",
        PR + "acs_3.html",
        PAPIS,
        "cebcc2bbab9bcfcb5e727fffa5e8125f3cab6b99",
    ),
    _s(
        "acs-nanolett-ros-angiogenesis",
        "acs",
        PR + "acs_4.html",
        PAPIS,
        "d73224b8642ebe15d6d8d62d11ba4b79c1b9257f",
    ),
    _s(
        "tandf-molphys-moller-plesset",
        "tandf",
        PR + "TFOnline_00268976.2013.788745.html",
        PAPIS,
        "e7a4f2988137711538761fca8381c142dc94acd4",
    ),
    _s(
        "tandf-cogent-bioplastics-review",
        "tandf",
        PR + "TFOnline_23311932.2015.1117749.html",
        PAPIS,
        "e7a4f2988137711538761fca8381c142dc94acd4",
    ),
    _s("arxiv-1902.02534-croci", "arxiv", "tests/fixtures/arxiv.html", COMMONMETA),
    _s("contao-app-brachiosaurus-ribs", "contao", "tests/fixtures/pan.html", COMMONMETA),
    _s("plos-one-congruency-effect", "plos", "tests/fixtures/23638070/23638070.html", SCISCRAPE),
    _s("frontiers-neurosci-brain-decoding", "frontiers", "app/tests/fixtures/frontiers.html", CITELET),
    _s("plos-one-gobioid-fossil", "plos", "app/tests/fixtures/plos.html", CITELET),
    _s("sage-pps-reproducibility-project", "sage", "app/tests/fixtures/psychsci.html", CITELET),
    # --- pages added after the split was frozen; each one's half is given by make_split.py --add ---
]
NR = "src/test/resources/org/xmlcml/norma/"
MC = "packages/metascraper-citation/test/fixtures/"
AT = "ace/tests/"
SOURCES += [
    _s("mdpi-molecules-sesame-ssr", "mdpi", "output/htm", QUICKSCRAPE),
    _s("mdpi-metabolites-durum-fusarium", "mdpi", NR + "pubstyle/mdpi/04-00932/fulltext.html", NORMA),
    _s(
        "wiley-annphys-schrodinger-quantisierung",
        "wiley",
        PR + "wiley_1.html",
        PAPIS,
        "70d26533b2aedb38ae201f263195ea206647cff1",
    ),
    _s(
        "wiley-advs-transition-metals",
        "wiley",
        NR + "pubstyle/wiley/ccby/advs.201500314/fulltext.html",
        NORMA,
    ),
    _s("bmc-evolbiol-maternal-lineages", "bmc", NR + "pubstyle/bmc/1471-2148-14-70/fulltext.html", NORMA),
    _s(
        "bmc-trials-low-back-pain",
        "bmc",
        NR + "pubstyle/bmc/http_www.trialsjournal.com_content_15_1_511/fulltext.html",
        NORMA,
    ),
    _s("hindawi-wheat-foliar-phosphite", "hindawi", NR + "pubstyle/hindawi/801626/fulltext.html", NORMA),
    _s(
        "copernicus-acp-gem-co-slopes",
        "copernicus",
        NR + "pubstyle/acp/ccby/acp-15-1013-2015/fulltext.html",
        NORMA,
    ),
    _s("oup-aobpla-endophyte-niche", "oup", NR + "pubstyle/oup/ccby/aobpla.plv005/fulltext.html", NORMA),
    _s(
        "cambridge-pao-cryptosporidium-pcr",
        "cambridge",
        NR + "pubstyle/cup/ccby/pao.2016.2 /fulltext.html",
        NORMA,
    ),
    _s("biorxiv-urine-cfdna-nucleosomal", "biorxiv", "fixtures/biorxiv.org.html", POSTLIGHT),
    _s(
        "annualreviews-conmatphys-mbl",
        "annualreviews",
        PR + "annualreviews_1.html",
        PAPIS,
        "c12c44794f1f72a059faf14e740b4d9013e85537",
    ),
    _s("aip-aplphotonics-sub-thz-esr", "aip", NR + "pubstyle/aip/ccby/1.4945450/fulltext.html", NORMA),
    _s(
        "royalsociety-rsos-toll-receptor",
        "royalsociety",
        NR + "pubstyle/rs/ccby/rsos.160123/fulltext.html",
        NORMA,
    ),
    _s(
        "f1000research-sharpnose-longevity",
        "f1000research",
        NR + "pubstyle/f1000research/3-190/fulltext.html",
        NORMA,
    ),
    _s("bmj-dabigatran-warfarin", "bmj", NR + "pubstyle/bmj/ccnc/bmj.i2607/fulltext.html", NORMA),
    _s(
        "ieee-fso-rf-hybrid-networks",
        "ieee",
        "src/test/resources/org/xmlcml/ami2/ieee/1196402_html/fulltext.html",
        AMI,
    ),
    _s(
        "ieee-dynamic-spectrum-management",
        "ieee",
        "src/test/resources/org/xmlcml/ami2/ieee/1542681_html/fulltext.html",
        AMI,
    ),
    _s("apa-psycnet-replication-crisis", "apa", NR + "pubstyle/apa/ccby/arc0000029/fulltext.html", NORMA),
    _s("sage-ojsm-acl-ice-hockey", "sage", NR + "pubstyle/sage/out/2325967116646534/fulltext.html", NORMA),
    _s("iop-jpcm-ito-near-infrared", "iop", NR + "pubstyle/iop/oa/224009/fulltext.html", NORMA),
    _s(
        "springeropen-biobioproc-carboxypeptidase",
        "springer",
        NR + "pubstyle/springer/ccby/s40643-016-0099-3/fulltext.html",
        NORMA,
    ),
    _s(
        "wiley-bph-ghrelin-antagonist",
        "wiley",
        NR + "pubstyle/wiley/test/bph.13439/fulltext.html",
        NORMA,
        "a727705b190ed701cb73e04bda1639f67dfcaa69",
    ),
    _s(
        "citeseerx-lambda-monads",
        "citeseerx",
        PR + "citeseerx_1.html",
        PAPIS,
        "5b35b437b55a42f136a2038c0d45ce7aa72d0bf3",
    ),
    _s(
        "frontiers-psychol-dog-cooperation",
        "frontiers",
        NR + "pubstyle/frontiers/fpsyg-05-01582/fulltext.html",
        NORMA,
    ),
    _s("elife-drosophila-circuit-rewiring", "elife", NR + "pubstyle/elife/e04407/fulltext.html", NORMA),
    _s(
        "f1000research-aedes-obp-binding",
        "f1000research",
        NR + "pubstyle/f1000research/3-305/fulltext.html",
        NORMA,
    ),
    _s(
        "tandf-advdevmat-licoo2-combustion",
        "tandf",
        NR + "pubstyle/tf/ccby/20550308.2015.1135230/fulltext.html",
        NORMA,
    ),
    _s("pensoft-zookeys-troglobitic-flatworm", "pensoft", NR + "pubstyle/pensoft/4478/fulltext.html", NORMA),
    _s(
        "pos-lattice2013-heavy-flavour",
        "pos",
        "tests/functional/pos/fixtures/https_server/records/PoS(LATTICE 2013)001.html",
        HEPCRAWL,
    ),
    # Added in the fifth session: IJSEM (HighWire-hosted, like the BMJ/OUP/SAGE/Royal Society pages),
    # one more Hindawi page (247835 stays out: see hindawi-wheat-foliar-phosphite's notes) and a 2014 ScienceDirect full text, all from ContentMine/norma.
    _s(
        "ijsem-sulfurimonas-gotlandica",
        "ijsem",
        "examples/ijsem-quickscrape/ijsem-mounce-OLD-scraper/http_ijs.sgmjournals.org_content_63_Pt_11_4141.full/fulltext.html",
        NORMA,
    ),
    _s(
        "ijsem-arthrobacter-siccitolerans",
        "ijsem",
        "examples/ijsem-quickscrape/ijsem-mounce-OLD-scraper/http_ijs.sgmjournals.org_content_63_Pt_11_4174.full/fulltext.html",
        NORMA,
    ),
    _s(
        "ijsem-prevotella-jejuni",
        "ijsem",
        "examples/ijsem-quickscrape/ijsem-mounce-OLD-scraper/http_ijs.sgmjournals.org_content_63_Pt_11_4218.full/fulltext.html",
        NORMA,
    ),
    _s(
        "ijsem-phaeobacter-type-strains",
        "ijsem",
        "examples/ijsem-quickscrape/ijsem-mounce-OLD-scraper/http_ijs.sgmjournals.org_content_63_Pt_11_4340.full/fulltext.html",
        NORMA,
    ),
    _s(
        "ijsem-bifidobacterium-stercoris",
        "ijsem",
        "examples/ijsem-quickscrape/ijsem-mounce-OLD-scraper/http_ijs.sgmjournals.org_content_63_Pt_11_4350.full/fulltext.html",
        NORMA,
    ),
    _s(
        "ijsem-myxococcales-type-strains",
        "ijsem",
        "examples/ijsem-quickscrape/ijsem-mounce-OLD-scraper/http_ijs.sgmjournals.org_content_63_Pt_11_4354.full/fulltext.html",
        NORMA,
    ),
    _s(
        "ijsem-spirosoma-endophyticum",
        "ijsem",
        "examples/ijsem-quickscrape/ijsem-mounce-OLD-scraper/http_ijs.sgmjournals.org_content_63_Pt_12_4586.full/fulltext.html",
        NORMA,
    ),
    _s(
        "ijsem-validation-list-53",
        "ijsem",
        "examples/ijsem-quickscrape/ijsemout-rsu-scraper/http_ijs.sgmjournals.org_content_53_1_1.full/fulltext.html",
        NORMA,
    ),
    _s(
        "hindawi-jointvetch-waterlogging",
        "hindawi",
        NR + "pubstyle/hindawi/507405/fulltext.html",
        NORMA,
    ),
    _s(
        "sciencedirect-ympev-cichlid-phylogeny",
        "sciencedirect",
        NR + "pubstyle/elsevier/ccnc/j.ympev.2014.10.009/fulltext.html",
        NORMA,
    ),
    # Added in the sixth session: the rest of ContentMine/norma's publisher fixtures that are whole
    # article pages (PeerJ, the Royal Society's 2010 HighWire site, Nature, PLOS, T&F, ACS, Wiley),
    # each at the last commit that still holds it. Left out: a second PLOS and ACS page (same
    # layouts as these), a T&F page of the same journal and year, bmc/multiple.312.html (a search
    # listing, not an article page).
    _s("peerj-zebrafish-wwox", "peerj", NR + "pubstyle/peerj/727/fulltext.html", NORMA),
    _s("plos-one-fanged-frog", "plos", NR + "pubstyle/plosone/journal.pone.0115884/fulltext.html", NORMA),
    _s(
        "royalsociety-rspb-duck-eversion",
        "royalsociety",
        NR + "pubstyle/rs/RSTest/277_1686_1309/fulltext.html",
        NORMA,
        "a727705b190ed701cb73e04bda1639f67dfcaa69",
    ),
    _s(
        "nature-nnano-cell-surface-sensors",
        "nature",
        NR + "pubstyle/nature/closed/doi_10_1038_nnano_2011_101/fulltext.html",
        NORMA,
        "9acc1b1449857eef1cf60562b3f38492a0116c30",
    ),
    _s(
        "tandf-ijrs-sar-wind-upwelling",
        "tandf",
        NR + "pubstyle/tf/TandF_OA_Test/doi_10.1080_01431161.2014.916438/fulltext.html",
        NORMA,
        "3bfd3a058750134bb191348f2c00f94ae90fcc9c",
    ),
    _s(
        "acs-jpclett-open-access",
        "acs",
        NR + "pubstyle/acs/test/acs.jpclett.5b00381/fulltext.html",
        NORMA,
        "a727705b190ed701cb73e04bda1639f67dfcaa69",
    ),
    _s(
        "acs-jacs-mof-paddlewheel",
        "acs",
        NR + "pubstyle/acs/ccby/jacs.5b12312/fulltext.html",
        NORMA,
        "9acc1b1449857eef1cf60562b3f38492a0116c30",
    ),
    _s(
        "wiley-chemopen-organosilane-gold",
        "wiley",
        NR + "pubstyle/wiley/test/open.201500172/fulltext2.html",
        NORMA,
        "a727705b190ed701cb73e04bda1639f67dfcaa69",
    ),
    # Added in the seventh session: platforms the corpus lacked or was thin on. PubMed Central,
    # ScienceDirect, Frontiers and Nature pages kept by metascraper-citation's tests (named by URL);
    # an ACM Digital Library abstract page from findpapers, at the last commit that still holds it
    # (05f9b3b removed it).
    _s(
        "pmc-nar-genbank-2013",
        "pmc",
        MC + "pmc.ncbi.nlm.nih.gov-articles-PMC3531190.html",
        METASCRAPER,
    ),
    _s(
        "sciencedirect-rsma-leatherback-genetics",
        "sciencedirect",
        MC + "www.sciencedirect.com-science-article-abs-pii-S2352485522001888.html",
        METASCRAPER,
    ),
    _s(
        "frontiers-psychol-bayes-nonsignificant",
        "frontiers",
        MC + "www.frontiersin.org-journals-psychology-articles-10.3389-fpsyg.2014.00781-full.html",
        METASCRAPER,
    ),
    _s(
        "nature-alphafold-structure-prediction",
        "nature",
        MC + "www.nature.com-articles-s41586-021-03819-2.html",
        METASCRAPER,
    ),
    _s("acm-codscomad-graph-nlp-tutorial", "acm", "tests/data/acm-paper-page.html", FINDPAPERS),
    # neurosynth/ACE (coordinate extraction from neuroimaging papers) keeps whole full-text pages as
    # its browser (Selenium) saved them: PubMed Central's classic layout, SAGE, Oxford Academic,
    # SpringerLink, Wiley, MDPI, PNAS, JAMA Network, Psychiatry Online and MIT Press Journals.
    # Left out: data/springer.html (ACE's "Combined SpringerLink Page", not one saved page),
    # data/plosone.html and data/frontiers.html (PMC JATS XML, not pages), data/tandfonline.html
    # (an empty shell), and further ScienceDirect/OUP pages of layouts the corpus has.
    _s("pmc-bpcnni-emotion-sessions", "pmc", AT + "data/pmc.html", ACE),
    _s("sage-jad-posterior-cortical-atrophy", "sage", AT + "data/sage.html", ACE),
    _s("oup-brain-writers-cramp-basal-ganglia", "oup", AT + "data/brain.html", ACE),
    _s("springer-bib-social-cognition-networks", "springer", AT + "weird_data/27007121.html", ACE),
    _s("wiley-epilepsia-cerebellar-myoclonic", "wiley", AT + "weird_data/36196770.html", ACE),
    _s("mdpi-brainsci-stress-ball-tactile", "mdpi", AT + "data/mdpi.html", ACE),
    _s("pnas-print-sensitivity-children", "pnas", AT + "data/pnas.html", ACE),
    _s("jama-archgenpsych-alcohol-cues", "jama", AT + "weird_data/11296095.html", ACE),
    _s("psychiatryonline-ajp-conduct-disorder", "psychiatryonline", AT + "data/ampsych.html", ACE),
    _s("mitpress-jocn-musical-expectancy", "mitpress", AT + "data/jcogneuro.html", ACE),
    # Added in the eighth session: platforms outside the big publishers. DergiPark (TÜBİTAK ULAKBİM's
    # Turkish journal host) pages that dergipark-mcp keeps as real-data fixtures; an Open Journal
    # Systems 2 article page (Co-Action's International Journal of Circumpolar Health, body snipped
    # by the fixture's maker, head metadata intact) from Crossref's event-data-percolator; an Annals
    # of Internal Medicine page (ACP Journals, Atypon) from trafilatura's evaluation set.
    _s(
        "dergipark-29mayis-preschool-critical-thinking",
        "dergipark",
        "tests/fixtures/article_rich.html",
        DERGIPARK_MCP,
    ),
    _s("dergipark-tbmm-military-force-motion", "dergipark", "tests/fixtures/article.html", DERGIPARK_MCP),
    _s("ojs2-ijch-pilot-whale-diet", "ojs", "resources/18594", PERCOLATOR),
    _s(
        "acp-annals-influenza-vaccination-elderly",
        "acp",
        "tests/eval/acpjournals.org.3075.html",
        TRAFILATURA,
    ),
]


def git_dir(mirror: Path, repo: str) -> Path:
    """The snapshot's git directory as ``fetch`` lays it out."""
    base = mirror / repo.replace("/", "+") / "repo"
    return base / ".git" if (base / ".git").is_dir() else base


def copy_pages(mirror: Path, only: set[str] | None = None) -> None:
    """Write each page.html (or only the named ones) from its repository snapshot, byte for byte."""
    for src in SOURCES:
        if only and src.page_id not in only:
            continue
        data = subprocess.run(
            ["git", "-C", str(git_dir(mirror, src.repo)), "show", f"{src.commit}:{src.path}"],
            capture_output=True,
            check=True,
        ).stdout
        out = PAGES / src.page_id
        out.mkdir(parents=True, exist_ok=True)
        (out / "page.html").write_bytes(data)


def original_url(page_id: str) -> str:
    """The URL recorded in gold.json (taken from the page itself), if drafted yet."""
    gold = PAGES / page_id / "gold.json"
    if gold.is_file():
        return str(json.loads(gold.read_text(encoding="utf-8")).get("url", ""))
    return ""


def write_sources_md() -> None:
    """SOURCES.md: one row per page, plus where the source repositories' licence texts are."""
    lines = [
        "# Sources of the article-page corpus",
        "",
        "Every page.html is a byte-for-byte copy of a test fixture in a public repository, made by",
        "`tools/pages/collect.py`. Licence texts of the source repositories are in `licences/`.",
        "NOASSERTION = the repository states no licence; the page content itself is the publisher's",
        "(for the open-access pages, usually CC BY as recorded in each gold.json).",
        "",
        "page.txt is regenerated from page.html by `tools/pages/to_text.py` (headless Chromium, network",
        "closed, document.body.innerText); gold.json was drafted by `tools/pages/draft_gold.py` and then",
        'checked and corrected by hand (corrections are listed in each gold.json "notes");',
        "`tools/pages/check_gold.py` validates them. split.json was made once by `tools/pages/make_split.py`.",
        "",
        'Pages added after that split (listed under "added" in split.json) never move an existing page:',
        "`make_split.py --add` puts each new page in a half by a rule fixed before any importer result on it",
        "was seen - the first hex digit of sha256(page id) even -> dev, odd -> held-out.",
        "",
        "| id | platform | original URL | source (repo@commit:path) | repo licence |",
        "| --- | --- | --- | --- | --- |",
    ]
    for src in SOURCES:
        lines.append(
            f"| {src.page_id} | {src.platform} | {original_url(src.page_id)} | "
            f"{src.repo}@{src.commit}:{src.path} | {src.licence} |"
        )
    (PAGES / "SOURCES.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--sources-only", action="store_true", help="only rewrite SOURCES.md")
    parser.add_argument("ids", nargs="*", help="copy only these page ids (default: all)")
    args = parser.parse_args(argv)
    unknown = set(args.ids) - {src.page_id for src in SOURCES}
    if unknown:
        parser.error(f"unknown page ids: {sorted(unknown)}")
    if not args.sources_only:
        copy_pages(args.mirror, set(args.ids) or None)
    write_sources_md()
    print(f"{len(SOURCES)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
