import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pishkhan.settings")
application = get_wsgi_application()

# A long-running server process: its startup objects stay out of the garbage collector's walks.
from core.collector import settle_server_process  # noqa: E402

settle_server_process()
