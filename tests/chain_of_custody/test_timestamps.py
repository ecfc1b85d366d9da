"""RFC 3161 time-stamps of checkpoints, from a local ``openssl ts`` authority."""

import datetime as dt
import http.server
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

pytest.importorskip("rfc3161_client")
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from custody_testing import append, run_verify, triggers_bypassed

from chain_of_custody import timestamps
from chain_of_custody.checkpoints import create_checkpoint
from chain_of_custody.models import CheckpointTimestamp

pytestmark = pytest.mark.django_db

TSA_CONFIG = """
[ tsa ]
default_tsa = local
[ local ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _certificate(subject, issuer, key, issuer_key, *, ca: bool):
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False,
                key_encipherment=False, data_encipherment=False, key_agreement=False,
                key_cert_sign=True, crl_sign=True, encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
    else:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(path: Path, key=None, certificate=None) -> None:
    if key is not None:
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    else:
        path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


@pytest.fixture(scope="module")
def authority():
    """A time-stamping authority on 127.0.0.1: ``openssl ts -reply`` behind HTTP."""
    folder = Path(tempfile.mkdtemp(prefix="tsa-"))
    ca_key = ec.generate_private_key(ec.SECP256R1())
    tsa_key = ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("Test Root CA", "Test Root CA", ca_key, ca_key, ca=True)
    tsa = _certificate("Test TSA", "Test Root CA", tsa_key, ca_key, ca=False)
    _pem(folder / "ca.pem", certificate=ca)
    _pem(folder / "tsa.pem", certificate=tsa)
    _pem(folder / "tsa.key", key=tsa_key)
    (folder / "serial").write_text("01\n")
    config = folder / "tsa.cnf"
    config.write_text(TSA_CONFIG.format(dir=folder))
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            query = self.rfile.read(int(self.headers["Content-Length"]))
            with lock:
                (folder / "query.tsq").write_bytes(query)
                subprocess.run(
                    ["openssl", "ts", "-reply", "-config", str(config),
                     "-queryfile", str(folder / "query.tsq"),
                     "-out", str(folder / "reply.tsr")],
                    check=True, capture_output=True,
                )  # fmt: skip
                reply = (folder / "reply.tsr").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsa", ca
    server.shutdown()
    server.server_close()


def test_each_checkpoint_is_stamped_and_the_token_verifies(
    authority, signing_key, settings
):
    url, root = authority
    settings.INDISPUTABLE_TSA_URLS = [url]
    append(3)
    checkpoint = create_checkpoint()
    stamp = CheckpointTimestamp.objects.get(checkpoint=checkpoint)
    assert stamp.authority == url
    assert abs(stamp.stamped_at - checkpoint.created_at) < dt.timedelta(minutes=1)
    timestamps.verify_timestamp(
        response=bytes(stamp.token), data=checkpoint.note.encode(), roots=[root]
    )
    with pytest.raises(timestamps.TimestampError, match="does not verify"):
        timestamps.verify_timestamp(
            response=bytes(stamp.token), data=b"another note\n", roots=[root]
        )
    ok, output = run_verify()
    assert ok, output
    assert "1 time-stamps" in output


def test_a_token_swapped_for_another_checkpoints_is_named(
    authority, signing_key, settings
):
    settings.INDISPUTABLE_TSA_URLS = [authority[0]]
    append(2)
    first = create_checkpoint()
    append(2)
    second = create_checkpoint()
    stamps = {s.checkpoint_id: s for s in CheckpointTimestamp.objects.all()}
    with triggers_bypassed() as cursor:
        cursor.execute(
            "UPDATE chain_of_custody_checkpointtimestamp SET token = %s WHERE id = %s",
            [bytes(stamps[first.pk].token), stamps[second.pk].pk],
        )
    ok, output = run_verify()
    assert not ok
    assert (
        f"FAIL time-stamp #{stamps[second.pk].pk} of checkpoint #{second.pk}: "
        "the time-stamp token is for other data"
    ) in output


def test_an_unreachable_authority_does_not_lose_the_checkpoint(
    signing_key, settings, caplog
):
    settings.INDISPUTABLE_TSA_URLS = ["http://127.0.0.1:9/tsa"]
    settings.INDISPUTABLE_TSA_TIMEOUT = 2
    checkpoint = create_checkpoint()
    assert checkpoint.pk is not None
    assert not CheckpointTimestamp.objects.exists()
    assert "time-stamping checkpoint" in caplog.text
