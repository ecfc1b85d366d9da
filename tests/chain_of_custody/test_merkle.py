"""RFC 6962 / RFC 9162 Merkle tree: published vectors and properties."""

import hashlib
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chain_of_custody.merkle import (
    EMPTY_ROOT,
    CompactRange,
    InMemoryTree,
    ProofError,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)

# transparency-dev/merkle testonly/constants.go: LeafInputs, RootHashes, NodeHashes.
LEAF_INPUTS = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
ROOTS = [
    bytes.fromhex(h)
    for h in [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
]
NODE_HASHES = [
    [bytes.fromhex(h) for h in level]
    for level in [
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
        ],
        [
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        ],
        [
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
        ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
    ]
]
N = NODE_HASHES
# transparency-dev/merkle proof/verify_test.go, leaf indices made zero-based.
INCLUSION_VECTORS = [
    (0, 8, [N[0][1], N[1][1], N[2][1]]),
    (5, 8, [N[0][4], N[1][3], N[2][0]]),
    (2, 3, [N[1][0]]),
    (1, 5, [N[0][0], N[1][1], N[0][4]]),
]
CONSISTENCY_VECTORS = [
    (1, 8, [N[0][1], N[1][1], N[2][1]]),
    (6, 8, [N[1][2], N[1][3], N[2][0]]),
    (2, 5, [N[1][1], N[0][4]]),
    (6, 7, [N[1][2], N[0][6], N[2][0]]),
]


def published_tree() -> InMemoryTree:
    return InMemoryTree(leaf_hash(data) for data in LEAF_INPUTS)


def make_leaves(count: int) -> list[bytes]:
    return [leaf_hash(i.to_bytes(4, "big")) for i in range(count)]


def flip(value: bytes, bit: int) -> bytes:
    bit %= len(value) * 8
    return (
        value[: bit // 8]
        + bytes([value[bit // 8] ^ 1 << bit % 8])
        + value[bit // 8 + 1 :]
    )


class CountingReader:
    """Wraps a tree, refuses any subtree not complete within ``limit`` leaves."""

    def __init__(self, tree: InMemoryTree, limit: int) -> None:
        self.tree, self.limit, self.reads = tree, limit, 0

    @property
    def size(self) -> int:
        return self.tree.size

    def subtree_hash(self, level: int, index: int) -> bytes:
        assert (index + 1) << level <= self.limit, (level, index, self.limit)
        self.reads += 1
        return self.tree.subtree_hash(level, index)


def test_hashes_use_the_rfc_6962_domain_prefixes():
    left, right = b"L" * 32, b"R" * 32
    assert leaf_hash(b"x") == hashlib.sha256(b"\x00x").digest()
    assert node_hash(left, right) == hashlib.sha256(b"\x01" + left + right).digest()
    assert hashlib.sha256(b"").digest() == EMPTY_ROOT


@pytest.mark.parametrize("size", range(9))
def test_roots_match_published_vectors(size):
    leaves = [leaf_hash(data) for data in LEAF_INPUTS[:size]]
    compact = CompactRange()
    compact.extend(leaves)
    assert root_from_leaf_hashes(leaves) == ROOTS[size]
    assert root(published_tree(), size) == ROOTS[size]
    assert compact.root() == ROOTS[size]


def test_complete_subtrees_match_published_node_hashes():
    tree = published_tree()
    for level, hashes in enumerate(NODE_HASHES):
        for index, expected in enumerate(hashes):
            assert tree.subtree_hash(level, index) == expected


def test_append_reports_the_subtrees_it_completes():
    compact = CompactRange()
    compact.extend(leaf_hash(data) for data in LEAF_INPUTS[:7])
    completed = compact.append(leaf_hash(LEAF_INPUTS[7]))
    assert completed == [
        (0, 7, N[0][7]),
        (1, 3, N[1][3]),
        (2, 1, N[2][1]),
        (3, 0, N[3][0]),
    ]
    assert compact.border == [(3, 0, ROOTS[8])]


def test_compact_range_reloads_its_border_from_a_reader():
    tree = published_tree()
    compact = CompactRange.from_reader(tree, 7)
    assert compact.border == [(2, 0, N[2][0]), (1, 2, N[1][2]), (0, 6, N[0][6])]
    assert compact.root() == ROOTS[7]
    compact.append(leaf_hash(LEAF_INPUTS[7]))
    assert compact.root() == ROOTS[8]


@pytest.mark.parametrize(("index", "size", "expected"), INCLUSION_VECTORS)
def test_inclusion_proofs_match_published_vectors(index, size, expected):
    proof = inclusion_proof(published_tree(), index, size)
    assert proof == expected
    verify_inclusion(leaf_hash(LEAF_INPUTS[index]), index, size, proof, ROOTS[size])


@pytest.mark.parametrize(("old", "new", "expected"), CONSISTENCY_VECTORS)
def test_consistency_proofs_match_published_vectors(old, new, expected):
    proof = consistency_proof(published_tree(), old, new)
    assert proof == expected
    verify_consistency(old, new, ROOTS[old], ROOTS[new], proof)


def test_trivial_consistency_proofs_are_empty():
    tree = published_tree()
    assert consistency_proof(tree, 0, 8) == []
    assert consistency_proof(tree, 5, 5) == []
    verify_consistency(0, 8, EMPTY_ROOT, ROOTS[8], [])
    verify_consistency(5, 5, ROOTS[5], ROOTS[5], [])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            (5, 8, [N[0][4]]),
            "inclusion proof for leaf 5 in a tree of size 8 needs 3 hashes, got 1",
        ),
        ((8, 8, []), "leaf index 8 is outside a tree of size 8"),
        ((0, 0, []), "leaf index 0 is outside a tree of size 0"),
        ((5, 8, [N[0][4], N[1][3], b"short"]), "proof hash 2 is 5 bytes, not 32"),
    ],
)
def test_malformed_inclusion_proofs_are_refused(args, message):
    index, size, proof = args
    with pytest.raises(ProofError) as error:
        verify_inclusion(leaf_hash(LEAF_INPUTS[5]), index, size, proof, ROOTS[8])
    assert str(error.value) == message


def test_inclusion_proof_of_another_leaf_names_both_roots():
    proof = inclusion_proof(published_tree(), 5, 8)
    computed = node_hash(
        N[2][0], node_hash(node_hash(proof[0], leaf_hash(b"forged")), N[1][3])
    )
    with pytest.raises(ProofError) as error:
        verify_inclusion(leaf_hash(b"forged"), 5, 8, proof, ROOTS[8])
    assert str(error.value) == (
        f"inclusion proof for leaf 5 leads to root {computed.hex()}, "
        f"not {ROOTS[8].hex()}"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((6, 5, ROOTS[6], ROOTS[5], []), "old size 6 is outside 0..5"),
        (
            (0, 8, ROOTS[1], ROOTS[8], []),
            f"old root {ROOTS[1].hex()} is not {EMPTY_ROOT.hex()}",
        ),
        (
            (0, 8, EMPTY_ROOT, ROOTS[8], [N[0][0]]),
            "consistency proof from 0 to 8 needs 0 hashes, got 1",
        ),
        (
            (5, 5, ROOTS[5], ROOTS[6], []),
            f"old root {ROOTS[5].hex()} is not {ROOTS[6].hex()}",
        ),
        (
            (6, 8, ROOTS[6], ROOTS[8], []),
            "consistency proof from 6 to 8 needs 3 hashes, got 0",
        ),
        ((6, 8, ROOTS[6], b"", []), "new root is 0 bytes, not 32"),
    ],
)
def test_malformed_consistency_proofs_are_refused(args, message):
    with pytest.raises(ProofError) as error:
        verify_consistency(*args)
    assert str(error.value) == message


def test_consistency_proof_against_a_rewritten_history_is_refused():
    proof = consistency_proof(published_tree(), 6, 8)
    rewritten = [leaf_hash(b"x")] + [leaf_hash(d) for d in LEAF_INPUTS[1:8]]
    old_root = root_from_leaf_hashes(rewritten[:6])
    with pytest.raises(
        ProofError, match=r"^consistency proof from 6 to 8 leads to old"
    ):
        verify_consistency(6, 8, old_root, ROOTS[8], proof)
    new_root = root_from_leaf_hashes(rewritten)
    with pytest.raises(ProofError) as error:
        verify_consistency(6, 8, ROOTS[6], new_root, proof)
    assert str(error.value) == (
        f"consistency proof from 6 to 8 leads to new root {ROOTS[8].hex()}, "
        f"not {new_root.hex()}"
    )


def test_proofs_read_only_complete_subtrees_and_few_of_them():
    tree = InMemoryTree(make_leaves(1000))
    for size in (1, 2, 3, 255, 256, 257, 999, 1000):
        reader = CountingReader(tree, size)
        assert root(reader, size) == root_from_leaf_hashes(make_leaves(size))
        for index in {0, size // 2, size - 1}:
            inclusion_proof(reader, index, size)
        for old in {1, size // 3, size - 1}:
            consistency_proof(reader, old, size)
        # 7 calls of at most about 2 log2(n) reads each.
        assert reader.reads <= 7 * (2 * size.bit_length() + 1)


def test_readers_refuse_sizes_they_do_not_hold():
    with pytest.raises(ValueError, match=r"^tree size 9 is outside the stored 0\.\.8$"):
        inclusion_proof(published_tree(), 0, 9)


def test_a_million_leaves_verify_at_over_100k_leaves_per_second():
    entries = [i.to_bytes(8, "big") for i in range(1_000_000)]
    started = time.perf_counter()
    root_from_leaf_hashes([leaf_hash(entry) for entry in entries])
    assert time.perf_counter() - started < 10


@settings(deadline=None, max_examples=60)
@given(size=st.integers(0, 300))
def test_incremental_root_equals_batch_root_at_every_size(size):
    leaves = make_leaves(size)
    compact = CompactRange()
    assert compact.root() == EMPTY_ROOT
    for count, leaf in enumerate(leaves, start=1):
        compact.append(leaf)
        assert compact.root() == root_from_leaf_hashes(leaves[:count])
    restored = CompactRange.from_reader(InMemoryTree(leaves))
    assert restored.border == compact.border


@settings(deadline=None, max_examples=60)
@given(data=st.data(), stored=st.integers(1, 300))
def test_every_proof_built_from_a_reader_verifies(data, stored):
    leaves = make_leaves(stored)
    tree = InMemoryTree(leaves)
    size = data.draw(st.integers(1, stored), label="size")
    reader = CountingReader(tree, size)
    tree_root = root_from_leaf_hashes(leaves[:size])
    assert root(reader, size) == tree_root
    for index in range(size):
        proof = inclusion_proof(reader, index, size)
        verify_inclusion(leaves[index], index, size, proof, tree_root)
    for old in range(size + 1):
        proof = consistency_proof(reader, old, size)
        old_root = root_from_leaf_hashes(leaves[:old])
        verify_consistency(old, size, old_root, tree_root, proof)


@settings(deadline=None, max_examples=150)
@given(data=st.data(), stored=st.integers(2, 300))
def test_tampered_inclusion_proofs_fail(data, stored):
    leaves = make_leaves(stored)
    tree = InMemoryTree(leaves)
    size = data.draw(st.integers(1, stored), label="size")
    index = data.draw(st.integers(0, size - 1), label="index")
    bit = data.draw(st.integers(0, 255), label="bit")
    proof = inclusion_proof(tree, index, size)
    good_root = root(tree, size)

    def refused(leaf=leaves[index], at=index, of=size, path=proof, head=good_root):
        with pytest.raises(ProofError):
            verify_inclusion(leaf, at, of, path, head)

    for position in range(len(proof)):
        refused(
            path=[*proof[:position], flip(proof[position], bit), *proof[position + 1 :]]
        )
    refused(head=flip(good_root, bit))
    refused(leaf=flip(leaves[index], bit))
    refused(path=[*proof, good_root])
    refused(path=[good_root, *proof])
    if proof:
        refused(path=proof[:-1])
    other = data.draw(
        st.integers(0, stored - 1).filter(lambda i: i != index), label="other"
    )
    if other < size:
        refused(at=other)
        refused(leaf=leaves[other])
    # A checkpoint binds size and root together, so a wrong size comes with that
    # size's own root: RFC 9162 proofs do not bind the size on their own.
    wrong_sizes = [s for s in range(index + 1, stored + 1) if s != size]
    if wrong_sizes:
        wrong_size = data.draw(st.sampled_from(wrong_sizes), label="wrong_size")
        refused(of=wrong_size, head=root(tree, wrong_size))


@settings(deadline=None, max_examples=150)
@given(data=st.data(), stored=st.integers(2, 300))
def test_tampered_consistency_proofs_fail(data, stored):
    leaves = make_leaves(stored)
    tree = InMemoryTree(leaves)
    new = data.draw(st.integers(2, stored), label="new")
    old = data.draw(st.integers(1, new - 1), label="old")
    bit = data.draw(st.integers(0, 255), label="bit")
    proof = consistency_proof(tree, old, new)
    old_root, new_root = root(tree, old), root(tree, new)

    def refused(m=old, n=new, first=old_root, second=new_root, path=proof):
        with pytest.raises(ProofError):
            verify_consistency(m, n, first, second, path)

    for position in range(len(proof)):
        refused(
            path=[*proof[:position], flip(proof[position], bit), *proof[position + 1 :]]
        )
    refused(first=flip(old_root, bit))
    refused(second=flip(new_root, bit))
    refused(first=new_root, second=old_root)
    refused(path=[*proof, new_root])
    refused(path=[proof[0], *proof])
    refused(path=proof[:-1])
    forked = root_from_leaf_hashes([*leaves[: old - 1], leaf_hash(b"forked")])
    refused(first=forked)
    wrong_old = data.draw(
        st.integers(1, new).filter(lambda m: m != old), label="wrong_old"
    )
    refused(m=wrong_old, first=root(tree, wrong_old))
    wrong_new = data.draw(
        st.integers(old, stored).filter(lambda n: n != new), label="wrong_new"
    )
    refused(n=wrong_new, second=root(tree, wrong_new))
