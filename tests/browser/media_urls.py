"""The project's URLs plus the uploaded media, which the live server must serve for pictures to
show (in production the proxy or the bucket serves them)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from newsroom.urls import urlpatterns as project_urls


def media(request, name):
    return serve(request, name, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<name>.+)$", media), *project_urls]
