"""Webhook URL policy: refuse targets on loopback, private, link-local or otherwise
non-public addresses (SSRF), checked at creation and again at every delivery so a DNS
answer that changes after creation (rebinding) is caught too."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from vendor_core.errors import InvalidInput


class UnsafeWebhookUrl(InvalidInput):
    code = "webhook_url_not_allowed"


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def check_webhook_url(url: str, *, allow_private: bool) -> None:
    """Raise UnsafeWebhookUrl unless `url` is http(s) and every address it resolves to is
    public (or private targets are allowed by configuration)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise UnsafeWebhookUrl("webhook URLs must be absolute http:// or https:// URLs", url=url)
    if parts.username or parts.password:
        raise UnsafeWebhookUrl("webhook URLs must not carry credentials", url=url)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeWebhookUrl(f"cannot resolve {parts.hostname}: {exc}", url=url) from None
    if allow_private:
        return
    addresses = {ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos}
    blocked = sorted(str(a) for a in addresses if not _is_public(a))
    if blocked:
        raise UnsafeWebhookUrl(
            f"{parts.hostname} resolves to a non-public address ({', '.join(blocked)}); "
            "set VENDOR_RISK_WEBHOOK_ALLOW_PRIVATE=true to allow it",
            url=url,
        )
