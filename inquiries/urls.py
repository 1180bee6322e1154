from django.urls import path

from inquiries.letters import composer, editor, views

app_name = "inquiries"
urlpatterns = [
    path("verify/", views.verify_start, name="verify_start"),
    path("verify/<str:code>", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify),
    path("cases/<int:pk>/letter/panel/", views.panel, name="panel"),
    path("letters/<int:pk>/correct/", views.correct, name="correct"),
    path("cases/<int:pk>/letter/issue/", composer.issue, name="issue"),
    path("letters/templates/", editor.template_list, name="templates"),
    path("letters/templates/new/", editor.template_create, name="template_create"),
    path("letters/templates/<int:pk>/", editor.template_edit, name="template_edit"),
]
