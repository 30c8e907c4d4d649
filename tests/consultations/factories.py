import datetime

import factory

from apps.consultations.models import Consultation, ConsultationStatus, ConsultationType
from apps.leads.models import ServiceInterest


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    name = factory.Faker("name", locale="ru_RU")
    email = factory.Sequence(lambda n: f"guest{n}@example.com")
    phone = "+77779876543"
    service_type = ServiceInterest.KITCHEN_DESIGN
    consultation_type = ConsultationType.OFFICE_VISIT
    preferred_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))
    message = "Хочу заказать дизайн кухни"
    status = ConsultationStatus.NEW
