import datetime

import factory
from django.utils import timezone

from apps.crm.models import Task
from tests.accounts.factories import UserFactory
from tests.leads.factories import LeadFactory


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    title = factory.Sequence(lambda n: f"Перезвонить клиенту №{n}")
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
    assignee = factory.SubFactory(UserFactory, role="manager")
    lead = factory.SubFactory(LeadFactory)
