#!/usr/bin/env python3
"""A tiny HTTPS server with canned answers for what fakepve does not show (what a real PVE answers there):
gzip-compressed bodies, errors whose text is only in the reason phrase (PVE < 8.4), an answer that
never comes (timeouts), the Accept-Encoding the client sent, and a create whose answer is lost:
`POST /api2/json/nodes/pve/lxc` is read whole, then the connection closes without an answer.

With --serve DIR it also serves DIR's files under /catalog/ (an app catalog for the tests). Any file under
/catalog-endless/ is an endless chunked body, and under /catalog-slow/ one that trickles a byte every 0.2 s.
With --hostile, /nodes, a node's storages and /cluster/resources answer with terminal control characters in
node and storage names and in an error (reason phrase and body): what a hostile server may send.
{"op": "requests"} lists the paths requested so far.
Same protocol as fakepve_harness.py: one JSON line on stdout when ready ({"url", "fingerprint", ...}),
then it runs until stdin closes or says {"op": "stop"}; {"op": "get", "attr": "requests"} lists every
request seen as [method, path, client port]. Loopback only.
"""

import argparse
import gzip
import os
import http.server
import json
import shutil
import ssl
import sys
import tempfile
import threading
import time

from fakepve.certs import make_cert
from fakepve_harness import fingerprint


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def send_body(self, status, reason, body, headers=()):
        self.send_response(status, reason)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(body)))
        self.send_header('Content-Type', 'application/json;charset=UTF-8')
        self.end_headers()
        self.wfile.write(body)

    serve_root = None
    hostile = False
    seen = []

    def send_endless(self, delay, piece):
        self.send_response(200, 'OK')
        self.send_header('Transfer-Encoding', 'chunked')
        self.end_headers()
        try:
            while True:
                self.wfile.write(b'%x\r\n%s\r\n' % (len(piece), piece))
                self.wfile.flush()
                if delay:
                    time.sleep(delay)
        except OSError:
            self.close_connection = True
    requests = []
    requests_lock = threading.Lock()

    def record(self):
        with Handler.requests_lock:
            Handler.requests.append([self.command, self.path.split('?')[0], self.client_address[1]])

    def do_POST(self):
        self.record()
        path = self.path.split('?')[0]
        self.rfile.read(int(self.headers.get('Content-Length', '0')))
        if path == '/api2/json/nodes/pve/lxc':
            # The create "happened"; the answer is lost: close without a status line.
            self.close_connection = True
            return
        self.send_body(501, "Method 'POST {0}' not implemented".format(path), b'{"data":null}')

    def do_GET(self):
        self.record()
        path = self.path.split('?')[0]
        Handler.seen.append(path)
        if path.startswith('/catalog-endless/'):
            self.send_endless(0, b'#' * 65536)
            return
        if path.startswith('/catalog-slow/'):
            self.send_endless(0.2, b'#')
            return
        if Handler.hostile and self.answer_hostile(path):
            return
        if Handler.serve_root and path.startswith('/catalog/'):
            relative = os.path.normpath(path[len('/catalog/'):])
            full = os.path.join(Handler.serve_root, relative)
            if relative.startswith('..') or not os.path.isfile(full):
                self.send_body(404, 'Not Found', b'404: Not Found')
            else:
                with open(full, 'rb') as handle:
                    self.send_body(200, 'OK', handle.read(), [('X-Served', 'catalog')])
            return
        accepted = self.headers.get('Accept-Encoding', '')
        if path == '/api2/json/version':
            body = json.dumps({'data': {'version': '9.1.2', 'release': '9.1', 'repoid': 'x',
                                        'padding': 'x' * 4096, 'accept_encoding': accepted}}).encode()
            if 'gzip' in accepted:
                self.send_body(200, 'OK', gzip.compress(body), [('Content-Encoding', 'gzip')])
            else:
                self.send_body(200, 'OK', body)
        elif path == '/api2/json/nodes/pve/lxc/120/status/current':
            self.send_body(500, "CT 120 does not exist on node 'pve'", b'{"data":null}')
        elif path == '/api2/json/nodes':
            time.sleep(5)
            self.send_body(200, 'OK', b'{"data":[]}')
        else:
            self.send_body(501, "Method 'GET {0}' not implemented".format(path), b'{"data":null}')


HOSTILE = 'evil\x1b]0;owned\x07\x1b[2J\x9b31m\x7f\rend'


def answer_hostile(self, path):
    """Answers with control characters in names and errors; False for a path it does not know."""
    if path == '/api2/json/nodes':
        body = {'data': [{'node': 'pve' + HOSTILE, 'status': 'online', 'maxcpu': 4, 'maxmem': 8 << 30, 'mem': 1 << 30},
                         {'node': 'pve', 'status': 'online', 'maxcpu': 4, 'maxmem': 8 << 30, 'mem': 1 << 30}]}
    elif path.startswith('/api2/json/nodes/') and path.endswith('/storage'):
        body = {'data': [{'storage': 'store' + HOSTILE, 'type': 'dir' + HOSTILE, 'content': 'rootdir,' + HOSTILE,
                          'active': 1, 'enabled': 1, 'shared': 0, 'total': 100, 'used': 10, 'avail': 90}]}
    elif path == '/api2/json/cluster/resources':
        message = 'broken ' + HOSTILE
        self.send_body(500, message.replace('\r', ''), json.dumps({'data': None, 'message': message,
                                                                   'errors': {'type': message}}).encode())
        return True
    else:
        return False
    self.send_body(200, 'OK', json.dumps(body).encode())
    return True


Handler.answer_hostile = answer_hostile


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--serve', help='serve this folder under /catalog/ (an app catalog)')
    parser.add_argument('--hostile', action='store_true', help='control characters in names and errors')
    arguments = parser.parse_args()
    Handler.serve_root = arguments.serve
    Handler.hostile = arguments.hostile
    workdir = tempfile.mkdtemp(prefix='scripted-pve-')
    try:
        certfile, keyfile, der = make_cert(workdir, hosts=('127.0.0.1',))
        server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        server.daemon_threads = True
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(certfile, keyfile)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(json.dumps({'url': 'https://127.0.0.1:{0}'.format(server.server_address[1]), 'host': '127.0.0.1',
                          'port': server.server_address[1], 'cafile': certfile, 'fingerprint': fingerprint(der)}), flush=True)
        for line in sys.stdin:
            command = json.loads(line)
            op = command.get('op')
            if op == 'stop':
                print(json.dumps({'ok': True, 'result': None}), flush=True)
                break
            if op == 'requests':
                print(json.dumps({'ok': True, 'result': list(Handler.seen)}), flush=True)
                continue
            if op == 'get' and command.get('attr') == 'requests':
                with Handler.requests_lock:
                    print(json.dumps({'ok': True, 'result': list(Handler.requests)}), flush=True)
                continue
            print(json.dumps({'ok': False, 'error': 'unknown command'}), flush=True)
        server.shutdown()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    main()
