"""Request and response examples of every operation in the OpenAPI schema, by operationId.

The seed documents' own examples (in Russian, as the seeds write them) where they give one, completed
with the fields the API really answers so each validates against its operation's schema
(tests/core/test_schema_examples.py); realistic ones elsewhere. One module, applied by the
POSTPROCESSING_HOOK `add_examples`, so the API views stay free of example bodies. Swagger's
"Try it out" sends the request examples as they stand, and the Postman collection
(apps/core/postman.py) is built from them.

The hook also gives the unversioned `/api/...` aliases (v2.1.0 §6) a group of their own, marked
deprecated, so Swagger and ReDoc list each endpoint once under its `/api/v1/` name.
"""

from copy import deepcopy

from drf_spectacular.plumbing import build_examples_list
from drf_spectacular.utils import OpenApiExample

TS = "2025-06-21T09:00:00Z"
JWT = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9..."


def request(name: str, value, **kwargs) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True, **kwargs)


def response(name: str, value, status: int = 200, **kwargs) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[str(status)], **kwargs)


def envelope(data, message: str | None = None, timestamp: str = TS) -> dict:
    body = {"success": True, "data": data}
    if message is not None:
        body["message"] = message
    body["timestamp"] = timestamp
    return body


def pagination(*, page=1, pages=1, per_page=20, total=1) -> dict:
    return {
        "page": page,
        "pages": pages,
        "per_page": per_page,
        "total": total,
        "has_next": page < pages,
        "has_prev": page > 1,
    }


# --- Records as the API answers them ------------------------------------------------------------

USER_BRIEF = {"id": 1, "email": "user@example.com", "name": "John Doe", "role": "admin"}
ADMIN = {
    "id": 1,
    "email": "admin@baimuras.space",
    "name": "Admin User",
    "role": "admin",
    "is_active": True,
    "avatar": None,
    "created_at": "2025-01-01T00:00:00Z",
    "last_login": TS,
    "preferences": {"language": "ru", "notifications": True},
}
NEW_USER = {
    **ADMIN,
    "id": 7,
    "email": "newuser@example.com",
    "name": "New User",
    "role": "user",
    "created_at": TS,
    "last_login": None,
}
PROFILE = {  # v2.0.0 §Пользователи API
    "id": 1,
    "email": "user@example.com",
    "name": "Иван Иванов",
    "role": "user",
    "is_active": True,
    "avatar": "https://baimuras.space/media/avatar/2025/06/7c1f0d2e9a8b4c5d.jpg",
    "created_at": "2024-01-15T10:00:00Z",
    "last_login": "2025-06-20T07:30:00Z",
    "preferences": {"language": "ru", "notifications": True},
}
LEAD = {  # v2.1.0 §5
    "id": 1,
    "name": "Анна Смирнова",
    "email": "anna@example.com",
    "phone": "+77771112233",
    "status": "new",
    "source": "website",
    "service_interest": "kitchen_design",
    "notes": "Интересуется современным дизайном кухни",
    "assigned_to": None,
    "project_id": None,
    "attribution": {  # staff only: the visit that sent the inquiry
        "channel": "social",
        "referrer_host": "",
        "utm_source": "instagram",
        "utm_medium": "social",
        "utm_campaign": "kitchens-spring",
        "landing_page": "/services/kitchens",
    },
    "created_at": TS,
    "updated_at": TS,
}
NEW_LEAD = {
    **LEAD,
    "attribution": None,
    "id": 46,
    "name": "Петр Сидоров",
    "email": "petr@example.com",
    "phone": "+77774445566",
    "source": "social_media",
    "service_interest": "custom_furniture",
    "notes": "Заинтересован в изготовлении шкафа-купе",
}
PROJECT = {
    "id": 12,
    "name": "Кухня для семьи Сидоровых",
    "description": "",
    "status": "planning",
    "budget": 500000,
    "currency": "KZT",
    "deadline": "2025-08-15",
    "lead_id": 46,
    "client_name": "Петр Сидоров",
    "client_email": "petr@example.com",
    "client_phone": "+77774445566",
    "manager": 1,
    "created_at": TS,
    "updated_at": TS,
}
CONSULTATION = {  # v2.1.0 §Запрос консультации
    "id": 5,
    "name": "Мария Петрова",
    "email": "maria@example.com",
    "phone": "+77779876543",
    "service_type": "kitchen_design",
    "consultation_type": "office_visit",
    "preferred_date": "2025-07-01",
    "scheduled_at": None,
    "message": "Хочу заказать дизайн кухни",
    "status": "new",
    "assigned_to": None,
    "lead_id": 47,
    "created_at": TS,
}
SCHEDULED = {**CONSULTATION, "status": "scheduled", "scheduled_at": "2027-07-01T10:00:00Z", "assigned_to": 2}
CONTACT_MESSAGE = {  # v2.0.0 §Контакты API
    "id": 123,
    "name": "Иван Иванов",
    "email": "ivan@example.com",
    "phone": "+77771234567",
    "subject": "Вопрос по сотрудничеству",
    "message": "Здравствуйте! Хотел бы обсудить возможность сотрудничества...",
    "project_type": "website",
    "budget": "100000-500000",
    "status": "new",
    "lead_id": 48,
    "created_at": "2025-06-20T08:23:20Z",
    "updated_at": "2025-06-20T08:23:20Z",
}
PORTFOLIO_PROJECT = {  # v2.0.0 §Портфолио API
    "id": 1,
    "title": "Корпоративный сайт",
    "description": "Современный корпоративный сайт с адаптивным дизайном",
    "category": "web",
    "status": "active",
    "images": [
        {
            "id": 1,
            "url": "https://i.ytimg.com/vi/AVBzyHPbSqI/maxresdefault.jpg",
            "alt": "Главная страница сайта",
            "is_primary": True,
        }
    ],
    "technologies": ["HTML5", "CSS3", "JavaScript", "Python", "Flask"],
    "client": "ТОО Компания",
    "completion_date": "2024-12-15",
    "project_url": "https://example.com",
    "created_at": "2024-11-01T10:00:00Z",
    "updated_at": "2024-12-15T15:30:00Z",
}
NEW_PORTFOLIO_PROJECT = {
    **PORTFOLIO_PROJECT,
    "id": 26,
    "title": "Новый проект",
    "description": "Описание нового проекта",
    "status": "draft",
    "images": [],
    "technologies": ["React", "Node.js", "MongoDB"],
    "client": "Новый клиент",
    "completion_date": None,
    "project_url": "https://newproject.com",
    "created_at": "2025-06-20T08:23:20Z",
    "updated_at": "2025-06-20T08:23:20Z",
}
UPLOADED_FILE = {  # v2.0.0 §Файлы API
    "id": 123,
    "filename": "project_image.jpg",
    "original_filename": "my_project.jpg",
    "url": "https://i.pinimg.com/originals/e6/e8/52/e6e85246639b7a64923c5a7bcea1009e.jpg",
    "size": 245760,
    "mime_type": "image/jpeg",
    "category": "portfolio",
    "uploaded_at": "2025-06-20T08:23:20Z",
}

WEEK = {"name": "week", "date_from": "2025-06-15", "date_to": "2025-06-21"}
ANALYTICS_STATS = {  # v2.0.0 §Аналитика API, with the keys the API adds after `devices`
    "visitors": {"total": 1250, "unique": 980, "returning": 270},
    "pageviews": {"total": 3450, "per_visitor": 2.76},
    "popular_pages": [
        {"path": "/portfolio", "views": 850, "percentage": 24.6},
        {"path": "/", "views": 720, "percentage": 20.9},
    ],
    "traffic_sources": {"direct": 45.2, "search": 32.1, "social": 15.7, "referral": 7.0},
    "devices": {"desktop": 58.3, "mobile": 35.2, "tablet": 6.5},
    "bounce_rate": 41.3,
    "visit_duration": 154,
    "referrers": [
        {"host": "google.kz", "visits": 310, "percentage": 24.8},
        {"host": "instagram.com", "visits": 120, "percentage": 9.6},
        {"host": "yandex.kz", "visits": 91, "percentage": 7.3},
        {"host": "t.me", "visits": 76, "percentage": 6.1},
    ],
    "daily": [
        {"date": "2025-06-15", "visitors": 130, "visits": 165, "pageviews": 455},
        {"date": "2025-06-16", "visitors": 145, "visits": 185, "pageviews": 510},
        {"date": "2025-06-17", "visitors": 150, "visits": 190, "pageviews": 525},
        {"date": "2025-06-18", "visitors": 140, "visits": 180, "pageviews": 495},
        {"date": "2025-06-19", "visitors": 135, "visits": 172, "pageviews": 475},
        {"date": "2025-06-20", "visitors": 160, "visits": 205, "pageviews": 565},
        {"date": "2025-06-21", "visitors": 120, "visits": 153, "pageviews": 425},
    ],
    "period": WEEK,
}
ANALYTICS_CONVERSIONS = {  # v2.0.0 §Аналитика API, with the goals and keys the API adds
    "contact_form": {"submissions": 45, "conversion_rate": 3.6},
    "project_inquiries": {"total": 28, "qualified": 18, "conversion_rate": 64.3},
    "goals": [
        {"name": "Contact Form Submission", "completions": 45, "value": 150000.0},
        {"name": "Consultation Request", "completions": 12, "value": 850000.0},
        {"name": "Lead Converted", "completions": 3, "value": 1500000.0},
    ],
    "by_source": [
        {"source": "direct", "visitors": 440, "visits": 565, "inquiries": 6, "qualified": 4, "converted": 1,
         "revenue": 150000.0, "conversion_rate": 1.4},
        {"source": "search", "visitors": 320, "visits": 401, "inquiries": 10, "qualified": 7, "converted": 1,
         "revenue": 850000.0, "conversion_rate": 3.1},
        {"source": "social", "visitors": 150, "visits": 196, "inquiries": 6, "qualified": 4, "converted": 1,
         "revenue": 500000.0, "conversion_rate": 4.0},
        {"source": "referral", "visitors": 70, "visits": 88, "inquiries": 2, "qualified": 1, "converted": 0,
         "revenue": 0.0, "conversion_rate": 2.9},
        {"source": "unattributed", "visitors": 0, "visits": 0, "inquiries": 4, "qualified": 2, "converted": 0,
         "revenue": 0.0, "conversion_rate": None},
    ],
    "period": WEEK,
}  # fmt: skip

HEALTHY = {"status": "healthy", "timestamp": TS, "version": "2.1.0", "database": "connected", "redis": "connected"}
LOGIN = {"email": "user@example.com", "password": "password123"}
TOKENS = {
    "access_token": JWT,
    "refresh_token": JWT,
    "token_type": "Bearer",
    "expires_in": 3600,
    "user": USER_BRIEF,
}
USER_CREATE = {"email": "newuser@example.com", "name": "New User", "password": "securepassword123", "role": "user"}
USER_UPDATE = {"name": "Updated Name", "role": "manager"}
PROFILE_UPDATE = {"name": "Новое имя", "preferences": {"language": "kz", "notifications": False}}
LEAD_CREATE = {
    "name": "Петр Сидоров",
    "email": "petr@example.com",
    "phone": "+7 777 444 55 66",
    "source": "social_media",
    "service_interest": "custom_furniture",
    "notes": "Заинтересован в изготовлении шкафа-купе",
}
LEAD_UPDATE = {"status": "contacted", "notes": "Связались по телефону, назначена встреча на завтра"}
LEAD_PUBLIC = {  # v2.1.0 cURL example
    "name": "Новый клиент",
    "email": "client@example.com",
    "phone": "+7 777 123 45 67",
    "service_interest": "kitchen_design",
}
CONSULTATION_REQUEST = {
    "name": "Мария Петрова",
    "email": "maria@example.com",
    "phone": "+7 777 987 65 43",
    "service_type": "kitchen_design",
    "preferred_date": "2025-07-01",
    "message": "Хочу заказать дизайн кухни",
}
CONSULTATION_SCHEDULE = {"status": "scheduled", "scheduled_at": "2027-07-01T10:00:00Z"}
PROJECT_CREATE = {
    "name": "Детская комната для семьи Ахметовых",
    "description": "Кровать-домик, стеллаж и рабочее место по методике Монтессори",
    "status": "planning",
    "budget": 850000,
    "currency": "KZT",
    "deadline": "2025-09-30",
    "client_name": "Айгуль Ахметова",
    "client_email": "aigul@example.com",
    "client_phone": "+7 701 234 56 78",
}
PROJECT_CREATED = {
    **PROJECT,
    "id": 13,
    **{k: v for k, v in PROJECT_CREATE.items() if k != "client_phone"},
    "client_phone": "+77012345678",
    "lead_id": None,
    "manager": None,
}
PROJECT_UPDATE = {"status": "measurement", "deadline": "2025-10-15"}
PORTFOLIO_CREATE = {
    "title": "Новый проект",
    "description": "Описание нового проекта",
    "category": "web",
    "status": "draft",
    "technologies": ["React", "Node.js", "MongoDB"],
    "client": "Новый клиент",
    "project_url": "https://newproject.com",
}
PORTFOLIO_UPDATE = {"title": "Обновленное название", "status": "active"}
CONTACT_CREATE = {
    "name": "Иван Иванов",
    "email": "ivan@example.com",
    "phone": "+7 777 123 45 67",
    "subject": "Вопрос по сотрудничеству",
    "message": "Здравствуйте! Хотел бы обсудить возможность сотрудничества...",
    "project_type": "website",
    "budget": "100000-500000",
}
CONTACT_RECEIPT = envelope(
    {"id": 123, "status": "received", "created_at": "2025-06-20T08:23:20Z"},
    "Сообщение успешно отправлено",
    "2025-06-20T08:23:20Z",
)

LISTS = {
    "users": ("users", ADMIN),
    "leads": ("leads", LEAD),
    "projects": ("projects", PROJECT),
    "consultations": ("consultations", CONSULTATION),
}


def _listing(key: str, *, pages: int, total: int) -> dict:
    name, record = LISTS[key]
    return {name: [record], "pagination": pagination(pages=pages, total=total)}


WRONG_PASSWORD = OpenApiExample(
    "Неверный email или пароль",
    value={
        "success": False,
        "error": {"code": "INVALID_CREDENTIALS", "message": "Неверный email или пароль", "details": {}},
        "timestamp": TS,
    },
    response_only=True,
    status_codes=["401"],
)


def error_body(code: str, message: str, details: dict | None = None) -> dict:
    return {"success": False, "error": {"code": code, "message": message, "details": details or {}}, "timestamp": TS}


BAD_PERIOD = response(
    "Ошибка валидации",
    error_body("VALIDATION_ERROR", "Ошибка валидации данных", {"date_to": ["Дата окончания раньше даты начала"]}),
    422,
    description="`date_to` раньше `date_from`",
)


# --- Operation -> examples ----------------------------------------------------------------------

EXAMPLES: dict[str, list[OpenApiExample]] = {
    # auth
    "auth_login_create": [request("Вход", LOGIN), response("Токены", TOKENS), WRONG_PASSWORD],
    "auth_token_create": [
        request("Получение токена", {"email": "user@example.com", "password": "your_password"}),
        response("Токены", TOKENS),
        WRONG_PASSWORD,
    ],
    "auth_refresh_create": [
        request("Refresh-токен в теле", {"refresh_token": JWT}),
        request(
            "Refresh-токен в заголовке",
            {},
            description="v2.1.0: пустое тело и заголовок `Authorization: Bearer <refresh-token>`",
        ),
        response("Новый access-токен", {"access_token": JWT, "token_type": "Bearer", "expires_in": 3600}),
        response("Токен отозван", error_body("INVALID_TOKEN", "Токен недействителен, истёк или отозван"), 401),
    ],
    "auth_logout_create": [response("Выход", {"success": True, "message": "Вы вышли из системы"})],
    "auth_profile_retrieve": [response("Профиль", ADMIN)],
    # users
    "users_list": [response("Список пользователей", _listing("users", pages=5, total=100))],
    "users_create": [request("Новый пользователь", USER_CREATE), response("Создан", NEW_USER, 201)],
    "users_retrieve": [response("Пользователь", NEW_USER)],
    "users_update": [
        request("Имя и роль", USER_UPDATE),
        response("Обновлён", {**NEW_USER, "name": "Updated Name", "role": "manager"}),
    ],
    "users_partial_update": [
        request("Имя и роль", USER_UPDATE),
        response("Обновлён", {**NEW_USER, "name": "Updated Name", "role": "manager"}),
    ],
    "users_profile_retrieve": [response("Мой профиль", envelope(PROFILE))],
    "users_profile_update": [
        request("Имя и настройки", PROFILE_UPDATE),
        response(
            "Обновлён",
            envelope(
                {**PROFILE, "name": "Новое имя", "preferences": PROFILE_UPDATE["preferences"]}, "Профиль обновлён"
            ),
        ),
    ],
    "users_change_password_create": [
        request(
            "Смена пароля",
            {
                "current_password": "old_password",
                "new_password": "new_secure_password",
                "confirm_password": "new_secure_password",
            },
        ),
        response("Пароль изменён", envelope({}, "Пароль изменён. Войдите снова с новым паролем.")),
    ],
    # leads
    "leads_list": [response("Список лидов", _listing("leads", pages=3, total=45))],
    "leads_create": [
        request("Лид из соцсетей", LEAD_CREATE),
        request(
            "Лид из API (пример Python из v2.1.0)",
            {
                "name": "Тестовый клиент",
                "email": "test@example.com",
                "phone": "+7 777 123 45 67",
                "source": "api",
                "service_interest": "kitchen_design",
            },
        ),
        response("Создан", NEW_LEAD, 201),
        response("Привязан к открытому лиду с тем же email", NEW_LEAD, 200),
    ],
    "leads_retrieve": [response("Лид", NEW_LEAD)],
    "leads_update": [
        request("Статус и заметки", LEAD_UPDATE),
        response("Обновлён", {**NEW_LEAD, **LEAD_UPDATE, "updated_at": "2025-06-21T10:15:00Z"}),
    ],
    "leads_convert_create": [
        request(
            "Конвертация в проект",
            {"project_name": "Кухня для семьи Сидоровых", "budget": 500000, "deadline": "2025-08-15"},
        ),
        response("Проект клиента", PROJECT, 201),
    ],
    # client projects
    "projects_list": [response("Список проектов", _listing("projects", pages=1, total=1))],
    "projects_create": [request("Новый проект", PROJECT_CREATE), response("Создан", PROJECT_CREATED, 201)],
    "projects_retrieve": [response("Проект", PROJECT_CREATED)],
    "projects_update": [
        request("Статус и срок", PROJECT_UPDATE),
        response("Обновлён", {**PROJECT_CREATED, **PROJECT_UPDATE}),
    ],
    # consultations
    "consultation_request_create": [
        request("Запрос консультации (v2.1.0)", CONSULTATION_REQUEST),
        response("Принят", envelope(CONSULTATION), 201),
    ],
    "consultations_create": [
        request("Запрос консультации", {**CONSULTATION_REQUEST, "consultation_type": "office_visit"}),
        response("Принят", envelope(CONSULTATION), 201),
    ],
    "consultations_list": [response("Список консультаций", _listing("consultations", pages=1, total=1))],
    "consultations_retrieve": [response("Консультация", CONSULTATION)],
    "consultations_update": [
        request("Назначить время", CONSULTATION_SCHEDULE),
        response("Назначена", SCHEDULED),
    ],
    # contact messages
    "contact_messages_create": [request("Сообщение", CONTACT_CREATE), response("Отправлено", CONTACT_RECEIPT, 201)],
    "contact_messages_list": [
        response(
            "Сообщения",
            envelope({"messages": [CONTACT_MESSAGE], "pagination": pagination(total=1)}),
        )
    ],
    "contact_messages_retrieve": [response("Сообщение", envelope(CONTACT_MESSAGE))],
    "contact_messages_partial_update": [
        request("Прочитано", {"status": "read"}),
        response("Обновлено", envelope({**CONTACT_MESSAGE, "status": "read"})),
    ],
    # portfolio
    "portfolio_projects_list": [
        response(
            "Проекты портфолио",
            envelope(
                {
                    "projects": [PORTFOLIO_PROJECT],
                    "pagination": {
                        "page": 1,
                        "per_page": 5,
                        "total": 25,
                        "pages": 5,
                        "has_next": True,
                        "has_prev": False,
                    },
                }
            ),
        )
    ],
    "portfolio_projects_create": [
        request("Новый проект", PORTFOLIO_CREATE),
        request(
            "С переводами и изображением",
            {
                "category": "kitchens",
                "status": "active",
                "translations": {
                    "ru": {"title": "Кухня в стиле минимализм", "description": "Фасады из массива дуба"},
                    "kz": {"title": "Минимализм стиліндегі ас үй", "description": "Емен массивінен жасалған қасбеттер"},
                    "ky": {"title": "Минимализм стилиндеги ашкана", "description": "Эмен массивинен фасаддар"},
                },
                "technologies": ["Массив дуба", "Blum"],
                "client": "Семья Сидоровых",
                "completion_date": "2025-05-30",
                "image_ids": [123],
            },
            description="`image_ids`: файлы, загруженные через POST /api/v1/files/upload с category portfolio",
        ),
        response("Создан", envelope(NEW_PORTFOLIO_PROJECT, "Проект успешно создан"), 201),
    ],
    "portfolio_projects_retrieve": [response("Проект портфолио", envelope(PORTFOLIO_PROJECT))],
    "portfolio_projects_update": [
        request("Название и статус", PORTFOLIO_UPDATE),
        response("Обновлён", envelope({**NEW_PORTFOLIO_PROJECT, **PORTFOLIO_UPDATE})),
    ],
    # files
    "files_upload_create": [response("Загружен", envelope(UPLOADED_FILE), 201)],
    "files_retrieve": [response("Файл", envelope(UPLOADED_FILE))],
    # analytics
    "analytics_stats_retrieve": [response("Статистика за неделю", envelope(ANALYTICS_STATS)), BAD_PERIOD],
    "analytics_conversions_retrieve": [response("Конверсии за неделю", envelope(ANALYTICS_CONVERSIONS)), BAD_PERIOD],
    # system
    "health_retrieve": [
        response(
            "Работает",
            HEALTHY,
        ),
        response(
            "База данных недоступна",
            {**HEALTHY, "status": "unhealthy", "database": "disconnected"},
            503,
        ),
    ],
    "system_health_retrieve": [
        response(
            "Работает",
            envelope(
                {
                    "status": "healthy",
                    "version": "2.1.0",
                    "uptime": 86400,
                    "services": {"database": "healthy", "redis": "healthy", "email": "healthy", "storage": "healthy"},
                    "metrics": {"memory_usage": 65.2, "cpu_usage": 23.1, "disk_usage": 45.8},
                }
            ),
        ),
        response(
            "База данных недоступна",
            {
                **error_body("SERVICE_UNAVAILABLE", "База данных недоступна"),
                "data": {
                    "status": "unhealthy",
                    "version": "2.1.0",
                    "uptime": 86400,
                    "services": {
                        "database": "unhealthy",
                        "redis": "not_configured",
                        "email": "healthy",
                        "storage": "healthy",
                    },
                },
            },
            503,
            description="Форма ошибки (`success: false`, `error`), отчёт о здоровье остаётся в `data`",
        ),
    ],
    "system_version_retrieve": [
        response(
            "Версия",
            envelope(
                {
                    "version": "2.1.0",
                    "build": "20250620-082320",
                    "environment": "production",
                    "python_version": "3.11.0",
                    "django_version": "5.2.19",
                }
            ),
        )
    ],
    # the unversioned API of v2.1.0 §6 that has no v1 twin of the same shape
    "unversioned_leads_create": [
        request("Заявка с сайта", LEAD_PUBLIC),
        response("Создан", LEAD, 201),
        response("Привязан к открытому лиду с тем же email", LEAD, 200),
    ],
    "unversioned_webhooks_description": [
        response(
            "Вебхуки",
            envelope(
                {
                    "inbound": [
                        {
                            "path": "/webhooks/n8n",
                            "method": "POST",
                            "event_types": ["lead_created", "lead_updated", "consultation_scheduled"],
                        },
                        {"path": "/webhooks/health", "method": "GET", "event_types": []},
                    ],
                    "outbound_events": ["contact.created", "project.updated", "lead.created"],
                }
            ),
        )
    ],
}
# Webhooks (v2.0.0 §Webhook API, v2.1.0 §8).
SUBSCRIPTION = {
    "id": 3,
    "url": "https://your-app.com/webhook",
    "events": ["contact.created", "project.updated"],
    "active": True,
    "has_secret": True,
    "consecutive_failures": 0,
    "disabled_at": None,
    "disabled_reason": "",
    "last_delivery_at": None,
    "created_at": "2025-06-20T08:23:20Z",
    "updated_at": "2025-06-20T08:23:20Z",
}
SUBSCRIPTION_UPDATE = {"events": ["contact.created", "project.updated", "lead.created"], "active": True}
BAD_SIGNATURE = response("Неверная подпись", error_body("INVALID_SIGNATURE", "Invalid webhook signature"), 401)


def inbound_answer(status: str = "processed", **extra) -> dict:
    return envelope({"event_id": 501, "status": status, **extra})


EXAMPLES.update(
    {
        "webhooks_create": [
            request(
                "Настройка webhook",
                {
                    "url": "https://your-app.com/webhook",
                    "events": ["contact.created", "project.updated"],
                    "secret": "your_webhook_secret",
                    "active": True,
                },
            ),
            response("Создана", envelope(SUBSCRIPTION, "Webhook subscription created", "2025-06-20T08:23:20Z"), 201),
        ],
        "webhooks_list": [
            response("Подписки", envelope({"subscriptions": [SUBSCRIPTION], "pagination": pagination(total=1)})),
        ],
        "webhooks_retrieve": [response("Подписка", envelope(SUBSCRIPTION))],
        "webhooks_update": [
            request("События и активность", SUBSCRIPTION_UPDATE),
            response("Обновлена", envelope({**SUBSCRIPTION, **SUBSCRIPTION_UPDATE}, "Webhook subscription updated")),
        ],
        "webhooks_n8n_create": [
            request(
                "Новый лид из n8n (v2.1.0)",
                {
                    "event_type": "lead_created",
                    "data": {"lead_id": 123, "name": "Новый клиент", "email": "client@example.com"},
                },
            ),
            response("Обработано", inbound_answer(lead_id=124)),
            BAD_SIGNATURE,
        ],
        "webhooks_lead_automation_create": [
            request("Сменить статус", {"lead_id": 46, "action": "set_status", "status": "qualified"}),
            request(
                "Назначить менеджера", {"lead_id": 46, "action": "assign", "assigned_to": "manager@baimuras.space"}
            ),
            response("Обработано", inbound_answer(lead_id=46)),
            BAD_SIGNATURE,
        ],
        "webhooks_consultation_reminder_create": [
            request("Напоминание за 24 часа", {"consultation_id": 5, "reminder_type": "24h"}),
            response("В очереди", inbound_answer("queued", consultation_id=5), 202),
            response("Повтор доставки", inbound_answer("duplicate", consultation_id=5), 200),
            BAD_SIGNATURE,
        ],
        "webhooks_project_status_create": [
            request("Проект в производстве", {"project_id": 12, "status": "production"}),
            response("Обработано", inbound_answer(project_id=12)),
            BAD_SIGNATURE,
        ],
        "webhooks_health_retrieve": [
            response(
                "Работает",
                envelope(
                    {
                        "status": "healthy",
                        "secret_configured": True,
                        "pending_events": 0,
                        "failed_inbound_24h": 0,
                        "active_subscriptions": 1,
                    }
                ),
            )
        ],
    }
)

# PATCH takes the same bodies as PUT (PUT is partial everywhere).
for _put in ("leads", "projects", "consultations", "portfolio_projects", "users_profile", "webhooks"):
    EXAMPLES.setdefault(f"{_put}_partial_update", EXAMPLES[f"{_put}_update"])

# The unversioned aliases answer with the bodies of their v1 twins.
ALIASES = {
    "unversioned_users_list": "users_list",
    "unversioned_leads_list": "leads_list",
    "unversioned_projects_list": "projects_list",
    "unversioned_consultations_list": "consultations_list",
    "unversioned_consultations_create": "consultations_create",
    "unversioned_consultations_retrieve": "consultations_retrieve",
    "unversioned_consultations_update": "consultations_update",
}
for _alias, _twin in ALIASES.items():
    EXAMPLES.setdefault(_alias, EXAMPLES[_twin])

# The v1 operations whose own path the unversioned ones stand in for; `consultation_request_create`
# (POST /api/consultation) is the v2.1.0 path of `consultations_create`.
DEPRECATED_TWINS = {**ALIASES, "unversioned_leads_create": "leads_create", "consultation_request_create": None}

UNVERSIONED_TAG = "unversioned (deprecated)"
UNVERSIONED_TAG_DESCRIPTION = (
    "The unversioned paths of v2.1.0 §6 (`/api/leads`, `/api/consultations`, ...), kept so old clients keep "
    "working: same bodies as their `/api/v1/` twins. New clients use `/api/v1/`."
)

# --- Error examples, by status, in the contract's one error shape --------------------------------

ERRORS = {
    "400": ("BAD_REQUEST", "Некорректный запрос", {}),
    "401": ("AUTHENTICATION_REQUIRED", "Учётные данные для аутентификации не предоставлены", {}),
    "403": ("PERMISSION_DENIED", "У вас нет прав на выполнение этого действия", {}),
    "404": ("NOT_FOUND", "Ресурс не найден", {}),
    "409": ("CONFLICT", "Конфликт с текущим состоянием ресурса", {}),
    "413": ("PAYLOAD_TOO_LARGE", "Слишком большой объём данных", {}),
    "415": ("UNSUPPORTED_MEDIA_TYPE", "Неподдерживаемый тип данных: text/plain", {}),
    "422": (
        "VALIDATION_ERROR",
        "Ошибка валидации данных",
        {"email": ["Поле email обязательно для заполнения"], "phone": ["Неверный формат номера телефона"]},
    ),
    "429": ("RATE_LIMIT_EXCEEDED", "Слишком много запросов. Повторите через 42 с.", {}),
    "503": ("SERVICE_UNAVAILABLE", "Сервис недоступен", {}),
}
ERROR_EXAMPLE_NAMES = {"401": "Нет токена", "422": "Ошибка валидации"}


def error_example(status: str, *, fields: list[str] | None = None) -> OpenApiExample:
    code, message, details = ERRORS[status]
    if status == "422":
        # Name the operation's own fields, as the API does; the seed's email/phone where it has them.
        names = [f for f in ("email", "phone") if fields and f in fields] or (fields or [])[:1]
        details = {name: details.get(name, ["Обязательное поле."]) for name in names}
    return response(ERROR_EXAMPLE_NAMES.get(status, code), error_body(code, message, details), int(status))


# --- The hook -----------------------------------------------------------------------------------


def add_examples(result, generator, request, public):
    """POSTPROCESSING_HOOK: the examples, and the deprecated aliases' group."""
    schemas = result.get("components", {}).get("schemas", {})
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            op_id = operation["operationId"]
            if not path.startswith("/api/v1/") and op_id in DEPRECATED_TWINS:
                operation["deprecated"] = True
                operation["tags"] = [UNVERSIONED_TAG]
                twin = DEPRECATED_TWINS[op_id]
                if twin:
                    operation["description"] = (
                        f"Deprecated alias of `{method.upper()} {_twin_path(result, twin)}`. "
                        + operation.get("description", "")
                    ).strip()
            _apply(operation, EXAMPLES.get(op_id, []), schemas)
    # The aliases' group last: paths and tags in that order (Swagger and ReDoc follow it).
    paths = result.get("paths", {})
    result["paths"] = dict(sorted(paths.items(), key=lambda kv: _is_alias_path(kv[1])))
    tags = result.setdefault("tags", [])
    named = {t.get("name") for t in tags}
    for operations in result["paths"].values():
        for operation in operations.values():
            for tag in operation.get("tags", []) if isinstance(operation, dict) else []:
                if tag not in named and tag != UNVERSIONED_TAG:
                    tags.append({"name": tag})
                    named.add(tag)
    tags[:] = [t for t in tags if t.get("name") != UNVERSIONED_TAG]
    tags.append({"name": UNVERSIONED_TAG, "description": UNVERSIONED_TAG_DESCRIPTION})
    return result


def _is_alias_path(operations: dict) -> bool:
    return all(isinstance(op, dict) and op.get("deprecated") for op in operations.values())


def _twin_path(result: dict, op_id: str) -> str:
    for path, operations in result["paths"].items():
        if any(isinstance(op, dict) and op.get("operationId") == op_id for op in operations.values()):
            return path
    return op_id


def _apply(operation: dict, examples: list[OpenApiExample], schemas: dict) -> None:
    requests = [e for e in examples if not e.response_only]
    body = operation.get("requestBody", {}).get("content", {})
    if requests and "application/json" in body:
        body["application/json"]["examples"] = build_examples_list(requests)
    for status, answer in operation.get("responses", {}).items():
        content = answer.get("content", {}).get("application/json")
        if content is None:
            continue
        chosen = [e for e in examples if not e.request_only and status in (e.status_codes or ())]
        if not chosen and status in ERRORS and content.get("schema", {}).get("$ref", "").endswith("/Error"):
            chosen = [error_example(status, fields=_request_fields(operation, schemas))]
        if chosen:
            content["examples"] = build_examples_list(deepcopy(chosen))


def _request_fields(operation: dict, schemas: dict) -> list[str]:
    node = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in node:
        node = schemas.get(node["$ref"].rsplit("/", 1)[-1], {})
    return list(node.get("properties", {}))
