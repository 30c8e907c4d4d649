import factory

from apps.portfolio.models import PortfolioImage, PortfolioProject, ProjectStatus
from tests.files.factories import UploadedFileFactory


class PortfolioProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PortfolioProject

    title_ru = factory.Sequence(lambda n: f"Детская из массива дуба №{n}")
    title_kk = factory.Sequence(lambda n: f"Емен ағашынан жасалған балалар бөлмесі №{n}")
    title_ky = factory.Sequence(lambda n: f"Эмен жыгачынан балдар бөлмөсү №{n}")
    description_ru = "Кровать-домик, стеллаж на уровне глаз ребёнка и шкаф с открытыми полками."
    description_kk = "Үй-төсек, бала көзі деңгейіндегі сөре және ашық сөрелері бар шкаф."
    description_ky = "Үй-керебет, баланын көз деңгээлиндеги текче жана ачык текчелүү шкаф."
    category = "montessori"
    status = ProjectStatus.ACTIVE
    technologies = factory.LazyFunction(lambda: ["массив дуба", "натуральное масло", "Blum"])
    client = "Семья Ахметовых"


class PortfolioImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PortfolioImage

    project = factory.SubFactory(PortfolioProjectFactory)
    file = factory.SubFactory(UploadedFileFactory)
    alt_ru = "Общий вид комнаты"
    is_primary = False
    position = factory.Sequence(lambda n: n)
