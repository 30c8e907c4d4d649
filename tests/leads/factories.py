import factory

from apps.leads.models import ContactMessage, Lead, LeadSource, LeadStatus, ServiceInterest


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    name = factory.Faker("name", locale="ru_RU")
    email = factory.Sequence(lambda n: f"lead{n}@example.com")
    phone = factory.Sequence(lambda n: f"+7777{n:07d}")
    status = LeadStatus.NEW
    source = LeadSource.WEBSITE
    service_interest = ServiceInterest.KITCHEN_DESIGN
    notes = "Интересуется кухней из массива дуба"


class ContactMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactMessage

    name = factory.Faker("name", locale="ru_RU")
    email = factory.Sequence(lambda n: f"sender{n}@example.com")
    phone = ""
    subject = "Вопрос по сотрудничеству"
    message = "Здравствуйте! Хотим заказать детскую комнату."
    lead = factory.SubFactory(LeadFactory)
