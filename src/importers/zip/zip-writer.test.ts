import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ZipWriter } from "./zip-writer.js";

describe("ZipWriter", () => {
  it("writes an archive that ends with an end-of-central-directory record", () => {
    const path = join(mkdtempSync(join(tmpdir(), "zipw-")), "a.zip");
    const writer = new ZipWriter(path);
    writer.add("a.txt", "hello");
    writer.add("dir/b.json", "[1,2,3]", { store: true });
    writer.close();
    const bytes = readFileSync(path);
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    expect(bytes.readUInt32LE(bytes.length - 22)).toBe(0x06054b50);
    expect(bytes.readUInt16LE(bytes.length - 22 + 10)).toBe(2);
  });
});
