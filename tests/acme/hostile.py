#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# A hostile ACME server for tests/acme/hostile.sh: loopback HTTPS, enough of
# RFC 8555 for astcert's client (signatures are not checked), and answers a
# CA must never give.  The certificates are signed with the openssl command
# from the CSR astcert sends, so they carry the right key.
#
#   hostile.py DIR PORT MODE
#
# DIR holds tls.pem/tls.key (the HTTPS listener), ca.pem/ca.key (root),
# int.pem/int.key (intermediate), other.pem (an unrelated CA); requests are
# counted in DIR/requests.log.  Modes:
#   good        a correct certificate (the baseline)
#   names       SANs other than the ordered names
#   extra       the ordered names and one more
#   ca          CA:TRUE
#   clientauth  an EKU without serverAuth
#   chain       the right leaf with an unrelated "chain"
#   unsigned    a leaf the root signed, sent with the intermediate
#   escape      newOrder fails with escape sequences in the problem detail
#   pending     the authorization stays pending, Retry-After: 0
#   processing  the order stays processing after finalize, Retry-After: 0
#   badnonce    every newOrder answered with badNonce (and a fresh nonce)
#   busy        every newOrder answered 503 with Retry-After: 0
#   authzs      an order with 1000 authorizations for two names
#   links       the certificate with 50 alternate chains (Link headers)
#   forget      after its first order, the first account is forgotten:
#               newOrder says accountDoesNotExist, newAccount refuses its key
import base64
import http.server
import json
import os
import ssl
import subprocess
import sys
import tempfile

DIR, PORT, MODE = sys.argv[1], int(sys.argv[2]), sys.argv[3]
BASE = "https://127.0.0.1:%d" % PORT
NONCE = [0]
STATE = {"accounts": 0, "keys": [], "orders": 0}


def b64d(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def log(line):
    with open(os.path.join(DIR, "requests.log"), "a") as f:
        f.write(line + "\n")


EXT = {
    "good": "basicConstraints=critical,CA:FALSE\n"
            "extendedKeyUsage=serverAuth\nsubjectAltName=%(san)s\n",
    "names": "basicConstraints=critical,CA:FALSE\n"
             "extendedKeyUsage=serverAuth\n"
             "subjectAltName=DNS:evil.example.net\n",
    "extra": "basicConstraints=critical,CA:FALSE\n"
             "extendedKeyUsage=serverAuth\n"
             "subjectAltName=%(san)s,DNS:evil.example.net\n",
    "ca": "basicConstraints=critical,CA:TRUE\n"
          "extendedKeyUsage=serverAuth\nsubjectAltName=%(san)s\n",
    "clientauth": "basicConstraints=critical,CA:FALSE\n"
                  "extendedKeyUsage=clientAuth\nsubjectAltName=%(san)s\n",
}


def issue(csr_der, names):
    """The PEM the CA sends for the CSR, as the mode wants it."""
    san = ",".join("DNS:" + n for n in names)
    ext = EXT.get(MODE, EXT["good"]) % {"san": san}
    with tempfile.TemporaryDirectory(dir=DIR) as tmp:
        csr, extf, out = (os.path.join(tmp, f) for f in
                          ("csr.der", "ext", "leaf.pem"))
        with open(csr, "wb") as f:
            f.write(csr_der)
        with open(extf, "w") as f:
            f.write(ext)
        ca, key = "int.pem", "int.key"
        if MODE == "unsigned":
            ca, key = "ca.pem", "ca.key"
        subprocess.run(["openssl", "x509", "-req", "-inform", "DER",
                        "-in", csr, "-CA", os.path.join(DIR, ca),
                        "-CAkey", os.path.join(DIR, key),
                        "-set_serial", str(1000 + NONCE[0]), "-days", "90",
                        "-extfile", extf, "-out", out],
                       check=True, capture_output=True)
        leaf = open(out).read()
    chain = open(os.path.join(DIR, "other.pem" if MODE == "chain"
                              else "int.pem")).read()
    return leaf + chain


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    names = []
    cert = None

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", ctype="application/json",
             headers=()):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        NONCE[0] += 1
        self.send_response(status)
        self.send_header("Replay-Nonce", "nonce%d" % NONCE[0])
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def problem(self, status, ptype, detail):
        self.send(status, {"type": "urn:ietf:params:acme:error:" + ptype,
                           "detail": detail},
                  "application/problem+json")

    def do_HEAD(self):
        log("HEAD " + self.path)
        self.send(200)

    def do_GET(self):
        log("GET " + self.path)
        if self.path == "/dir":
            self.send(200, {p: BASE + "/" + p for p in
                            ("newNonce", "newAccount", "newOrder",
                             "revokeCert")})
        else:
            self.send(200 if self.path == "/newNonce" else 404)

    def payload(self):
        body = json.loads(self.rfile.read(
            int(self.headers.get("Content-Length", 0))))
        prot = json.loads(b64d(body["protected"]))
        data = b64d(body["payload"]) if body["payload"] else b""
        return prot, json.loads(data) if data else None

    def do_POST(self):
        log("POST " + self.path)
        prot, req = self.payload()
        route = getattr(self, "post_" + self.path.strip("/").split("/")[0],
                        None)
        if route:
            route(prot, req)
        else:
            self.send(404)

    def post_newAccount(self, prot, req):
        key = json.dumps(prot.get("jwk"), sort_keys=True)
        if MODE == "forget" and STATE["orders"] and key in STATE["keys"][:1]:
            return self.problem(401, "unauthorized",
                                "this key's account is deactivated")
        STATE["accounts"] += 1
        STATE["keys"].append(key)
        self.send(201, {"status": "valid"},
                  headers=[("Location", BASE + "/acct/%d" %
                            STATE["accounts"])])

    def order(self, status):
        n = 1000 if MODE == "authzs" else len(Handler.names)
        o = {"status": status, "finalize": BASE + "/finalize/1",
             "authorizations": [BASE + "/authz/%d" % (i % len(Handler.names))
                                for i in range(n)]}
        if status == "valid":
            o["certificate"] = BASE + "/cert/1"
        return o

    def post_newOrder(self, prot, req):
        if MODE == "badnonce":
            return self.problem(400, "badNonce", "stale nonce")
        if MODE == "busy":
            return self.send(503, "", "text/plain",
                             headers=[("Retry-After", "0")])
        if MODE == "escape":
            return self.problem(
                403, "badPublicKey",
                "refused\x1b]0;pwned\x07\x1b[2J\nastcert: all good"
                "\u202e\x9b31m")
        if MODE == "forget" and prot.get("kid", "").endswith("/acct/1"):
            STATE["orders"] += 1
            if STATE["orders"] > 1:
                return self.problem(400, "accountDoesNotExist",
                                    "no such account")
        Handler.names = [i["value"] for i in req["identifiers"]]
        self.send(201, self.order("pending" if MODE == "pending"
                                  else "ready"),
                  headers=[("Location", BASE + "/order/1")])

    def post_authz(self, prot, req):
        i = int(self.path.split("/")[2])
        a = {"identifier": {"type": "dns", "value": Handler.names[i]},
             "status": "valid", "challenges": []}
        if MODE == "pending":
            a["status"] = "pending"
            a["challenges"] = [{"type": "http-01", "url": BASE + "/chal/1",
                                "token": "hostileToken_%d" % i,
                                "status": "pending"}]
        self.send(200, a, headers=[("Retry-After", "0")])

    def post_chal(self, prot, req):
        self.send(200, {"type": "http-01", "status": "processing",
                        "token": "hostileToken_0"})

    def post_finalize(self, prot, req):
        if MODE == "processing":
            return self.send(200, self.order("processing"),
                             headers=[("Retry-After", "0")])
        Handler.cert = issue(b64d(req["csr"]), Handler.names)
        self.send(200, self.order("valid"))

    def post_order(self, prot, req):
        status = "processing" if MODE == "processing" else "valid"
        self.send(200, self.order(status), headers=[("Retry-After", "0")])

    def post_cert(self, prot, req):
        links = []
        if MODE == "links":
            links = [("Link", '<%s/cert/%d>;rel="alternate"' % (BASE, k))
                     for k in range(2, 52)]
        self.send(200, Handler.cert or "", "application/pem-certificate-chain",
                  headers=links)


def main():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(DIR, "tls.pem"),
                        os.path.join(DIR, "tls.key"))
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.serve_forever()


main()
