"""Outbound deliveries (contract §11) to a real HTTP server on this machine: signed bodies, the
same delivery id on every retry, backoff, every attempt recorded, the SSRF guard."""

import hashlib
import hmac
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from apps.core import events
from apps.core.models import Event, EventStatus
from apps.leads import services as lead_services
from apps.webhooks import services
from apps.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription

pytestmark = pytest.mark.django_db

SECRET = "subscriber-secret-123"


class Subscriber:
    """A local HTTP server that answers each POST with the next scripted reply."""

    def __init__(self):
        self.requests: list[dict] = []
        self.replies: list[tuple[int, dict, float]] = []  # (status, headers, delay)
        subscriber = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                subscriber.requests.append({"headers": dict(self.headers), "raw": raw, "path": self.path})
                status, headers, delay = subscriber.replies.pop(0) if subscriber.replies else (200, {}, 0)
                time.sleep(delay)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(b'{"ok": true}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/baimuras"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def subscriber(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True  # the subscriber is on loopback
    server = Subscriber()
    yield server
    server.close()


def subscribe(url, events_=("lead.created",), **extra) -> WebhookSubscription:
    return WebhookSubscription.objects.create(url=url, events=list(events_), secret=SECRET, **extra)


def hmac_hex(raw: bytes) -> str:
    return "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()


def new_lead(capture, **fields):
    with capture(execute=True):
        return lead_services.lead_create(name=fields.pop("name", "Айдана"), email="aidana@example.com", **fields)


def test_a_new_lead_is_delivered_signed_both_ways(subscriber, django_capture_on_commit_callbacks):
    subscribe(subscriber.url)
    lead = new_lead(django_capture_on_commit_callbacks)

    assert len(subscriber.requests) == 1
    request = subscriber.requests[0]
    raw, headers = request["raw"], request["headers"]
    body = json.loads(raw)
    assert set(body) == {"event", "timestamp", "data", "signature"}
    assert body["event"] == "lead.created" and body["timestamp"].endswith("Z")
    assert body["data"]["id"] == lead.pk and body["data"]["name"] == "Айдана"
    assert "Айдана".encode() in raw  # UTF-8, not escaped
    unsigned = json.dumps(
        {"event": body["event"], "timestamp": body["timestamp"], "data": body["data"]},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    assert body["signature"] == hmac_hex(unsigned)
    assert headers["X-BaiMuras-Signature"] == hmac_hex(raw)
    assert headers["X-BaiMuras-Event"] == "lead.created"
    delivery = WebhookDelivery.objects.get()
    assert headers["X-BaiMuras-Delivery"] == str(delivery.pk)
    assert headers["Content-Type"].startswith("application/json")
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 1
    attempt = delivery.attempt_log.get()
    assert attempt.status_code == 200 and attempt.response_excerpt == '{"ok": true}' and attempt.error == ""
    assert Event.objects.get(type="lead.created").status == EventStatus.PROCESSED


def test_only_subscribers_of_the_event_get_it(subscriber, django_capture_on_commit_callbacks):
    subscribe(subscriber.url, ["lead.created"])
    subscribe(subscriber.url + "/contacts", ["contact.created"])
    subscribe(subscriber.url + "/off", ["lead.created"], active=False)
    new_lead(django_capture_on_commit_callbacks)
    assert [r["path"] for r in subscriber.requests] == ["/hooks/baimuras"]


def test_a_500_is_retried_with_backoff_under_the_same_delivery_id(subscriber, django_capture_on_commit_callbacks):
    subscribe(subscriber.url)
    subscriber.replies = [(500, {}, 0)]
    new_lead(django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.last_status_code == 500 and delivery.last_error == "HTTP 500"
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=50)

    assert services.sweep(timezone.now()) == 0  # not due yet
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())  # a minute later
    events.sweep()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 2
    ids = {r["headers"]["X-BaiMuras-Delivery"] for r in subscriber.requests}
    bodies = {r["raw"] for r in subscriber.requests}
    assert ids == {str(delivery.pk)} and len(bodies) == 1 and len(subscriber.requests) == 2
    assert list(delivery.attempt_log.values_list("number", "status_code")) == [(1, 500), (2, 200)]


def test_the_backoff_doubles_and_stops_after_five_tries(subscriber, settings, django_capture_on_commit_callbacks):
    subscribe(subscriber.url)
    subscriber.replies = [(503, {}, 0)] * 5
    new_lead(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    waits = []
    for _ in range(4):
        delivery.refresh_from_db()
        last = delivery.attempt_log.order_by("-number").first()
        waits.append(round((delivery.next_attempt_at - last.started_at).total_seconds() / 60))
        services.delivery_attempt(delivery_id=delivery.pk, now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert waits == [1, 2, 4, 8]  # WEBHOOK_RETRY_BASE_SECONDS = 60, doubled
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 5 and delivery.next_attempt_at is None
    assert len(subscriber.requests) == 5
    assert services.delivery_attempt(delivery_id=delivery.pk, now=timezone.now() + timedelta(days=1)) is None
    assert WebhookSubscription.objects.get().consecutive_failures == 1


def test_a_timeout_is_recorded_and_retried(subscriber, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    subscribe(subscriber.url)
    subscriber.replies = [(200, {}, 1.5)]
    new_lead(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    attempt = delivery.attempt_log.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert attempt.status_code is None and "timed out" in attempt.error.lower()
    assert attempt.duration_ms < 1400


def test_private_targets_are_refused_without_the_setting(subscriber, settings, django_capture_on_commit_callbacks):
    subscribe(subscriber.url)
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    new_lead(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert subscriber.requests == []
    assert "not a public address" in delivery.last_error and delivery.status == DeliveryStatus.PENDING


def test_a_redirect_to_a_private_address_is_not_followed(subscriber, django_capture_on_commit_callbacks):
    subscribe(subscriber.url)
    subscriber.replies = [(302, {"Location": "http://10.0.0.5/internal"}, 0)]
    new_lead(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert len(subscriber.requests) == 1  # the subscriber only; nothing went on to 10.0.0.5
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_status_code == 302
    assert "Redirect not followed" in delivery.last_error and "10.0.0.5" in delivery.last_error


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "10.1.2.3", "192.168.0.1", "172.16.5.5", "169.254.169.254", "[::1]", "[fe80::1]", "localhost"],
)
def test_the_guard_refuses_special_addresses(settings, host):
    from apps.webhooks import http

    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    response = http.post(f"http://{host}:9/hook", b"{}", {}, timeout=1)
    assert response.status_code is None and response.error.startswith("Refused")


def test_repeated_failures_switch_the_subscription_off(subscriber, settings, admin_client):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 2
    subscription = subscribe(subscriber.url)
    subscriber.replies = [(500, {}, 0)] * 3
    for index in range(2):
        event = events.emit("lead.created", {"id": index})
        services.fan_out(event)
        services.delivery_attempt(delivery_id=WebhookDelivery.objects.get(event=event).pk)
    subscription.refresh_from_db()
    assert subscription.active is False and subscription.disabled_at is not None
    assert "2" in subscription.disabled_reason
    # The dashboard says so.
    page = admin_client.get("/admin/")
    assert subscriber.url.encode() in page.content
    # And nothing more goes out to it.
    services.fan_out(events.emit("lead.created", {"id": 3}))
    assert WebhookDelivery.objects.count() == 2


def test_redeliver_from_the_admin_sends_the_same_delivery_again(
    subscriber, admin_client, django_capture_on_commit_callbacks
):
    subscribe(subscriber.url)
    new_lead(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/webhooks/webhookdelivery/", {"action": "redeliver", "_selected_action": [str(delivery.pk)]}
        )
    assert response.status_code == 302
    assert [r["headers"]["X-BaiMuras-Delivery"] for r in subscriber.requests] == [str(delivery.pk)] * 2
    assert admin_client.get(f"/admin/webhooks/webhookdelivery/{delivery.pk}/change/").status_code == 200


def test_a_test_event_goes_to_that_subscription_only(subscriber, admin_client, django_capture_on_commit_callbacks):
    target = subscribe(subscriber.url)
    subscribe(subscriber.url + "/other")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/webhooks/webhooksubscription/", {"action": "send_test_event", "_selected_action": [target.pk]}
        )
    assert len(subscriber.requests) == 1
    body = json.loads(subscriber.requests[0]["raw"])
    assert body["event"] == "webhook.test" and body["data"]["subscription_id"] == target.pk


def test_a_dead_subscriber_never_fails_or_repeats_the_managers_email(
    subscriber, settings, admin_user, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.2
    subscribe(subscriber.url)
    subscriber.replies = [(500, {}, 0)] * 3
    lead = new_lead(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    event = Event.objects.get(type="lead.created")
    assert event.status == EventStatus.PROCESSED  # the delivery retries on its own; the event is done
    events.process(event.pk)
    assert len(mail.outbox) == 1 and WebhookDelivery.objects.filter(event=event).count() == 1
    assert lead.pk


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        ("contact", {"contact.created", "lead.created"}),
        ("consultation", {"consultation.created", "lead.created"}),
        ("user", {"user.registered"}),
    ],
)
def test_every_write_emits_its_events(make, expected, django_capture_on_commit_callbacks):
    from apps.accounts import services as account_services
    from apps.consultations import services as consultation_services

    with django_capture_on_commit_callbacks(execute=True):
        if make == "contact":
            lead_services.contact_message_create(
                name="Иван Иванов", email="ivan@example.com", message="Текст сообщения"
            )
        elif make == "consultation":
            consultation_services.consultation_request(name="Иван", phone="+77011234567")
        else:
            account_services.user_create(email="new@example.com", name="Новый", password="Str0ng-pass-for-tests")
    assert set(Event.objects.values_list("type", flat=True)) == expected
    assert set(Event.objects.values_list("status", flat=True)) == {EventStatus.PROCESSED}


def test_the_contact_created_payload_has_the_seed_fields(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        contact = lead_services.contact_message_create(
            name="Иван Иванов", email="ivan@example.com", message="Текст сообщения"
        )
    data = Event.objects.get(type="contact.created").payload
    assert {
        "id": contact.pk,
        "name": "Иван Иванов",
        "email": "ivan@example.com",
        "message": "Текст сообщения",
    }.items() <= data.items()


def test_portfolio_projects_emit_project_events_of_their_kind(django_capture_on_commit_callbacks):
    from apps.portfolio import services as portfolio_services

    with django_capture_on_commit_callbacks(execute=True):
        project = portfolio_services.portfolio_project_create(title={"ru": "Кухня"}, category="kitchen")
        portfolio_services.portfolio_project_set_status(project=project, status="active")
    kinds = list(Event.objects.order_by("id").values_list("type", "payload__kind", "payload__status"))
    assert kinds == [("project.created", "portfolio", "draft"), ("project.updated", "portfolio", "active")]
