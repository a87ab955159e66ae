import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Hex SHA-256 of a string: how session, CSRF and API tokens, and login e-mails, are stored. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** A fresh random secret of `bytes` bytes, base64url. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** Compares two hex digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** Every API token starts with this, so secret scanners and people can recognise one. */
export const API_TOKEN_PREFIX = "dbf_";

/** A new API token: the token (shown once), the part kept to tell tokens apart, and the hash stored. */
export function newApiToken(): { token: string; prefix: string; hash: string } {
  const token = `${API_TOKEN_PREFIX}${randomSecret(32)}`;
  return { token, prefix: token.slice(0, API_TOKEN_PREFIX.length + 8), hash: sha256Hex(token) };
}
