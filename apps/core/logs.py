import json
import logging

from .timeutils import utc_now_iso


class JsonFormatter(logging.Formatter):
    """One JSON object per line: timestamp, level, logger, message and the record's `fields`."""

    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "timestamp": utc_now_iso(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        payload.update(getattr(record, "fields", {}))
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False, default=str)
