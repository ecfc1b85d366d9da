"""What a source can do with a codename: get one, sign in with it, read replies;
and what staff can do for them: reply.

Replies are encrypted to the source's reply key (whose private half is stored only
wrapped under the codename) and to the organisation's keys (held offline), so the
server alone cannot read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from accounts.models import User
from tips import access, floods
from tips.codenames import (
    derive,
    new_codename,
    new_reply_identity,
    unwrap_reply_identity,
)
from tips.crypto import decrypt_bytes, encrypt_bytes, organisation_recipients
from tips.models import Reply, Source
from tips.privacy import current_hour
from tips.submission import create_source

# Sign-in refusals say nothing about why: no codename is confirmed or denied.
SIGN_IN_FAILED = gettext_lazy("That codename was not accepted.")


class SignInRefused(Exception):
    pass


@dataclass(frozen=True)
class ReadReply:
    hour: dt.datetime
    text: str


def new_source_with_codename() -> tuple[Source, str]:
    """A source with a fresh codename, returned once and never stored."""
    codename = new_codename()
    keys = derive(codename)
    recipient, wrapped = new_reply_identity(keys)
    source = create_source(
        codename_lookup=keys.lookup,
        reply_recipient=recipient,
        wrapped_reply_identity=wrapped,
    )
    return source, codename


def sign_in(codename: str) -> tuple[Source, list[ReadReply]]:
    """The source holding ``codename`` and its replies, decrypted for this response.

    Raises ``SignInRefused`` with the same message whatever went wrong.
    """
    try:
        floods.check_codename_attempt()
    except floods.FloodRefusal as exc:
        raise SignInRefused(str(exc)) from exc
    if len(codename) > 400:
        codename = ""
    # Always pay for the hash, so timing does not tell a malformed codename apart.
    keys = derive(codename)
    source = Source.objects.filter(codename_lookup=keys.lookup).first()
    if source is None:
        raise SignInRefused(str(SIGN_IN_FAILED))
    try:
        identity = unwrap_reply_identity(keys, source.wrapped_reply_identity)
    except ValueError as exc:
        raise SignInRefused(str(SIGN_IN_FAILED)) from exc
    replies = [
        ReadReply(
            hour=r.created_hour, text=decrypt_bytes(r.ciphertext, [identity]).decode()
        )
        for r in source.replies.all()
    ]
    Source.objects.filter(pk=source.pk).update(last_seen_hour=current_hour())
    return source, replies


def send_reply(*, source: Source, text: str, actor: User) -> Reply:
    """Store a reply that only the source (or the organisation, offline) can read."""
    if not access.can_handle_tips(actor):
        raise access.AccessDenied("you may not answer tips")
    text = text.strip()
    if not text:
        raise ValueError(gettext("The reply is empty."))
    if len(text) > settings.INDISPUTABLE_TIPS_MAX_MESSAGE_CHARS:
        raise ValueError(gettext("The reply is too long."))
    if not source.has_codename:
        raise ValueError(
            gettext("This source has no codename and cannot read replies.")
        )
    from pyrage import x25519

    recipients = [
        x25519.Recipient.from_str(source.reply_recipient),
        *organisation_recipients(),
    ]
    with transaction.atomic():
        return Reply.objects.create(
            source=source,
            created_hour=current_hour(),
            ciphertext=encrypt_bytes(text.encode(), recipients),
            author=actor,
        )
