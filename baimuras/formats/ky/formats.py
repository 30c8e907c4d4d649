# Django's ky formats, except the day and month: "30 ноябрь", the month lower-case inside a date as in DATE_FORMAT.
MONTH_DAY_FORMAT = "j E"
