import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from "node:crypto";

/** scrypt's CPU/memory cost N for new passwords: 2^15 (32 MiB, tens of milliseconds per check). */
export const DEFAULT_PASSWORD_COST = 2 ** 15;

const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Refuse stored parameters that would make one check take minutes or gigabytes.
const MAX_COST = 2 ** 20;

function derive(password: string, salt: Buffer, cost: number, blockSize: number, parallelism: number): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is exactly N=2^15, r=8, so leave room.
  const options: ScryptOptions = { N: cost, r: blockSize, p: parallelism, maxmem: 256 * cost * blockSize + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * Hashes a password with scrypt and a fresh 16-byte salt, as
 * `scrypt$N$r$p$salt$hash` (salt and hash in base64). The parameters travel with the
 * hash, so raising the cost later does not break existing accounts.
 */
export async function hashPassword(password: string, cost = DEFAULT_PASSWORD_COST): Promise<string> {
  if (!Number.isInteger(Math.log2(cost)) || cost < 2 || cost > MAX_COST) throw new Error(`scrypt cost must be a power of two up to 2^20, got ${cost}`);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost, BLOCK_SIZE, PARALLELISM);
  return `scrypt$${cost}$${BLOCK_SIZE}$${PARALLELISM}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** Checks a password against a stored hash in constant time; false for anything malformed. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [cost, blockSize, parallelism] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![cost, blockSize, parallelism].every(Number.isSafeInteger) || cost < 2 || cost > MAX_COST || blockSize < 1 || blockSize > 32 || parallelism < 1 || parallelism > 16) return false;
  const salt = Buffer.from(parts[4] as string, "base64");
  const expected = Buffer.from(parts[5] as string, "base64");
  if (salt.length === 0 || expected.length !== KEY_BYTES) return false;
  const key = await derive(password, salt, cost, blockSize, parallelism);
  return timingSafeEqual(key, expected);
}

/** A random password for a new account (24 characters, 144 bits), shown once. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}
