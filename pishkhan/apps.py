from django.apps import AppConfig


class PishkhanConfig(AppConfig):
    name = "pishkhan"
    verbose_name = "Pishkhan"
