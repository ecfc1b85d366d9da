"""Blob stores by alias, configured in ``INDISPUTABLE_BLOB_STORES``.

Like Django's storage handler: each alias names a backend class and its options,
and stores are built lazily, on first use, from the settings in force then.
"""

from asgiref.local import Local
from django.core.exceptions import ImproperlyConfigured
from django.utils.connection import BaseConnectionHandler
from django.utils.module_loading import import_string

from storage.backends.base import BlobStore


class BlobStoreHandler(BaseConnectionHandler):
    settings_name = "INDISPUTABLE_BLOB_STORES"
    exception_class = ImproperlyConfigured

    def create_connection(self, alias: str) -> BlobStore:
        config = self.settings[alias]
        backend = import_string(config["BACKEND"])
        return backend(alias, **config.get("OPTIONS", {}))


blob_stores = BlobStoreHandler()


def primary_store() -> BlobStore:
    """The store that receives every blob first."""
    return blob_stores["primary"]


def reset_stores_on_setting_change(*, setting: str, **kwargs) -> None:
    """Forget built stores when tests override the store settings."""
    if setting == BlobStoreHandler.settings_name:
        blob_stores.__dict__.pop("settings", None)
        blob_stores._settings = None
        blob_stores._connections = Local(blob_stores.thread_critical)
