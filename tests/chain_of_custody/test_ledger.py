"""The ledger: appends, stored subtrees, leaf bytes, the head's compact range."""

import datetime as dt

import pytest
import rfc8785
from custody_testing import append
from hypothesis import given
from hypothesis import strategies as st

from chain_of_custody import leaves, tree
from chain_of_custody.ledger import append_event, leaf_bytes_of
from chain_of_custody.merkle import InMemoryTree, leaf_hash, root_from_leaf_hashes
from chain_of_custody.merkle import inclusion_proof as memory_inclusion
from chain_of_custody.models import CustodyEvent, CustodyHead, CustodySubtree

pytestmark = pytest.mark.django_db

text = st.text(max_size=40)
leaf_dicts = st.fixed_dictionaries(
    {
        "seq": st.integers(min_value=0, max_value=2**53 - 1),
        "type": text,
        "time": text,
        "item": text,
        "item_sha256": text,
        "actor": text,
        "outcome": text,
        "details": text,
    }
)


@given(leaf_dicts)
def test_canonical_json_is_rfc8785(fields):
    assert leaves.canonical_json(fields) == rfc8785.dumps(fields)


@given(leaf_dicts)
def test_leaf_template_is_rfc8785(fields):
    text_ = leaves.leaf_text(
        fields["seq"],
        fields["type"],
        fields["time"],
        fields["item"],
        fields["item_sha256"],
        fields["actor"],
        fields["outcome"],
        fields["details"],
    )
    assert text_.encode() == rfc8785.dumps(fields)


def test_leaf_bytes_formats_time_in_utc_with_microseconds():
    moment = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    data = leaves.leaf_bytes(
        seq=7,
        event_type="ing",
        occurred_at=moment,
        item_reference="IND-2026-000001",
        item_sha256="ab" * 32,
        actor_pid="system",
        outcome="success",
        details_commitment="cd" * 32,
    )
    assert b'"time":"2026-01-02T01:04:05.000000Z"' in data
    assert b'"seq":7,' in data


@pytest.mark.django_db(transaction=True)
def test_append_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside the operation's transaction"):
        append_event(
            event_type="val", item=None, actor=None, outcome="success", summary="x"
        )


def test_appends_number_events_from_zero_and_store_each_completed_subtree():
    events = append(40)
    assert [e.seq for e in events] == list(range(40))
    hashes = [bytes.fromhex(e.leaf_hash) for e in events]
    for event in events:
        stored = CustodyEvent.objects.get(seq=event.seq)
        assert leaf_hash(leaf_bytes_of(stored, "")).hex() == stored.leaf_hash
    memory = InMemoryTree(hashes)
    stored = {
        (s.level, s.index): bytes.fromhex(s.hash) for s in CustodySubtree.objects.all()
    }
    # Subtrees of 16 and 32 events are stored; smaller ones are recomputed.
    assert sorted(stored) == [(4, 0), (4, 1), (5, 0)]
    for (level, index), value in stored.items():
        assert memory.subtree_hash(level, index) == value
    head = CustodyHead.objects.get()
    assert head.size == 40
    assert len(head.border) == 64 * 2  # 40 = 32 + 8
    assert tree.tree_head() == (40, root_from_leaf_hashes(hashes))


def test_roots_and_proofs_from_the_database_match_the_tree_in_memory():
    hashes = [bytes.fromhex(e.leaf_hash) for e in append(37)]
    memory = InMemoryTree(hashes)
    for size in range(38):
        assert tree.root_at(size) == root_from_leaf_hashes(hashes[:size])
    for size in (1, 5, 8, 13, 16, 17, 33, 37):
        for seq in range(size):
            assert tree.inclusion_proof(seq=seq, size=size) == memory_inclusion(
                memory, seq, size
            )


def test_a_proof_takes_one_query(django_assert_max_num_queries):
    append(70)
    with django_assert_max_num_queries(1):
        tree.inclusion_proof(seq=17, size=69)
    with django_assert_max_num_queries(1):
        tree.consistency_proof(old_size=11, new_size=69)


def test_sizes_beyond_the_log_are_refused():
    append(3)
    with pytest.raises(ValueError, match=r"tree size 4 is outside the log's 0..3"):
        tree.root_at(4)
