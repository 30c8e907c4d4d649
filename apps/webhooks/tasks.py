from celery import shared_task


@shared_task(name="webhooks.deliver")
def deliver(delivery_id: str) -> bool:
    """One try of a webhook delivery; the next, if needed, is scheduled in its row for the sweep."""
    from .services import delivery_attempt

    delivery = delivery_attempt(delivery_id=delivery_id)
    return bool(delivery and delivery.status == "succeeded")
