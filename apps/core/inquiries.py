"""The leads a public inquiry made or joined during this request. The views that take inquiries
(the site's forms, the API's public ways in) note them; an edge that cares where the inquiry came
from (analytics: the source of the sender's visit) reads them once the view has answered. The
business apps thus know nothing of who reads the note, and the reader needs no hook in each view."""

NOTE = "_public_inquiry_leads"


def inquiry_note(request, lead) -> None:
    """Note that this request's public inquiry (an anonymous visitor or a client, not staff or an
    automation acting for the company) made or joined `lead`."""
    if lead is None:
        return
    http_request = getattr(request, "_request", request)  # a DRF Request wraps Django's
    http_request.__dict__.setdefault(NOTE, []).append(lead)


def noted_inquiries(request) -> list:
    """The leads noted on this (Django) request, in the order the inquiries were taken."""
    return list(request.__dict__.get(NOTE, ()))
