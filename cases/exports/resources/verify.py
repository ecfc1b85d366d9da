#!/usr/bin/env python3
"""Verify an Indisputable court bundle with nothing but Python 3's standard library.

    python3 -I verify.py [BAG_DIRECTORY] [--key PUBLIC_KEY]

Checks, and names every failure:
  1. the BagIt manifests (SHA-256 and SHA-512): every payload file is listed, present
     and unaltered, and nothing was added;
  2. the tag manifests: bag-info.txt, the manifests, README.txt and this script;
  3. each custody event (data/custody/events.jsonl): its leaf hash, and its
     inclusion proof (data/custody/proofs/) against the bundle's checkpoint;
  4. the checkpoint's Ed25519 signature, against the public key in the bundle, or
     against --key (the key the archive publishes: compare it!);
  5. that every item has its intake in the custody record, and that each RFC 3161
     token is over this checkpoint (check the authority's signature with
     `openssl ts -verify`, see README.txt).

Exits 0 when everything holds, 1 otherwise.
"""

# Written for any python3 a recipient may have: percent formatting, and messages
# kept whole on one line so they read as they print.
# ruff: noqa: UP031, E501

import base64
import contextlib
import hashlib
import json
import os
import sys

ALGORITHMS = ("sha256", "sha512")
PROOF_HEADER = "c2sp.org/tlog-proof@v1"
EM_DASH = "\u2014 "

# --- Ed25519 verification, after the reference code of RFC 8032 section 6 -------

P = 2**255 - 19
Q = 2**252 + 27742317777372353535851937790883648493


def _inv(x):
    return pow(x, P - 2, P)


D = -121665 * _inv(121666) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    aa = (y1 - x1) * (y2 - x2) % P
    bb = (y1 + x1) * (y2 + x2) % P
    cc = t1 * 2 * D * t2 % P
    dd = z1 * 2 * z2 % P
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return (e * f, g * h, f * g, e * h)


def _mul(scalar, point):
    result = (0, 1, 1, 0)
    while scalar > 0:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def _equal(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


def _recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * _inv(D * y * y + 1)
    if x2 % P == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


_GY = 4 * _inv(5) % P
_GX = _recover_x(_GY, 0)
BASE = (_GX, _GY, 1, _GX * _GY % P)


def _decompress(data):
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


def ed25519_verify(public, message, signature):
    """True if ``signature`` is a valid Ed25519 signature of ``message``."""
    if len(public) != 32 or len(signature) != 64:
        return False
    a = _decompress(public)
    r = _decompress(signature[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= Q:
        return False
    digest = hashlib.sha512(signature[:32] + public + message).digest()
    h = int.from_bytes(digest, "little") % Q
    return _equal(_mul(s, BASE), _add(r, _mul(h, a)))


# --- Signed notes, checkpoints and Merkle proofs (C2SP, RFC 9162) ----------------


class Invalid(Exception):
    pass


def b64(text, what):
    try:
        data = base64.b64decode(text, validate=True)
    except ValueError:
        raise Invalid(what + " is not valid base64") from None
    return data


def load_key(vkey):
    """(name, key id, public key) from ``<name>+<hex key id>+<base64(0x01||key)>``."""
    parts = vkey.strip().split("+", 2)
    if len(parts) != 3:
        raise Invalid("the public key is not <name>+<key id>+<key>")
    name, key_id, encoded = parts
    raw = b64(encoded, "the public key")
    if len(raw) != 33 or raw[0] != 1:
        raise Invalid("the public key is not an Ed25519 key")
    expected = hashlib.sha256(name.encode() + b"\n\x01" + raw[1:]).digest()[:4]
    if expected.hex() != key_id:
        raise Invalid("the public key's id does not match the key")
    return name, expected, raw[1:]


def verify_checkpoint(text, key):
    """(origin, size, root) of a checkpoint signed by ``key``; Invalid otherwise."""
    name, key_id, public = key
    split = text.rfind("\n\n")
    if split < 0 or not text.endswith("\n"):
        raise Invalid("the checkpoint is not a signed note")
    body, signatures = text[: split + 1], text[split + 2 :].split("\n")[:-1]
    signed = False
    for line in signatures:
        if not line.startswith(EM_DASH) or len(line.split(" ")) != 3:
            raise Invalid("the checkpoint has a malformed signature line")
        _, signer, encoded = line.split(" ")
        blob = b64(encoded, "a checkpoint signature")
        if signer != name or blob[:4] != key_id:
            continue
        if not ed25519_verify(public, body.encode(), blob[4:]):
            raise Invalid(f"the checkpoint's signature by {name} does not verify")
        signed = True
    if not signed:
        found = ", ".join(line.split(" ")[1] for line in signatures if " " in line)
        raise Invalid(
            "the checkpoint is not signed by the key {} (signed by: {})".format(
                name, found or "nobody"
            )
        )
    lines = body.split("\n")[:-1]
    if len(lines) < 3 or not lines[1].isdigit():
        raise Invalid("the checkpoint's body is malformed")
    root = b64(lines[2], "the checkpoint's root")
    if len(root) != 32:
        raise Invalid("the checkpoint's root is not a SHA-256 hash")
    return lines[0], int(lines[1]), root


def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def root_from_proof(index, size, leaf, proof):
    """The root an RFC 9162 inclusion proof leads to (section 2.1.3.2)."""
    if index >= size:
        raise Invalid("index %d is outside a tree of size %d" % (index, size))
    fn, sn, r = index, size - 1, leaf
    for node in proof:
        if sn == 0:
            raise Invalid("the proof is too long")
        if fn & 1 or fn == sn:
            r = hashlib.sha256(b"\x01" + node + r).digest()
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = hashlib.sha256(b"\x01" + r + node).digest()
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise Invalid("the proof is too short (truncated?)")
    return r


def parse_proof(text):
    """(extra, index, hashes, checkpoint text) of a C2SP tlog-proof."""
    head, separator, checkpoint = text.partition("\n\n")
    lines = head.split("\n")
    if not separator or lines.pop(0) != PROOF_HEADER:
        raise Invalid(f"not a {PROOF_HEADER} text")
    extra = None
    if lines and lines[0].startswith("extra "):
        extra = b64(lines.pop(0)[6:], "its extra data")
    if not lines or not lines[0].startswith("index ") or not lines[0][6:].isdigit():
        raise Invalid("no index line")
    index = int(lines.pop(0)[6:])
    hashes = [b64(line, "a proof hash") for line in lines]
    if any(len(h) != 32 for h in hashes):
        raise Invalid("a proof hash is not 32 bytes")
    return extra, index, hashes, checkpoint


# --- The bag ---------------------------------------------------------------------


class Report:
    def __init__(self):
        self.failures = []
        self.notes = []

    def fail(self, message):
        self.failures.append(message)

    def ok(self, message):
        self.notes.append(message)


def read_manifest(path, report):
    entries = {}
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            line = raw.decode("utf-8").rstrip("\r\n")
            if not line:
                continue
            digest, _, name = line.partition(" ")
            name = name.lstrip(" ").replace("%0D", "\r").replace("%0A", "\n")
            name = name.replace("%25", "%")
            if not digest or not name:
                report.fail(
                    "%s line %d is malformed" % (os.path.basename(path), number)
                )
                continue
            entries[name] = digest.lower()
    return entries


def hash_files(bag, names):
    """Both digests of each file, reading each once."""
    digests = {}
    for name in names:
        hashers = {a: hashlib.new(a) for a in ALGORITHMS}
        try:
            with open(os.path.join(bag, *name.split("/")), "rb") as fh:
                while True:
                    chunk = fh.read(8 * 1024 * 1024)
                    if not chunk:
                        break
                    for h in hashers.values():
                        h.update(chunk)
        except OSError:
            digests[name] = None
            continue
        digests[name] = {a: h.hexdigest() for a, h in hashers.items()}
    return digests


def payload_files(bag):
    found = set()
    for folder, _, files in os.walk(os.path.join(bag, "data")):
        for file in files:
            path = os.path.relpath(os.path.join(folder, file), bag)
            found.add(path.replace(os.sep, "/"))
    return found


def check_bagit(bag, report):
    try:
        with open(os.path.join(bag, "bagit.txt"), encoding="utf-8") as fh:
            declaration = fh.read()
    except OSError:
        report.fail("bagit.txt is missing: this is not a bag")
        return
    if "BagIt-Version: 1.0" not in declaration:
        report.fail("bagit.txt does not declare BagIt version 1.0")


def check_manifests(bag, kind, report):
    """Check manifest-* (kind "") or tagmanifest-* (kind "tag")."""
    manifests = {}
    for algorithm in ALGORITHMS:
        path = os.path.join(bag, f"{kind}manifest-{algorithm}.txt")
        if os.path.exists(path):
            manifests[algorithm] = read_manifest(path, report)
        else:
            report.fail(f"{kind}manifest-{algorithm}.txt is missing")
    names = set()
    for entries in manifests.values():
        names.update(entries)
    digests = hash_files(bag, sorted(names))
    bad = 0
    for algorithm, entries in manifests.items():
        for name, expected in sorted(entries.items()):
            actual = digests.get(name)
            if actual is None:
                report.fail(
                    f"{name} is listed in {kind}manifest-{algorithm}.txt but missing"
                )
                bad += 1
            elif actual[algorithm] != expected:
                report.fail(
                    f"{name} has been altered: its {algorithm.upper()} is {actual[algorithm]}, the {kind}manifest says {expected}"
                )
                bad += 1
    if kind == "":
        listed = set(next(iter(manifests.values()), {}))
        for name in sorted(payload_files(bag) - listed):
            report.fail(f"{name} is in data/ but in no manifest (added?)")
            bad += 1
        for entries in manifests.values():
            if set(entries) != listed:
                report.fail("the manifests do not list the same files")
                bad += 1
        check_oxum(bag, listed, report)
    if not bad:
        report.ok(
            "%d %s files match the %smanifests"
            % (len(names), "payload" if kind == "" else "tag", kind)
        )


def check_oxum(bag, listed, report):
    try:
        with open(os.path.join(bag, "bag-info.txt"), encoding="utf-8") as fh:
            info = dict(
                line.split(": ", 1) for line in fh.read().splitlines() if ": " in line
            )
    except OSError:
        report.fail("bag-info.txt is missing")
        return
    oxum = info.get("Payload-Oxum", "")
    total = 0
    for name in listed:
        with contextlib.suppress(OSError):
            total += os.path.getsize(os.path.join(bag, *name.split("/")))
    if oxum != "%d.%d" % (total, len(listed)):
        report.fail(
            "Payload-Oxum in bag-info.txt is %r, the payload is %d.%d"
            % (oxum, total, len(listed))
        )


def check_custody(bag, key_text, report):
    custody = os.path.join(bag, "data", "custody")
    try:
        with open(
            os.path.join(custody, "checkpoint.txt"), encoding="utf-8", newline=""
        ) as fh:
            checkpoint_text = fh.read()
        with open(os.path.join(custody, "public-key.txt"), encoding="utf-8") as fh:
            bundled_key = fh.read().strip()
    except OSError as error:
        report.fail(f"the custody record is incomplete: {error}")
        return
    if key_text and key_text.strip() != bundled_key:
        report.fail("the bundle's public key is not the key given with --key")
    try:
        key = load_key(key_text or bundled_key)
        origin, size, root = verify_checkpoint(checkpoint_text, key)
    except Invalid as error:
        report.fail(f"checkpoint: {error}")
        return
    report.ok(
        "the checkpoint of %s at size %d is signed by %s" % (origin, size, key[0])
    )
    check_events(custody, checkpoint_text, size, root, report)
    check_timestamps(custody, checkpoint_text, report)


def check_events(custody, checkpoint_text, size, root, report):
    try:
        with open(os.path.join(custody, "events.jsonl"), "rb") as fh:
            lines = [line.rstrip(b"\n") for line in fh if line.strip()]
    except OSError:
        report.fail("data/custody/events.jsonl is missing")
        return
    good = 0
    ingested = set()
    proved = set()
    for number, line in enumerate(lines, start=1):
        try:
            leaf = json.loads(line.decode("utf-8"))
            seq = int(leaf["seq"])
        except (ValueError, KeyError, TypeError):
            report.fail("events.jsonl line %d is not a custody leaf" % number)
            continue
        proved.add(seq)
        name = os.path.join(custody, "proofs", "%d.tlog-proof" % seq)
        try:
            with open(name, encoding="utf-8", newline="") as fh:
                extra, index, hashes, proof_checkpoint = parse_proof(fh.read())
            if extra is not None and extra != line:
                raise Invalid(
                    "the leaf in events.jsonl differs from the copy in its proof (edited?)"
                )
            if index != seq:
                raise Invalid("the proof is for index %d" % index)
            if proof_checkpoint != checkpoint_text:
                raise Invalid("the proof is against another checkpoint")
            if root_from_proof(index, size, leaf_hash(line), hashes) != root:
                raise Invalid(
                    "its leaf hash and inclusion proof do not lead to the checkpoint's root (leaf or proof altered)"
                )
        except OSError:
            report.fail("custody event #%d: its proof file is missing" % seq)
            continue
        except Invalid as error:
            report.fail("custody event #%d: %s" % (seq, error))
            continue
        good += 1
        if leaf.get("type") == "ing" and leaf.get("outcome") == "success":
            ingested.add(leaf.get("item"))
    folder = os.path.join(custody, "proofs")
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        seq = name.split(".")[0]
        if seq.isdigit() and int(seq) not in proved:
            report.fail(
                f"custody event #{seq} has a proof but no line in events.jsonl (removed?)"
            )
    try:
        with open(
            os.path.join(custody, "..", "metadata", "items.jsonl"), encoding="utf-8"
        ) as fh:
            items = [json.loads(line) for line in fh if line.strip()]
    except (OSError, ValueError):
        report.fail("data/metadata/items.jsonl is missing or malformed")
        items = []
    for item in items:
        if item.get("reference") not in ingested:
            report.fail(
                "item {} ({}) has no proven intake event".format(
                    item.get("ern_first"), item.get("reference")
                )
            )
    if good == len(lines):
        report.ok("%d custody events are each proven in the checkpoint" % good)


def check_timestamps(custody, checkpoint_text, report):
    folder = os.path.join(custody, "timestamps")
    if not os.path.isdir(folder):
        return
    imprint = hashlib.sha256(checkpoint_text.encode()).digest()
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as fh:
            if imprint not in fh.read():
                report.fail(f"timestamp {name} is not over this checkpoint")


def main(argv):
    args = list(argv)
    key_text = None
    if "--key" in args:
        at = args.index("--key")
        if at + 1 >= len(args):
            sys.stderr.write("--key needs the public key text or a file holding it\n")
            return 2
        key_text = args[at + 1]
        if os.path.exists(key_text):
            with open(key_text, encoding="utf-8") as fh:
                key_text = fh.read()
        del args[at : at + 2]
    bag = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    report = Report()
    check_bagit(bag, report)
    check_manifests(bag, "", report)
    check_manifests(bag, "tag", report)
    check_custody(bag, key_text, report)
    for note in report.notes:
        sys.stdout.write(f"OK    {note}\n")
    for failure in report.failures:
        sys.stdout.write(f"FAIL  {failure}\n")
    if report.failures:
        sys.stdout.write(
            "VERDICT: NOT VERIFIED, %d failure(s)\n" % len(report.failures)
        )
        return 1
    sys.stdout.write("VERDICT: VERIFIED\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
