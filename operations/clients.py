"""The address of the client a request comes from, as the deployment's trusted proxies report it.

`TRUSTED_PROXIES` says which proxies in front of the app may be believed: a number of hops (the
last N entries of X-Forwarded-For were added by our own proxies: a load balancer is 1, a CDN in
front of it 2) or a list of networks (CIDRs) of those proxies. Empty, the default, believes no
header and the client is REMOTE_ADDR. The rate limits and the login throttle all use this one
function, so they count the same client.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _trust(setting: str) -> int | tuple[Network, ...]:
    """TRUSTED_PROXIES parsed: a number of hops, or the trusted networks."""
    setting = setting.strip()
    if not setting:
        return 0
    if setting.isdigit():
        return int(setting)
    try:
        return tuple(
            ipaddress.ip_network(part.strip(), strict=False)
            for part in setting.split(",")
            if part.strip()
        )
    except ValueError as error:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES={setting!r}: give a number of proxy hops or a comma-separated "
            f"list of networks, e.g. 10.0.0.0/8 ({error})"
        ) from None


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.split(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_address(request) -> str:
    """The client's IP address; never taken from a header unless TRUSTED_PROXIES says so."""
    remote = request.META.get("REMOTE_ADDR", "")
    trust = _trust(str(getattr(settings, "TRUSTED_PROXIES", "") or ""))
    if not trust:
        return remote
    header = request.META.get(settings.TRUSTED_PROXY_HEADER, "")
    # Nearest hop last: each proxy appends the address it was reached from.
    hops = [part for part in header.split(",") if part.strip()] + [remote]
    addresses = [_address(hop) for hop in hops]
    if isinstance(trust, int):
        # Our own proxies added the last `trust` entries; the one before them is the client.
        # With fewer entries the request did not pass them all: the first is the best we know.
        index = max(len(addresses) - 1 - trust, 0)
    else:
        # Walk back from the nearest hop while it is one of our proxies.
        index = len(addresses) - 1
        while (
            index > 0 and addresses[index] is not None and any(addresses[index] in n for n in trust)
        ):
            index -= 1
    # An entry that is not an address was not written by a proxy we trust: take the nearest
    # address after it.
    return next((str(address) for address in addresses[index:] if address is not None), remote)
