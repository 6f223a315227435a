#!/usr/bin/env python3
"""Local SMTP sink for development and tests: stores every message under a folder and lists them over HTTP.

  python3 scripts/smtp_sink.py --smtp-port 2525 --http-port 8025 --dir .data/mail
GET http://127.0.0.1:8025/messages  -> JSON list [{id, to, subject, body, date}] (newest last)
"""
import argparse, email, email.policy, json, os, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, folder):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)

    def save(self, raw: bytes):
        name = f"{time.time_ns()}.eml"
        with open(os.path.join(self.folder, name), "wb") as f:
            f.write(raw)

    def messages(self):
        out = []
        for name in sorted(os.listdir(self.folder)):
            if not name.endswith(".eml"):
                continue
            with open(os.path.join(self.folder, name), "rb") as f:
                msg = email.message_from_bytes(f.read(), policy=email.policy.default)
            body = msg.get_body(preferencelist=("plain",))
            out.append({"id": name[:-4], "to": msg["To"], "subject": str(msg["Subject"]), "date": msg["Date"],
                        "body": body.get_content() if body else ""})
        return out


class Handler:
    def __init__(self, store):
        self.store = store

    async def handle_DATA(self, server, session, envelope):
        self.store.save(envelope.original_content or envelope.content)
        return "250 Message accepted"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smtp-port", type=int, default=2525)
    ap.add_argument("--http-port", type=int, default=8025)
    ap.add_argument("--dir", default=".data/mail")
    args = ap.parse_args()
    store = Store(args.dir)
    controller = Controller(Handler(store), hostname="127.0.0.1", port=args.smtp_port)
    controller.start()

    class Http(BaseHTTPRequestHandler):
        def do_GET(self):
            data = json.dumps(store.messages(), ensure_ascii=False).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *a):
            pass

    print(f"SMTP sink on 127.0.0.1:{args.smtp_port}; messages: http://127.0.0.1:{args.http_port}/messages and {args.dir}/*.eml", flush=True)
    ThreadingHTTPServer(("127.0.0.1", args.http_port), Http).serve_forever()


if __name__ == "__main__":
    main()
