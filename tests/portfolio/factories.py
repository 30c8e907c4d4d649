import factory

from apps.portfolio.models import PortfolioImage, PortfolioProject, ProjectStatus, Review
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


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    name = factory.Sequence(lambda n: f"Клиент {n}")
    city_ru = "Алматы"
    city_kk = "Алматы"
    city_ky = "Алматы"
    text_ru = "Всё сделали в срок, мебель стоит как влитая."
    text_kk = "Бәрін уақытында жасады, жиһаз орнына дәл келді."
    text_ky = "Баарын убагында жасашты, эмерек ордуна так келди."
    rating = 5
    service = "kitchens"
    is_approved = True
