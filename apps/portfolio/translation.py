from modeltranslation.translator import TranslationOptions, register

from .models import PortfolioImage, PortfolioProject, Review


@register(PortfolioProject)
class PortfolioProjectTranslationOptions(TranslationOptions):
    fields = ("title", "description", "client", "technologies")
    required_languages = ("ru",)


@register(PortfolioImage)
class PortfolioImageTranslationOptions(TranslationOptions):
    fields = ("alt",)


@register(Review)
class ReviewTranslationOptions(TranslationOptions):
    fields = ("city", "text")
    required_languages = ("ru",)
