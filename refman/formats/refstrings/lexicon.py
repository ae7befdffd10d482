"""Small hand-made word lists that hint at a token's field (AnyStyle and GROBID use the same kind of lists).

Only words a person would list from general knowledge of reference styles: none is taken from the
evaluation data, so cross-validation stays honest. Entries are lower case without surrounding punctuation.
"""

from __future__ import annotations

MONTHS: dict[str, int] = {}
for _n, _names in enumerate(
    (
        "january jan januari janvier janv januar enero ene gennaio gen januarie jänner",
        "february feb februari février fevrier févr fév februar febrero febbraio febr",
        "march mar maret mars märz marz marzo maart mrt",
        "april apr avril abril aprile",
        "may mei mai mayo maggio",
        "june jun juni juin junio giugno",
        "july jul juli juillet juil julio luglio",
        "august aug agustus août aout agosto augustus",
        "september sep sept septembre septiembre settembre set",
        "october oct oktober octobre octubre ottobre okt ott",
        "november nov nopember novembre noviembre",
        "december dec desember décembre decembre dezember diciembre dicembre dez dic des",
    ),
    start=1,
):
    for _w in _names.split():
        MONTHS.setdefault(_w, _n)

SEASONS = frozenset(["spring", "summer", "autumn", "fall", "winter"])

# Words that often belong to a publisher's name.
PUBLISHER_WORDS = frozenset(
    ["press", "presses", "publishing", "publishers", "publisher", "publications", "publication", "books", "verlag", "verlags", "editions", "éditions", "editorial", "editora", "editrice", "edizioni", "uitgeverij", "forlag", "förlag", "wydawnictwo", "inc", "ltd", "llc", "co", "corp", "gmbh", "ag", "pty", "plc", "limited", "company", "wiley", "springer", "elsevier", "routledge", "sage", "pearson", "mcgraw-hill", "mcgraw", "hill", "penguin", "harper", "harpercollins", "macmillan", "palgrave", "blackwell", "norton", "academic", "kluwer", "nijhoff", "brill", "mouton", "gruyter", "lang", "taylor", "francis", "crc", "cengage", "prentice", "addison-wesley", "wesley", "longman", "hachette", "gallimard", "seuil", "flammarion", "suhrkamp", "beck", "fischer", "rowohlt", "thieme", "hanser", "teubner", "vieweg", "kohlhammer", "metzler", "niemeyer", "karger", "cassell", "methuen", "heinemann", "hodder", "bloomsbury", "continuum", "verso", "polity", "zed", "earthscan", "emerald", "ieee", "acm", "aip", "iop", "apa", "ams", "siam", "wolters", "lippincott", "saunders", "mosby", "churchill", "livingstone", "butterworth", "butterworths", "knopf", "doubleday", "scribner", "viking", "vintage", "anchor", "basic", "free", "simon", "schuster", "houghton", "mifflin", "random", "house", "bantam", "dell", "little", "brown", "ballantine", "pantheon", "hyperion", "crown", "putnam", "dutton", "erlangga", "gramedia", "kencana", "rajawali", "prenada", "prenadamedia", "pustaka", "pelajar", "alfabeta", "refika", "aditama", "rineka", "cipta", "remaja", "rosdakarya", "grasindo", "kanisius", "ghalia", "salemba", "deepublish", "andi", "bumi", "aksara", "penerbit", "mizan", "obor", "lp3es", "lkis", "sinar", "grafika", "raja", "grafindo", "persada", "balai", "nber", "oecd", "unesco", "unicef", "who", "worldbank", "imf", "undp", "usaid", "fao", "clarendon", "belknap", "harvester", "wheatsheaf", "ashgate", "edward", "elgar"]
)

# Cities, regions and countries frequent as places of publication.
PLACES = frozenset(
    ["london", "york", "new", "oxford", "cambridge", "boston", "chicago", "paris", "berlin", "münchen", "munich", "frankfurt", "leipzig", "stuttgart", "hamburg", "wien", "vienna", "zürich", "zurich", "basel", "bern", "amsterdam", "leiden", "utrecht", "rotterdam", "brussels", "bruxelles", "antwerp", "rome", "roma", "milano", "milan", "torino", "turin", "firenze", "florence", "bologna", "napoli", "madrid", "barcelona", "lisboa", "lisbon", "porto", "moscow", "moskva", "st", "petersburg", "warsaw", "warszawa", "kraków", "krakow", "prague", "praha", "budapest", "stockholm", "oslo", "copenhagen", "københavn", "helsinki", "dublin", "edinburgh", "glasgow", "manchester", "birmingham", "bristol", "washington", "philadelphia", "baltimore", "princeton", "berkeley", "stanford", "los", "angeles", "san", "francisco", "diego", "seattle", "toronto", "montreal", "montréal", "ottawa", "vancouver", "sydney", "melbourne", "canberra", "auckland", "wellington", "tokyo", "kyoto", "beijing", "shanghai", "singapore", "hong", "kong", "delhi", "mumbai", "calcutta", "kolkata", "bangalore", "chennai", "jakarta", "yogyakarta", "bandung", "surabaya", "malang", "semarang", "medan", "makassar", "denpasar", "bogor", "depok", "solo", "surakarta", "padang", "palembang", "kuala", "lumpur", "bangkok", "manila", "hanoi", "seoul", "taipei", "cairo", "johannesburg", "cape", "town", "nairobi", "lagos", "mexico", "buenos", "aires", "são", "paulo", "rio", "janeiro", "santiago", "bogotá", "lima", "caracas", "westport", "greenwich", "thousand", "oaks", "newbury", "park", "hoboken", "englewood", "cliffs", "upper", "saddle", "river", "amherst", "hillsdale", "mahwah", "norwood", "hove", "abingdon", "oxon", "basingstoke", "harlow", "chichester", "cheltenham", "aldershot", "farnham", "burlington", "boca", "raton", "heidelberg", "dordrecht", "göttingen", "tübingen", "freiburg", "mainz", "köln", "cologne", "bonn", "düsseldorf", "dresden", "hannover", "new", "haven", "ithaca", "ann", "arbor", "minneapolis", "urbana", "champaign", "bloomington", "austin", "houston", "dallas", "atlanta", "miami", "denver", "cleveland", "pittsburgh", "cincinnati", "detroit", "st", "louis", "columbus", "madison", "evanston", "lanham", "totowa", "norwood", "indianapolis", "nashville", "durham", "chapel", "hill", "charlottesville", "ny", "nj", "ma", "ca", "il", "ct", "pa", "dc", "md", "va", "mi", "mn", "tx", "fl", "ga", "oh", "wi", "nc", "co", "wa", "uk", "usa", "us", "u.s.a", "u.s", "england", "scotland", "wales", "ireland", "germany", "france", "italy", "spain", "netherlands", "switzerland", "austria", "belgium", "sweden", "norway", "denmark", "finland", "poland", "russia", "china", "japan", "india", "indonesia", "australia", "canada", "brazil", "argentina", "chile", "malaysia", "thailand", "philippines", "vietnam", "korea"]
)

JOURNAL_WORDS = frozenset(
    ["journal", "jurnal", "journals", "revue", "review", "reviews", "revista", "rivista", "zeitschrift", "tijdschrift", "tidsskrift", "proceedings", "transactions", "annals", "annales", "bulletin", "quarterly", "letters", "magazine", "acta", "archives", "archiv", "archivio", "cahiers", "gazette", "monthly", "weekly", "newsletter", "gazette", "studies", "research", "science", "sciences", "international", "j", "jour", "rev", "proc", "trans", "ann", "bull", "lett", "phys", "chem", "soc", "am", "med", "biol", "natl", "acad", "sci", "res", "eng", "int", "intl", "comput", "math", "appl", "clin", "neurosci", "psychol", "econ", "environ", "ecol", "geophys", "astrophys", "nature", "lancet", "plos", "bmj", "jama", "cell", "frontiers"]
)

GENRE_WORDS = frozenset(
    ["thesis", "dissertation", "skripsi", "tesis", "disertasi", "phd", "ph.d", "doctoral", "doctorate", "master's", "masters", "master", "unpublished", "manuscript", "report", "working", "paper", "papers", "technical", "mimeo", "memorandum", "diss", "habilitation", "magisterarbeit", "diplomarbeit", "doktorarbeit", "bachelor's"]
)

CONFERENCE_WORDS = frozenset(
    ["conference", "proceedings", "symposium", "workshop", "congress", "meeting", "seminar", "colloquium", "convention", "konferensi", "prosiding", "seminar", "simposium", "kongres", "annual"]
)

EDITOR_WORDS = frozenset(
    ["ed", "ed.", "eds", "eds.", "editor", "editors", "edited", "edit", "hrsg", "hg", "hgg", "éd", "éds", "dir", "dirs", "coord", "coords", "comp", "comps", "redaksi"]
)
TRANSLATOR_WORDS = frozenset(["trans", "translated", "translator", "translators", "übers", "übersetzt", "trad", "traduit", "tr"])
PAGE_WORDS = frozenset(["pp", "p", "pages", "page", "s", "ss", "hal", "hlm", "halaman", "pág", "págs", "str"])
VOLUME_WORDS = frozenset(["vol", "vols", "volume", "volumes", "bd", "jg", "jahrgang", "tome", "t", "tomo", "vol."])
ISSUE_WORDS = frozenset(["no", "nos", "number", "nr", "issue", "iss", "núm", "num", "heft", "n°"])
EDITION_WORDS = frozenset(["edition", "ed", "aufl", "auflage", "edn", "éd", "edición", "edisi", "cetakan", "rev", "revised"])
RETRIEVAL_WORDS = frozenset(
    ["retrieved", "available", "accessed", "access", "online", "viewed", "diakses", "tersedia", "consulted", "abgerufen", "disponible", "from", "at"]
)
CONJUNCTIONS = frozenset(["and", "&", "und", "et", "y", "e", "dan", "en", "och", "og", "i"])
IN_WORDS = frozenset(["in", "dalam", "en", "dans"])
ORG_WORDS = frozenset(
    ["university", "universitas", "universität", "université", "universidad", "università", "institute", "institut", "instituto", "department", "departement", "ministry", "kementerian", "association", "society", "organization", "organisation", "council", "committee", "commission", "agency", "bureau", "office", "centre", "center", "foundation", "school", "college", "council", "government", "national", "world", "bank", "nations", "board", "service", "group", "laboratory"]
)


# --- Large name and place list -----------------------------------------------------------------------------
# resources/refstrings-names.tsv.gz: word<TAB>tags, tags from {g: given name, f: family name, l: place}, built by
# `python -m refman.formats.refstrings.names_lexicon` from the person and address data that ships in the Faker
# package (MIT licence, many locales including id_ID), minus function words and the keyword lists above.
# Independent of the AnyStyle data, so cross-validation stays honest.
NAMES_FILE = "refstrings-names.tsv.gz"
_name_tags: dict[str, str] | None = None


def name_tags(word: str) -> str:
    """'john' -> 'gf', 'jakarta' -> 'l', 'theory' -> '' (lower-case bare word)."""
    global _name_tags
    if _name_tags is None:
        _name_tags = _load_names()
    return _name_tags.get(word, "")


def _load_names() -> dict[str, str]:
    import gzip

    from refman.resources import resource_path

    path = resource_path(NAMES_FILE)
    if not path.exists():
        return {}
    out: dict[str, str] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            word, _, tags = line.rstrip("\n").partition("\t")
            out[word] = tags
    return out
