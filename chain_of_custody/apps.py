from django.apps import AppConfig


class ChainOfCustodyConfig(AppConfig):
    name = "chain_of_custody"
    verbose_name = "Chain of custody"
