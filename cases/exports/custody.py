"""The custody part of a bundle: the exported items' ledger leaves, PREMIS 3.0 XML,
one C2SP tlog-proof per event against the export's checkpoint, the signed
checkpoint, the public key and the RFC 3161 tokens.

Every file here can be checked with the public key alone (``verify.py`` does).
"""

from __future__ import annotations

import heapq
import io
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple, TextIO
from xml.sax.saxutils import escape, quoteattr

from chain_of_custody import merkle, proof_texts, signing
from chain_of_custody.leaves import leaf_text
from chain_of_custody.models import Checkpoint, CustodyDetail, CustodyEvent, EventType
from chain_of_custody.selectors import leaf_values
from chain_of_custody.tree import DatabaseTree

PROOF_BATCH = 256
ITEMS_PER_QUERY = 500  # items' ids in one IN (...)
ROWS_IN_FLIGHT = 2000  # leaf rows fetched ahead
MERGE_WIDTH = 64  # spooled leaf files merged at once
DETAILS_PER_QUERY = 900  # within every SQLite's limit of variables
EVENT_TYPE_URI = "http://id.loc.gov/vocabulary/preservation/eventType/"
PREMIS_NS = "http://www.loc.gov/premis/v3"


def _leaf_rows(item_ids: Sequence[int], size: int) -> Iterator[tuple]:
    """(seq, leaf text, stored leaf hash) of the items' events in the checkpoint,
    in seq order."""
    rows = leaf_values(CustodyEvent.objects.filter(item__in=item_ids, seq__lt=size))
    for row in rows.iterator(chunk_size=ROWS_IN_FLIGHT):
        yield row[0], leaf_text(*row[:8]), row[8]


def spool_leaves(item_ids: Sequence[int], checkpoint: Checkpoint, out: TextIO) -> int:
    """Write ``seq leaf`` lines of every event of the items covered by the
    checkpoint to ``out``, in seq order; return how many.

    The items' events are read a few hundred items per query, one query at a
    time, each query's rows (in seq order) written to a temporary file; the files
    are then merged in seq order, at most ``MERGE_WIDTH`` open at once. Memory
    does not grow with the number of items or events. A leaf whose recomputed
    hash differs from the stored one stops the export: a bundle never carries a
    record the archive itself cannot prove.
    """
    ids = sorted(item_ids)
    with tempfile.TemporaryDirectory(prefix="export-leaves-") as folder:
        runs = []
        for start in range(0, len(ids), ITEMS_PER_QUERY):
            path = Path(folder) / f"run-{len(runs)}.txt"
            group = ids[start : start + ITEMS_PER_QUERY]
            with open(path, "w", encoding="utf-8") as run:
                for seq, text, stored in _leaf_rows(group, checkpoint.size):
                    if merkle.leaf_hash(text.encode()).hex() != stored:
                        raise ValueError(
                            f"custody event #{seq} does not match its ledger leaf; "
                            "run `manage.py custody verify`"
                        )
                    run.write(f"{seq} {text}\n")
            runs.append(path)
        merges = 0
        while len(runs) > MERGE_WIDTH:
            merged = []
            for i in range(0, len(runs), MERGE_WIDTH):
                merges += 1
                target = Path(folder) / f"merged-{merges}.txt"
                merged.append(_merge(runs[i : i + MERGE_WIDTH], target))
            runs = merged
        count = 0
        for seq, text in heapq.merge(*(read_leaves(path) for path in runs)):
            out.write(f"{seq} {text}\n")
            count += 1
    return count


def _merge(paths: list[Path], target: Path) -> Path:
    """Merge the leaf files ``paths`` (each in seq order) into ``target``."""
    with open(target, "w", encoding="utf-8") as out:
        for seq, text in heapq.merge(*(read_leaves(path) for path in paths)):
            out.write(f"{seq} {text}\n")
    for path in paths:
        path.unlink()
    return target


def read_leaves(path: Path) -> Iterator[tuple[int, str]]:
    """The (seq, leaf) pairs written by :func:`spool_leaves`."""
    with open(path, encoding="utf-8") as spool:
        for line in spool:
            seq, _, text = line.rstrip("\n").partition(" ")
            yield int(seq), text


def event_leaves(
    item_ids: Sequence[int], checkpoint: Checkpoint
) -> list[tuple[int, str]]:
    """(seq, leaf) of every event of the items covered by the checkpoint, in order
    (in memory: for small sets; exports spool them with :func:`spool_leaves`)."""
    out = io.StringIO()
    spool_leaves(item_ids, checkpoint, out)
    return [
        (int(seq), text)
        for seq, _, text in (
            line.partition(" ") for line in out.getvalue().splitlines()
        )
    ]


class _Recorder:
    """A tree reader that answers zeros and notes which subtrees were asked for."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.asked: set[tuple[int, int]] = set()

    def subtree_hash(self, level: int, index: int) -> bytes:
        self.asked.add((level, index))
        return bytes(merkle.HASH_SIZE)


def proofs(
    leaves: Iterable[tuple[int, str]], checkpoint: Checkpoint
) -> Iterator[tuple[int, str]]:
    """(seq, tlog-proof text) per leaf; the tree's nodes are fetched a batch at a
    time, one query per batch rather than per proof."""
    for batch in _batched(leaves, PROOF_BATCH):
        yield from _proof_batch(batch, checkpoint)


def _batched(things: Iterable, size: int) -> Iterator[list]:
    batch = []
    for thing in things:
        batch.append(thing)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _proof_batch(
    batch: list[tuple[int, str]], checkpoint: Checkpoint
) -> Iterator[tuple[int, str]]:
    size = checkpoint.size
    recorder = _Recorder(size)
    for seq, _ in batch:
        merkle.inclusion_proof(recorder, seq, size)
    tree = DatabaseTree(size)
    tree.load(recorder.asked)
    for seq, text in batch:
        hashes = merkle.inclusion_proof(tree, seq, size)
        yield (
            seq,
            proof_texts.format_inclusion_proof(
                seq, hashes, checkpoint.note, extra=text.encode()
            ),
        )


def events_jsonl(leaves: Iterable[tuple[int, str]]) -> bytes:
    """One leaf per line, byte for byte as the ledger hashes it."""
    return b"".join(events_jsonl_chunks(leaves))


def events_jsonl_chunks(leaves: Iterable[tuple[int, str]]) -> Iterator[bytes]:
    for batch in _batched(leaves, 1000):
        yield "".join(f"{text}\n" for _, text in batch).encode()


def public_key() -> str:
    return signing.public_key().vkey + "\n"


class _Detail(NamedTuple):
    actor_label: str
    summary: str


PREMIS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<premis xmlns="{PREMIS_NS}" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="3.0">\n'
)


def premis_xml(leaves: Iterable[tuple[int, str]], objects: Iterable[dict]) -> bytes:
    """PREMIS 3.0: the exported files as objects, their events, and the agents."""
    objects_xml = "".join(premis_object(obj) for obj in objects).encode()
    return b"".join(premis_chunks(leaves, [objects_xml]))


def premis_chunks(
    leaves: Iterable[tuple[int, str]], objects_xml: Iterable[bytes]
) -> Iterator[bytes]:
    """PREMIS 3.0 a part at a time: the objects (``objects_xml``, already made by
    :func:`premis_object`), the events with their details (a query per batch of
    events), then the agents."""
    yield PREMIS_HEAD.encode()
    yield from objects_xml
    agents: dict[str, str] = {}
    labels = dict(EventType.choices)
    for batch in _batched(leaves, DETAILS_PER_QUERY):
        details = {
            seq: _Detail(label, summary)
            for seq, label, summary in CustodyDetail.objects.filter(
                event__seq__in=[seq for seq, _ in batch]
            ).values_list("event__seq", "actor_label", "summary")
        }
        parts = []
        for seq, text in batch:
            leaf = json.loads(text)
            detail = details.get(seq)
            agents.setdefault(leaf["actor"], detail.actor_label if detail else "")
            parts.append(_premis_event(seq, leaf, labels, detail))
        yield "".join(parts).encode()
    parts = []
    for pid, label in agents.items():
        kind = "software" if pid == "system" else "person"
        name = f"    <agentName>{escape(label)}</agentName>\n" if label else ""
        parts.append(
            "  <agent>\n"
            "    <agentIdentifier><agentIdentifierType>custody-pid"
            f"</agentIdentifierType><agentIdentifierValue>{escape(pid)}"
            "</agentIdentifierValue></agentIdentifier>\n"
            f"{name}    <agentType>{kind}</agentType>\n  </agent>\n"
        )
    parts.append("</premis>\n")
    yield "".join(parts).encode()


def premis_object(obj: dict) -> str:
    fixity = "".join(
        "      <fixity><messageDigestAlgorithm>"
        f"{algorithm}</messageDigestAlgorithm><messageDigest>{obj[key]}"
        "</messageDigest></fixity>\n"
        for algorithm, key in (("SHA-256", "sha256"), ("SHA-512", "sha512"))
    )
    return (
        '  <object xsi:type="file">\n'
        "    <objectIdentifier><objectIdentifierType>ERN</objectIdentifierType>"
        f"<objectIdentifierValue>{escape(obj['ern'])}</objectIdentifierValue>"
        "</objectIdentifier>\n"
        "    <objectIdentifier><objectIdentifierType>archive-reference"
        f"</objectIdentifierType><objectIdentifierValue>{escape(obj['reference'])}"
        "</objectIdentifierValue></objectIdentifier>\n"
        "    <objectCharacteristics>\n      <compositionLevel>0</compositionLevel>\n"
        f"{fixity}      <size>{obj['size']}</size>\n"
        "      <format><formatDesignation><formatName>"
        f"{escape(obj['mime_type'])}</formatName></formatDesignation></format>\n"
        "    </objectCharacteristics>\n"
        f"    <originalName>{escape(obj['file'])}</originalName>\n"
        "  </object>\n"
    )


def _premis_event(seq: int, leaf: dict, labels: dict, detail) -> str:
    code = leaf["type"]
    label = labels.get(code, "metadata modification" if code == "mem" else code)
    summary = (
        f"    <eventDetailInformation><eventDetail>{escape(detail.summary)}"
        "</eventDetail></eventDetailInformation>\n"
        if detail
        else ""
    )
    linking = (
        "    <linkingObjectIdentifier><linkingObjectIdentifierType>archive-reference"
        f"</linkingObjectIdentifierType><linkingObjectIdentifierValue>"
        f"{escape(leaf['item'])}</linkingObjectIdentifierValue>"
        "</linkingObjectIdentifier>\n"
        if leaf["item"]
        else ""
    )
    return (
        "  <event>\n"
        "    <eventIdentifier><eventIdentifierType>custody-seq</eventIdentifierType>"
        f"<eventIdentifierValue>{seq}</eventIdentifierValue></eventIdentifier>\n"
        f'    <eventType authority="eventType" '
        f"valueURI={quoteattr(EVENT_TYPE_URI + code)}>{escape(label)}</eventType>\n"
        f"    <eventDateTime>{escape(leaf['time'])}</eventDateTime>\n"
        f"{summary}"
        "    <eventOutcomeInformation><eventOutcome>"
        f"{escape(leaf['outcome'])}</eventOutcome></eventOutcomeInformation>\n"
        "    <linkingAgentIdentifier><linkingAgentIdentifierType>custody-pid"
        "</linkingAgentIdentifierType><linkingAgentIdentifierValue>"
        f"{escape(leaf['actor'])}</linkingAgentIdentifierValue>"
        "</linkingAgentIdentifier>\n"
        f"{linking}  </event>\n"
    )
