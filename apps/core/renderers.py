from rest_framework.renderers import JSONRenderer


class UTF8JSONRenderer(JSONRenderer):
    """JSON with `charset=utf-8` in the content type and Cyrillic left unescaped."""

    charset = "utf-8"
    ensure_ascii = False
