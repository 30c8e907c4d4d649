# Django's ru formats, except the day and month: "30 ноября", not "30 Ноябрь" (the date hierarchy's days).
MONTH_DAY_FORMAT = "j E"
