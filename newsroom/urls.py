from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from articles.views.uploads import body_image_upload, browse_uploaded_images
from newsroom.health import healthz

# ckeditor_uploader's own URLconf is not included: its unanchored patterns reach its unchecked
# views through any suffix (/ckeditor/upload/x). These two names are all its widget reverses.
handler400 = "newsroom.errors.bad_request"
handler500 = "newsroom.outages.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("ckeditor/upload/", body_image_upload, name="ckeditor_upload"),
    path("ckeditor/browse/", browse_uploaded_images, name="ckeditor_browse"),
    path(settings.ADMIN_URL, admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Last: the public site treats any other path as a section path.
urlpatterns += [path("", include("frontpage.urls")), path("", include("articles.urls"))]
