from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import ApplicationError


class PayloadTooLarge(ApplicationError):
    status_code = 413
    code = "PAYLOAD_TOO_LARGE"
    default_message = _("Payload too large")
