"""Encryption at rest for secrets the service must read back (webhook signing secrets)."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet


class SecretBox:
    """Fernet (AES-128-CBC + HMAC-SHA256) keyed from the app's secret key."""

    def __init__(self, secret_key: str) -> None:
        # Derive a 32-byte key: the configured secret has any length and alphabet.
        digest = hashlib.sha256(b"vendor-risk/secret-box/v1:" + secret_key.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, token: str) -> str:
        return self._fernet.decrypt(token.encode()).decode()
