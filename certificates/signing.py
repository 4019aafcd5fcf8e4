"""Certificate PDFs signed by Bedriftstjenesten AS, and uploaded copies checked against it.

Every stored certificate carries a PAdES baseline signature (B-B: ETSI.CAdES.detached with
the signing certificate attribute, SHA-256) by the key configured in
``CERTIFICATE_SIGNING_KEY`` (a PKCS#12 file) and ``CERTIFICATE_SIGNING_PASSPHRASE``. Any PDF
reader then shows who signed it and that it is unchanged, without our website.

The key is read and decrypted once per process (:func:`signing_key`): decrypting the
PKCS#12 file and checking an RSA key costs more than a signature itself. A replaced key
file is picked up when the process restarts.

pyHanko is imported inside the functions, as WeasyPrint is in ``certificates.pdf``: it takes
a second or more to load, which every process that loads the URLs would otherwise pay.

The check of an upload (:func:`check_pdf_signature`) trusts our configured certificate and
nothing else, so "signed by us" means signed with this very key.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger("hms.signing")

SIGNATURE_FIELD = "Signatur"
SIGNER_NAME = "Bedriftstjenesten AS"
# The room kept in the file for the signature container (bytes, before hex encoding): an
# RSA-4096 signature with a chain of three certificates fits. Fixed, so that signing need
# not sign twice to measure it.
SIGNATURE_BYTES_RESERVED = 16_384

# Outcomes of an uploaded file's check.
INTACT = "intact"  # signed by our key, not changed since
MODIFIED = "modified"  # signed by our key, changed after signing
NOT_OURS = "not_ours"  # signed, but not by our key (or the signature does not verify)
UNSIGNED = "unsigned"  # a PDF without any signature
UNREADABLE = "unreadable"  # not a PDF we can read


class SigningKeyError(ImproperlyConfigured):
    """The configured signing key is missing or cannot be opened."""


class SigningKey:
    """The loaded key and certificate; pyHanko's signer is built on first use."""

    def __init__(self, private_key, certificate: x509.Certificate, extra: list):
        self.private_key = private_key
        self.certificate = certificate
        self.extra_certificates = list(extra)
        self.certificate_sha256 = certificate.fingerprint(hashes.SHA256()).hex()
        self.subject_name = _display_name(certificate.subject)

    @functools.cached_property
    def signer(self):
        """pyHanko's SimpleSigner for this key (imports pyHanko)."""
        return _signer(self.private_key, self.certificate, self.extra_certificates)


@dataclass(frozen=True)
class SignatureCheck:
    outcome: str  # INTACT | MODIFIED | NOT_OURS | UNSIGNED | UNREADABLE
    signed_at: dt.datetime | None = None
    signer_name: str = ""


def _configured() -> tuple[str, str]:
    path = str(getattr(settings, "CERTIFICATE_SIGNING_KEY", "") or "")
    return path, getattr(settings, "CERTIFICATE_SIGNING_PASSPHRASE", "") or ""


def signing_key() -> SigningKey:
    """The configured key, read from disk the first time only (per path and passphrase)."""
    path, passphrase = _configured()
    if not path:
        raise SigningKeyError(
            "CERTIFICATE_SIGNING_KEY must be set when DEBUG is off: certificates are "
            "signed at issuing."
        )
    return _load_signing_key(path, passphrase)


def signing_key_problem() -> str | None:
    """Why the configured key cannot sign, or None when it can (for the system check)."""
    try:
        signing_key()
    except SigningKeyError as error:
        return str(error)
    return None


@functools.lru_cache(maxsize=4)
def _load_signing_key(path: str, passphrase: str) -> SigningKey:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise SigningKeyError(f"The signing key {path} cannot be read: {error}") from error
    try:
        private_key, certificate, extra = pkcs12.load_key_and_certificates(
            data, passphrase.encode() or None
        )
    except ValueError as error:
        raise SigningKeyError(
            f"The signing key {path} cannot be opened (wrong passphrase, or not PKCS#12)."
        ) from error
    if private_key is None or certificate is None:
        raise SigningKeyError(f"The signing key {path} holds no key and certificate.")
    return SigningKey(private_key, certificate, extra or [])


def _display_name(subject: x509.Name) -> str:
    for oid in (NameOID.ORGANIZATION_NAME, NameOID.COMMON_NAME):
        names = subject.get_attributes_for_oid(oid)
        if names:
            return str(names[0].value)
    return subject.rfc4514_string()


def _signer(private_key, certificate: x509.Certificate, extra: list[x509.Certificate]):
    """pyHanko's SimpleSigner, signing with the key object loaded once.

    SimpleSigner keeps the key as DER and parses it again for every signature, which for
    RSA includes cryptography's key check: about a tenth of a second each time.
    """
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    class LoadedKeySigner(signers.SimpleSigner):
        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
            digest = get_pyca_cryptography_hash(digest_algorithm)
            if mechanism == "rsassa_pkcs1v15" and isinstance(private_key, rsa.RSAPrivateKey):
                return private_key.sign(data, padding.PKCS1v15(), digest)
            if mechanism == "ecdsa" and isinstance(private_key, ec.EllipticCurvePrivateKey):
                return private_key.sign(data, ec.ECDSA(digest))
            return super().sign_raw(data, digest_algorithm)  # PSS, EdDSA, ...: pyHanko's way

    def asn1(cert: x509.Certificate):
        return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

    key_der = private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    registry = SimpleCertificateStore()
    registry.register_multiple([asn1(cert) for cert in extra])
    return LoadedKeySigner(
        signing_cert=asn1(certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=registry,
    )


def sign_pdf(data: bytes, *, reason: str) -> bytes:
    """``data`` with our PAdES signature appended as an incremental update (invisible field).

    The update keeps what the PDF already is (PDF/A-3b, tagged): nothing is rewritten.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    key = signing_key()
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=SIGNER_NAME,
        reason=reason,
        location="Norge",
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    output = io.BytesIO()
    signers.PdfSigner(metadata, signer=key.signer).sign_pdf(
        writer, output=output, bytes_reserved=SIGNATURE_BYTES_RESERVED
    )
    return output.getvalue()


def check_pdf_signature(data: bytes) -> SignatureCheck:
    """Is ``data`` signed by our key, and unchanged since? Never raises on bad input.

    Only the first signature is validated: ours is the only one we put in, and anything
    appended after it (another signature included) leaves it covering less than the file.
    """
    try:
        return _check(data)
    except SigningKeyError:
        raise
    except Exception:  # an untrusted upload: any parser error is "cannot be read"
        logger.info("signature check: unreadable upload", exc_info=True)
        return SignatureCheck(outcome=UNREADABLE)


def _check(data: bytes) -> SignatureCheck:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    key = signing_key()
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    signatures = reader.embedded_signatures
    if not signatures:
        return SignatureCheck(outcome=UNSIGNED)
    embedded = signatures[0]
    signer_sha256 = hashlib.sha256(embedded.signer_cert.dump()).hexdigest()
    if signer_sha256 != key.certificate_sha256:
        return SignatureCheck(outcome=NOT_OURS)
    context = ValidationContext(trust_roots=[key.signer.signing_cert])
    # A failed validation is an answer here; pyHanko's warnings of it (with a traceback) are
    # kept out of the log by the settings (LOGGING, "pyhanko").
    status = validate_pdf_signature(embedded, signer_validation_context=context)
    if not status.valid:
        return SignatureCheck(outcome=NOT_OURS)
    signed = SignatureCheck(
        outcome=INTACT, signed_at=status.signer_reported_dt, signer_name=key.subject_name
    )
    if not status.intact or status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return SignatureCheck(MODIFIED, signed.signed_at, signed.signer_name)
    if not status.trusted:
        return SignatureCheck(outcome=NOT_OURS)
    return signed


def create_self_signed_key(path: Path, passphrase: str, *, common_name: str) -> None:
    """A new RSA-2048 key with a ten-year self-signed certificate, as PKCS#12 at ``path``.

    For development and tests only: production signs with the key Bedriftstjenesten AS
    was issued. The file is written readable by its owner only.
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NO"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, SIGNER_NAME),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.BestAvailableEncryption(passphrase.encode())
        if passphrase
        else serialization.NoEncryption()
    )
    data = pkcs12.serialize_key_and_certificates(
        common_name.encode(), key, certificate, None, encryption
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_bytes(data)
