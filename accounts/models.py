"""Staff accounts. API tokens are Wagtail's ``APIToken`` (hashed, revocable)."""

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A member of staff. Deactivated, never deleted: custody records cite them."""

    # The only actor identifier that enters the custody ledger: it says the same
    # person acted twice without saying who they are.
    custody_pid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        db_table = "accounts_user"
