import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStoreKinds } from "../../../../test/stores.js";
import { TEST_PASSWORD, type ServerFixture, startFixture } from "../../../../test/server-harness.js";

/*
 * Broken uploads are the client's fault: each is answered with a 4xx in the API's
 * `{"error"}` shape, nothing is left in the upload folder, and nothing is logged as
 * an unexpected error (no stack trace).
 */

const kind = testStoreKinds()[0];
if (!kind) throw new Error("no store kind");

/** Sends raw bytes to the server and returns the raw answer once the server closes or stops talking. */
function rawRequest(port: number, bytes: string | Buffer, halfClose = true): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString());
    }, 5000);
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString());
    });
    socket.write(bytes, () => {
      if (halfClose) socket.end();
    });
  });
}

function parseAnswer(raw: string): { status: number; body: unknown } {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1]);
  const text = raw.slice(raw.indexOf("\r\n\r\n") + 4);
  return { status, body: JSON.parse(text) as unknown };
}

describe("broken uploads to POST /api/imports", () => {
  let f: ServerFixture;
  let uploadDir: string;
  let port: number;
  let cookie: string;
  let csrf: string;
  const logs: string[] = [];
  beforeAll(async () => {
    uploadDir = mkdtempSync(join(tmpdir(), "debrief-broken-uploads-"));
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    f = await startFixture(kind, { uploadDir, logger: { level: "warn", stream } });
    await f.app.listen({ port: 0, host: "127.0.0.1" });
    port = (f.app.server.address() as { port: number }).port;
    const login = await f.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: "analyst@acme.example", password: TEST_PASSWORD } });
    const cookies = Object.fromEntries(login.cookies.map((c) => [c.name, c.value]));
    cookie = Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join("; ");
    csrf = cookies.debrief_csrf ?? "";
  });
  afterAll(async () => {
    await f.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  const boundary = "b0und4ry";
  const bodies: [string, string, string][] = [
    ["no boundary in the content type", "multipart/form-data", `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nslack\r\n--${boundary}--\r\n`],
    ["a body that is not multipart at all", `multipart/form-data; boundary=${boundary}`, "hello, this is not a form"],
    ["a body cut off inside the file", `multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nslack\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.zip"\r\n\r\nPK\u0003\u0004`],
    ["a part without its closing boundary", `multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nslack`],
  ];
  for (const [name, contentType, body] of bodies) {
    it(`answers 400 {"error"} for ${name}`, async () => {
      const before = logs.length;
      const response = await f.callers.analyst.request({ method: "POST", url: "/api/imports", payload: body, headers: { "content-type": contentType } });
      expect(response.statusCode, response.body).toBe(400);
      const answer = response.json() as Record<string, unknown>;
      expect(Object.keys(answer)).toEqual(["error"]);
      expect(answer.error).toMatch(/^malformed multipart\/form-data body: /);
      expect(readdirSync(uploadDir)).toEqual([]);
      expect(logs.slice(before).join("")).not.toMatch(/stack|unexpected error/);
    });
  }

  it("answers 431 {\"error\"} for oversized headers", async () => {
    const raw = await rawRequest(port, `GET /api/me HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(40_000)}\r\n\r\n`);
    expect(parseAnswer(raw)).toEqual({ status: 431, body: { error: "request headers are too large" } });
  });

  it("answers 400 {\"error\"} for a body longer than its Content-Length", async () => {
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nslack\r\n--${boundary}--\r\n`;
    const raw = await rawRequest(
      port,
      `POST /api/imports HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nX-CSRF-Token: ${csrf}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 10\r\n\r\n${body}`,
    );
    // The first 10 bytes are the request; the rest is not HTTP. Every answer is JSON {"error"}.
    const answers = raw.split(/(?=HTTP\/1\.1 )/).map(parseAnswer);
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(Object.keys(answer.body as object)).toEqual(["error"]);
    }
    expect(answers.at(-1)).toEqual({ status: 400, body: { error: "malformed HTTP request" } });
  });

  it("answers 400 {\"error\"} for a body shorter than its Content-Length", async () => {
    const before = logs.length;
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nslack\r\n`;
    const raw = await rawRequest(
      port,
      `POST /api/imports HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nX-CSRF-Token: ${csrf}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 5000\r\n\r\n${body}`,
    );
    const answer = parseAnswer(raw);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: expect.stringMatching(/^malformed multipart\/form-data body: |^malformed HTTP request$/) });
    expect(readdirSync(uploadDir)).toEqual([]);
    expect(logs.slice(before).join("")).not.toMatch(/stack|unexpected error/);
  });
});
