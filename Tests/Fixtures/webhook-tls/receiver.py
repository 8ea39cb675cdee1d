#!/usr/bin/env python3
"""An https webhook receiver for the Swift tests (TLSWebhookTests).

It listens on 127.0.0.1 on a free port with receiver.pem (signed by ca.pem, for
hooks.circles.invalid, localhost and 127.0.0.1) and receiver.key, a key made for these tests only
and published with them. It prints the port on the first line, then one JSON line per request
received: the method, path, Host and Circles-Signature fields, and the body. It answers 204, or the
status in the path's `status` query (`/hook?status=410`). It stops when its standard input closes.
"""
import http.server
import json
import os
import ssl
import sys
import threading
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        print(json.dumps({"method": "POST", "path": self.path, "host": self.headers.get("Host"),
                          "signature": self.headers.get("Circles-Signature"), "body": body.decode("utf-8", "replace")}),
              flush=True)
        self.send_response(int(query.get("status", ["204"])[0]))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(HERE, "receiver.pem"), os.path.join(HERE, "receiver.key"))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
