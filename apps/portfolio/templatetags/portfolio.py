"""`{% portfolio_image image sizes="..." %}`: an <img> with width, height, alt and a srcset of the
image's WebP thumbnails (the original alone until the background task has made them)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def portfolio_image(image, sizes: str = "100vw", alt: str = "", lazy: bool = True, css_class: str = ""):
    file = image.file
    original = file.file.url
    candidates = file.thumbnail_srcset()
    srcset = ", ".join(f"{url} {width}w" for url, width in candidates)
    if candidates and file.width:
        srcset += f", {original} {file.width}w"
    # The 800 px copy is a sensible default for browsers that ignore srcset.
    src = next((url for url, width in candidates if width == 800), candidates[-1][0] if candidates else original)
    return format_html(
        '<img src="{}"{} width="{}" height="{}" alt="{}" loading="{}" decoding="async"{}{}>',
        src,
        format_html(' srcset="{}" sizes="{}"', srcset, sizes) if srcset else "",
        file.width or "",
        file.height or "",
        image.alt or alt,
        "lazy" if lazy else "eager",
        "" if lazy else mark_safe(' fetchpriority="high"'),
        format_html(' class="{}"', css_class) if css_class else "",
    )


@register.filter
def review_stars(rating) -> str:
    """4 -> "★★★★☆" (the page says the number in words for screen readers)."""
    try:
        rating = max(0, min(5, int(rating)))
    except (TypeError, ValueError):
        return ""
    return "★" * rating + "☆" * (5 - rating)
