"""Offline decryption: export the ciphertexts, decrypt them on another machine.

``export_tips`` writes each tip's ciphertexts and an index (designation, hour, each
part's SHA-256 and accession event) that holds nothing secret, and records each
part's export in the custody log: the decryption that follows, on another machine,
is out of the archive's sight, so the export is the last act it can record.
``decrypt_export`` needs only that directory and the private key: no database.
Every file is an ordinary age file, so ``age -d -i key.txt part-1.age`` works too.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

from django.db import transaction

from chain_of_custody import events
from tips.crypto import decrypt_bytes, decrypt_stream, parse_identities
from tips.inbox import accession_event
from tips.models import Tip
from tips.store import tips_store

INDEX = "index.json"


class ExportIntegrityError(Exception):
    """A decrypted part does not hash to the SHA-256 recorded at arrival."""


def export_tips(out: Path, tips=None, *, actor=None) -> int:
    """Copy the ciphertexts of ``tips`` (default: all) under ``out``; return count.

    ``actor`` is the member of staff exporting, or None for the operator at the
    command line (recorded as the system).
    """
    store = tips_store()
    out.mkdir(parents=True, exist_ok=True)
    index = []
    exported = []
    tips = tips if tips is not None else Tip.objects.select_related("source")
    for tip in tips.order_by("pk"):
        folder = out / f"tip-{tip.pk}"
        folder.mkdir(exist_ok=True)
        shutil.copyfile(store.path(tip.manifest_name), folder / "manifest.age")
        parts = []
        for part in tip.parts.order_by("index"):
            name = f"part-{part.index}.age"
            shutil.copyfile(store.path(part.ciphertext_name), folder / name)
            event = accession_event(part)
            exported.append(event)
            parts.append(
                {
                    "index": part.index,
                    "kind": part.kind,
                    "size": part.size,
                    "sha256": part.sha256,
                    "accession_seq": event.seq,
                    "accession_leaf_hash": event.leaf_hash,
                    "ciphertext": name,
                }
            )
        index.append(
            {
                "tip": tip.pk,
                "designation": tip.source.designation,
                "received_hour": tip.received_hour.isoformat(),
                "folder": folder.name,
                "parts": parts,
            }
        )
    (out / INDEX).write_text(json.dumps(index, indent=2))
    with transaction.atomic():
        for event in exported:
            events.record_tip_export(accession=event, actor=actor)
    return len(index)


def _safe_name(name: str, fallback: str) -> str:
    name = Path(name.replace("\\", "/")).name
    name = re.sub(r"[^\w.\- ]", "_", name).strip(" .")
    return name[:150] or fallback


def decrypt_export(export: Path, key_text: str, out: Path) -> list[Path]:
    """Decrypt an export into ``out``, checking each file's SHA-256; return paths."""
    identities = parse_identities(key_text)
    index = json.loads((export / INDEX).read_text())
    written = []
    for tip in index:
        folder = export / tip["folder"]
        manifest = json.loads(
            decrypt_bytes((folder / "manifest.age").read_bytes(), identities)
        )
        names = {e["index"]: e for e in manifest["parts"]}
        target_dir = out / tip["folder"]
        target_dir.mkdir(parents=True, exist_ok=True)
        (target_dir / "manifest.json").write_text(json.dumps(manifest, indent=2))
        for part in tip["parts"]:
            entry = names.get(part["index"], {})
            name = f"{part['index']:02d}-" + _safe_name(
                entry.get("filename", ""), f"part-{part['index']}"
            )
            target = target_dir / name
            digest = hashlib.sha256()
            with (
                (folder / part["ciphertext"]).open("rb") as src,
                target.open("wb") as dst,
            ):
                decrypt_stream(src, _HashingSink(dst, digest), identities)
            if digest.hexdigest() != part["sha256"] or (
                entry and entry.get("sha256") != part["sha256"]
            ):
                target.unlink()
                raise ExportIntegrityError(
                    f"{tip['folder']}/{part['ciphertext']} decrypts to SHA-256 "
                    f"{digest.hexdigest()}, not {part['sha256']} as recorded at "
                    f"arrival (accession #{part['accession_seq']})"
                )
            written.append(target)
    return written


class _HashingSink:
    def __init__(self, out, digest) -> None:
        self.out = out
        self.digest = digest

    def write(self, data) -> int:
        self.digest.update(data)
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()
