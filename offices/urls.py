from django.urls import path

from offices.views import instructions, manage, public, staff

app_name = "offices"
urlpatterns = [
    path("offices/", public.directory, name="directory"),
    path("offices/changes/", public.changes, name="changes"),
    path("offices/districts.geojson", public.district_outlines, name="district_outlines"),
    path("offices/manage/", manage.manage_list, name="manage_list"),
    path("offices/manage/new/", manage.office_create, name="create"),
    path("offices/manage/training/", manage.training, name="training"),
    path("offices/manage/<int:pk>/", manage.office_detail, name="manage_detail"),
    path("offices/manage/<int:pk>/edit/", manage.office_edit, name="edit"),
    path("offices/manage/<int:pk>/status/", manage.change_status, name="change_status"),
    path("offices/manage/<int:pk>/selection/", manage.change_selection, name="change_selection"),
    path("offices/manage/<int:pk>/contracts/new/", manage.add_contract, name="add_contract"),
    path("offices/manage/<int:pk>/staff/new/", manage.add_staff, name="add_staff"),
    path("offices/contracts/<int:pk>/file/", manage.contract_file, name="contract_file"),
    path("offices/mine/", staff.my_office, name="my_office"),
    path("offices/memberships/<int:pk>/end/", staff.end_membership, name="end_membership"),
    path("offices/memberships/<int:pk>/file/", staff.employment_file, name="employment_file"),
    path("offices/instructions/", instructions.instructions, name="instructions"),
    path("offices/instructions/publish/", instructions.publish, name="publish_instruction"),
    path("offices/instructions/<int:pk>/", instructions.instruction_detail, name="instruction_detail"),
    path("offices/instructions/<int:pk>/acknowledge/", instructions.acknowledge, name="acknowledge"),
    path("offices/instructions/<int:pk>/attachment/", instructions.attachment, name="instruction_attachment"),
]
