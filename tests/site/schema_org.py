"""A small schema.org check for the JSON-LD the site writes: every node's @type is one the site
uses, each property belongs to that type (as schema.org defines it, inherited ones included) and
the properties search engines require are there. Nodes without @type must be references (@id)."""

# type -> properties schema.org defines for it that the site may use
ALLOWED = {
    "FurnitureStore": {
        "@id", "name", "url", "logo", "image", "description", "email", "telephone", "sameAs", "address",
        "openingHours", "geo", "hasMap", "areaServed", "department", "priceRange", "currenciesAccepted",
        "review", "aggregateRating",
    },
    "PostalAddress": {"streetAddress", "addressLocality", "addressCountry", "postalCode"},
    "GeoCoordinates": {"latitude", "longitude"},
    "City": {"name"},
    "BreadcrumbList": {"itemListElement"},
    "ListItem": {"position", "name", "item"},
    "FAQPage": {"mainEntity"},
    "Question": {"name", "acceptedAnswer"},
    "Answer": {"text"},
    "Service": {"name", "url", "provider", "areaServed", "description", "offers", "review", "aggregateRating"},
    "Offer": {"priceCurrency", "price", "priceSpecification"},
    "UnitPriceSpecification": {"minPrice", "priceCurrency", "unitText", "unitCode"},
    "Review": {"author", "reviewRating", "reviewBody", "datePublished"},
    "Person": {"name"},
    "Rating": {"ratingValue", "bestRating", "worstRating"},
    "AggregateRating": {"ratingValue", "reviewCount", "bestRating", "worstRating"},
    "CreativeWork": {"name", "url", "creator", "description", "image", "material", "dateCreated", "review"},
}  # fmt: skip
REQUIRED = {
    "FurnitureStore": {"name", "address", "telephone", "url"},
    "PostalAddress": {"streetAddress", "addressLocality", "addressCountry"},
    "GeoCoordinates": {"latitude", "longitude"},
    "BreadcrumbList": {"itemListElement"},
    "ListItem": {"position", "name", "item"},
    "FAQPage": {"mainEntity"},
    "Question": {"name", "acceptedAnswer"},
    "Answer": {"text"},
    "Service": {"name", "provider"},
    "Offer": {"priceCurrency", "price"},
    "UnitPriceSpecification": {"priceCurrency"},
    "Review": {"author", "reviewRating", "reviewBody"},
    "Person": {"name"},
    "Rating": {"ratingValue", "bestRating"},
    "AggregateRating": {"ratingValue", "reviewCount"},
    "CreativeWork": {"name"},
}


def validate(block: dict) -> list[str]:
    """Problems found in one JSON-LD block (an empty list when it is valid)."""
    problems = []
    if block.get("@context") != "https://schema.org":
        problems.append(f"@context is {block.get('@context')!r}")
    for node in block.get("@graph", [block]):
        _check(node, "graph", problems)
    return problems


def _check(node, where: str, problems: list[str]) -> None:
    if isinstance(node, list):
        for index, item in enumerate(node):
            _check(item, f"{where}[{index}]", problems)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("@type")
    if kind is None:
        if set(node) != {"@id"}:
            problems.append(f"{where}: a node without @type that is not a reference: {sorted(node)}")
        return
    if kind not in ALLOWED:
        problems.append(f"{where}: unexpected type {kind}")
        return
    properties = set(node) - {"@type", "@context"}
    if unknown := properties - ALLOWED[kind]:
        problems.append(f"{where}: {kind} has no {sorted(unknown)}")
    if missing := REQUIRED.get(kind, set()) - properties:
        problems.append(f"{where}: {kind} lacks {sorted(missing)}")
    for key, value in node.items():
        if not key.startswith("@"):
            _check(value, f"{where}.{kind}.{key}", problems)
