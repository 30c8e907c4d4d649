from celery import shared_task


@shared_task(name="analytics.rollup")
def rollup_task() -> dict:
    """Hourly (beat): roll up finished days, delete raw views past the retention and old salts."""
    from .services import rollups_run

    return rollups_run()
