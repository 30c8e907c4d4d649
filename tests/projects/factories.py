import datetime
from decimal import Decimal

import factory

from apps.projects.models import Project, ProjectStatus


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Кухня для семьи №{n}")
    description = "Кухня из массива дуба с фурнитурой Blum"
    status = ProjectStatus.PLANNING
    budget = Decimal("500000.00")
    currency = "KZT"
    deadline = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    client_name = factory.Faker("name", locale="ru_RU")
    client_email = factory.Sequence(lambda n: f"client{n}@example.com")
    client_phone = "+77771234567"
