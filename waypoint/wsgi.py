import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypoint.settings")
application = get_wsgi_application()

# The web server works as the application's restricted database role, never as the tables' owner.
from waypoint.database import use_application_role  # noqa: E402

use_application_role()
