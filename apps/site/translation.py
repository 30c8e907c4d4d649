"""Translated fields (ru, kk, ky) of the site's content, for django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import BlogPost, Page, ServicePage


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "lead", "body", "meta_title", "meta_description")


@register(ServicePage)
class ServicePageTranslationOptions(TranslationOptions):
    fields = ("title", "tagline", "lead", "body", "meta_title", "meta_description")


@register(BlogPost)
class BlogPostTranslationOptions(TranslationOptions):
    fields = ("title", "excerpt", "body", "meta_description")
