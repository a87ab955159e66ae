import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, verifyPassword } from "./passwords.js";

describe("password hashing", () => {
  it("hashes with scrypt, a fresh salt and the parameters in the string", async () => {
    const a = await hashPassword("hunter2 hunter2", 1024);
    const b = await hashPassword("hunter2 hunter2", 1024);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("hunter2");
  });

  it("verifies the right password only", async () => {
    const hash = await hashPassword("correct horse", 1024);
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("correct horse ", hash)).toBe(false);
    expect(await verifyPassword("Correct horse", hash)).toBe(false);
  });

  it("uses N = 2^15 by default", async () => {
    const hash = await hashPassword("x");
    expect(hash.startsWith("scrypt$32768$8$1$")).toBe(true);
    expect(await verifyPassword("x", hash)).toBe(true);
  });

  it("treats composed and decomposed Unicode as the same password", async () => {
    const hash = await hashPassword("caf\u00e9", 1024);
    expect(await verifyPassword("cafe\u0301", hash)).toBe(true);
  });

  it("rejects malformed or hostile stored hashes without throwing", async () => {
    for (const stored of ["", "plain", "scrypt$1024$8$1$salt", "bcrypt$1$2$3$4$5", "scrypt$4194304$8$1$AAAA$AAAA", "scrypt$1024$8$1$$AAAA", `scrypt$1024$8$1$${"A".repeat(24)}$short`]) {
      expect(await verifyPassword("x", stored)).toBe(false);
    }
    await expect(hashPassword("x", 1000)).rejects.toThrow(/power of two/);
  });

  it("generates distinct 24-character passwords", () => {
    const passwords = new Set(Array.from({ length: 50 }, generatePassword));
    expect(passwords.size).toBe(50);
    for (const p of passwords) expect(p).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });
});
