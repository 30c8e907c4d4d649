from modeltranslation.translator import TranslationOptions, register

from .models import PortfolioImage, PortfolioProject


@register(PortfolioProject)
class PortfolioProjectTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("ru",)


@register(PortfolioImage)
class PortfolioImageTranslationOptions(TranslationOptions):
    fields = ("alt",)
