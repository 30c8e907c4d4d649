"""The business as schema.org sees it (FurnitureStore, a LocalBusiness), built from the company's
details in the admin, and the site's other structured data nodes."""

from django.templatetags.static import static
from django.urls import reverse

from apps.core import structured_data as ld

from .models import CompanyDetails, ServicePage, Showroom


def business_id(site_url: str) -> str:
    return f"{site_url}#business"


def _address(showroom: Showroom) -> dict:
    address = {
        "@type": "PostalAddress",
        "streetAddress": showroom.address,
        "addressLocality": showroom.city,
        "addressCountry": showroom.country,
    }
    if showroom.postal_code:
        address["postalCode"] = showroom.postal_code
    return address


def _place(showroom: Showroom) -> dict:
    place = {"address": _address(showroom), "telephone": showroom.phone}
    if showroom.opening_hours:
        place["openingHours"] = [part.strip() for part in showroom.opening_hours.split(",") if part.strip()]
    if showroom.latitude is not None and showroom.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(showroom.latitude),
            "longitude": float(showroom.longitude),
        }
        place["hasMap"] = showroom.map_url
    return place


def business(company: CompanyDetails, *, site_url: str, absolute, reviews: list | None = None, rating=None) -> dict:
    """The company with its first showroom as its address and every showroom as a department.
    `site_url` ends with "/"; `absolute(path)` makes a URL absolute. Reviews and their rating are
    added only where the page shows them (and only approved ones)."""
    showrooms = list(company.showrooms.all())
    node = {
        "@type": "FurnitureStore",
        "@id": business_id(site_url),
        "name": company.name,
        "url": site_url,
        "logo": absolute(static("img/apple-touch-icon.png")),
        "image": absolute(static("img/og/baimuras-1200x630.png")),
        "priceRange": "₸₸",
        "currenciesAccepted": "KZT, KGS",
    }
    if company.description:
        node["description"] = company.description
    if company.email:
        node["email"] = company.email
    if company.instagram_url:
        node["sameAs"] = [company.instagram_url]
    if showrooms:
        node.update(_place(showrooms[0]))
        node["areaServed"] = [{"@type": "City", "name": showroom.city} for showroom in showrooms]
        node["department"] = [
            {
                "@type": "FurnitureStore",
                "name": f"{company.name} — {showroom.city}",
                "url": absolute(reverse("site:contact")),
                **_place(showroom),
            }
            for showroom in showrooms
        ]
    if reviews:
        node["review"] = reviews
    if rating:
        node["aggregateRating"] = rating
    return node


UNIT_TEXT = {"item": "C62", "metre": "MTR", "square-metre": "MTK"}  # UN/CEFACT codes schema.org expects


def service(page: ServicePage, *, url: str, site_url: str, company, reviews: list, rating) -> dict:
    node = {"@type": "Service", "name": page.title, "url": url, "provider": {"@id": business_id(site_url)}}
    if company is not None:
        node["areaServed"] = [{"@type": "City", "name": showroom.city} for showroom in company.showrooms.all()]
    if page.meta_description or page.tagline:
        node["description"] = page.meta_description or page.tagline
    offers = []
    for amount, currency in ((page.price_from_kzt, "KZT"), (page.price_from_kgs, "KGS")):
        if amount is None:
            continue
        spec = {"@type": "UnitPriceSpecification", "minPrice": amount, "priceCurrency": currency}
        if page.price_unit:
            spec["unitText"] = page.get_price_unit_display()
            if page.price_unit in UNIT_TEXT:
                spec["unitCode"] = UNIT_TEXT[page.price_unit]
        offers.append({"@type": "Offer", "priceCurrency": currency, "price": amount, "priceSpecification": spec})
    if offers:
        node["offers"] = offers
    if reviews:
        node["review"] = reviews
    if rating:
        node["aggregateRating"] = rating
    return node


def reviews_and_rating(reviews, summary: dict) -> tuple[list, dict | None]:
    """schema.org Review nodes of approved reviews and their AggregateRating (None without any)."""
    nodes = [ld.review(author=r.name, rating=r.rating, body=r.text, date_published=r.written_on) for r in reviews]
    rating = ld.aggregate_rating(average=summary["average"], count=summary["count"]) if summary["count"] else None
    return nodes, rating
