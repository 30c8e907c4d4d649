"""Translated fields (ru, kk, ky) of the site's content, for django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import BlogPost, CompanyDetails, FaqItem, Page, ServicePage, Showroom


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "lead", "body", "meta_title", "meta_description")


@register(ServicePage)
class ServicePageTranslationOptions(TranslationOptions):
    fields = ("title", "tagline", "lead", "body", "meta_title", "meta_description", "duration", "included")


@register(BlogPost)
class BlogPostTranslationOptions(TranslationOptions):
    fields = ("title", "excerpt", "body", "meta_description")


@register(CompanyDetails)
class CompanyDetailsTranslationOptions(TranslationOptions):
    fields = ("description", "messenger_greeting")


@register(Showroom)
class ShowroomTranslationOptions(TranslationOptions):
    fields = ("city", "address", "hours")


@register(FaqItem)
class FaqItemTranslationOptions(TranslationOptions):
    fields = ("question", "answer")
