#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Deactivates an ACME account at a real CA (RFC 8555 7.3.6), as an admin
# would with another client: for tests/acme/account.sh.
#
#   deactivate.py DIRECTORY_URL CA_BUNDLE ACCOUNT_KEY ACCOUNT_URL
#
# The account key is astcert's (P-256, PEM); prints the account's status.
import base64
import json
import ssl
import sys
import urllib.request

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

directory, bundle, key_file, kid = sys.argv[1:5]
tls = ssl.create_default_context(cafile=bundle)


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def fetch(url, method="GET", body=None):
    req = urllib.request.Request(url, data=body, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/jose+json")
    try:
        with urllib.request.urlopen(req, context=tls, timeout=30) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


with open(key_file, "rb") as f:
    key = serialization.load_pem_private_key(f.read(), password=None)
new_nonce = json.loads(fetch(directory)[2])["newNonce"]
nonce = fetch(new_nonce, "HEAD")[1]["Replay-Nonce"]
protected = b64(json.dumps({"alg": "ES256", "kid": kid, "nonce": nonce,
                            "url": kid}).encode())
payload = b64(json.dumps({"status": "deactivated"}).encode())
r, s = decode_dss_signature(key.sign((protected + "." + payload).encode(),
                                     ec.ECDSA(hashes.SHA256())))
sig = b64(r.to_bytes(32, "big") + s.to_bytes(32, "big"))
status, _, body = fetch(kid, "POST", json.dumps(
    {"protected": protected, "payload": payload, "signature": sig}).encode())
print(status, json.loads(body).get("status", body.decode()))
sys.exit(0 if status == 200 else 1)
