from django import template

from ..selectors import subscriptions_switched_off

register = template.Library()


@register.inclusion_tag("webhooks/admin_alerts.html", takes_context=True)
def webhook_alerts(context):
    """The admin dashboard's notice of subscriptions switched off after repeated failures."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("webhooks.view_webhooksubscription"):
        return {"subscriptions": []}
    return {"subscriptions": list(subscriptions_switched_off()[:5])}
