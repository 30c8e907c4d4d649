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


class WithoutTraceback(logging.Filter):
    """Keep the one line, drop the traceback: a forged Host header is an everyday scan, and a stack
    trace per request would fill the log (the message already names the header)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
