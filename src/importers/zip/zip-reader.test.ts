import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ZipReader } from "./zip-reader.js";
import { ZipWriter } from "./zip-writer.js";
import { externalSample, itWithSamples } from "../../../test/shared-data.js";

const dir = mkdtempSync(join(tmpdir(), "zipr-"));
let counter = 0;
function archive(entries: [string, string | Buffer, { store?: boolean; declaredUncompressedSize?: number }?][]): string {
  const path = join(dir, `a${(counter += 1)}.zip`);
  const writer = new ZipWriter(path);
  for (const [name, data, options] of entries) writer.add(name, data, options);
  writer.close();
  return path;
}

describe("ZipReader", () => {
  it("reads back what the writer wrote, deflated and stored", () => {
    const path = archive([
      ["users.json", '[{"id":"U1"}]'],
      ["general/2024-01-01.json", "[]", { store: true }],
      ["ünïcode/2024-01-02.json", "[1]"],
    ]);
    const zip = ZipReader.open(path);
    expect(zip.entries.map((e) => e.name)).toEqual(["users.json", "general/2024-01-01.json", "ünïcode/2024-01-02.json"]);
    expect(zip.entries.map((e) => zip.read(e).toString())).toEqual(['[{"id":"U1"}]', "[]", "[1]"]);
    zip.close();
  });

  itWithSamples(["slack/hfaran_testarchive.zip"], "reads the real Slack export from hfaran/slack-export-viewer", () => {
    const zip = ZipReader.open(externalSample("slack/hfaran_testarchive.zip"));
    expect(zip.entries).toHaveLength(20);
    const users = JSON.parse(zip.read(zip.entries.find((e) => e.name === "users.json")!).toString()) as unknown[];
    expect(users).toHaveLength(4);
    zip.close();
  });

  it("switches to ZIP64 past 65,535 entries and reads them all", () => {
    const path = join(dir, "many.zip");
    const writer = new ZipWriter(path);
    for (let i = 0; i < 65_600; i += 1) writer.add(`c/${i}.json`, "[]", { store: true });
    writer.close();
    const zip = ZipReader.open(path);
    expect(zip.entries).toHaveLength(65_600);
    expect(zip.read(zip.entries[65_599]!).toString()).toBe("[]");
    zip.close();
  });

  it("refuses a truncated archive", () => {
    const path = archive([["users.json", "[]".repeat(1000)]]);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 30));
    expect(() => ZipReader.open(path)).toThrow(/truncated/);
  });

  it("refuses an archive whose data was cut but whose directory survived", () => {
    const path = archive([["a.json", randomBytes(5000), { store: true }], ["b.json", "[]"]]);
    const bytes = readFileSync(path);
    // Blank the start of the first entry's data: the directory still claims it.
    bytes.fill(0, 40, 200);
    writeFileSync(path, bytes);
    const zip = ZipReader.open(path);
    expect(() => zip.read(zip.entries[0]!)).toThrow(/a\.json/);
  });

  it.each([
    ["../evil.json", /'\.\.' path segment/],
    ["general/../../evil.json", /'\.\.' path segment/],
    ["/etc/passwd", /absolute path/],
    ["C:/x.json", /absolute path/],
    ["a\\b.json", /backslash/],
  ])("refuses the entry name %s", (name, message) => {
    const path = archive([["users.json", "[]"], [name, "[]"]]);
    expect(() => ZipReader.open(path)).toThrow(message);
  });

  it("refuses too many entries", () => {
    const path = archive([["a", "1"], ["b", "2"], ["c", "3"]]);
    expect(() => ZipReader.open(path, { maxEntries: 2 })).toThrow(/3 entries, more than the limit of 2/);
  });

  it("refuses a bomb by its declared ratio", () => {
    const path = archive([["bomb.json", Buffer.alloc(50 * 1024 * 1024, 0x20)]]);
    expect(() => ZipReader.open(path)).toThrow(/zip bomb/);
  });

  it("refuses an entry that inflates past the size it declares", () => {
    const path = archive([["liar.json", Buffer.alloc(200_000, 0x20), { declaredUncompressedSize: 100 }]]);
    const zip = ZipReader.open(path);
    expect(() => zip.read(zip.entries[0]!)).toThrow(/inflates past its declared size/);
    zip.close();
  });

  it("caps the total inflated size", () => {
    const path = archive([["a", Buffer.alloc(4000, 1)], ["b", Buffer.alloc(4000, 1)]]);
    expect(() => ZipReader.open(path, { maxTotalBytes: 6000 })).toThrow(/more than 6000 bytes/);
  });

  it("refuses entries that share the same compressed data, before inflating any", () => {
    const path = archive([["a.json", Buffer.alloc(100_000, 0x20)]]);
    const bytes = readFileSync(path);
    const endAt = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const centralOffset = bytes.readUInt32LE(endAt + 16);
    const centralSize = bytes.readUInt32LE(endAt + 12);
    const central = bytes.subarray(centralOffset, centralOffset + centralSize);
    // 500 directory entries, each named differently, all pointing at the one local entry.
    const copies = Array.from({ length: 500 }, (_, i) => {
      const copy = Buffer.from(central);
      copy.write(String(i).padStart(1, "0"), 46, "latin1");
      return copy;
    });
    const end = Buffer.from(bytes.subarray(endAt));
    end.writeUInt16LE(500, 8);
    end.writeUInt16LE(500, 10);
    end.writeUInt32LE(centralSize * 500, 12);
    writeFileSync(path, Buffer.concat([bytes.subarray(0, centralOffset), ...copies, end]));
    const started = Date.now();
    expect(() => ZipReader.open(path)).toThrow(/share the same bytes \(overlapping entries, possible zip bomb\)/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("caps the total declared size relative to the archive's own size", () => {
    const path = archive(Array.from({ length: 80 }, (_, i): [string, Buffer] => [`c/${i}.json`, Buffer.alloc(1024 * 1024 - 1, 0x20)]));
    expect(() => ZipReader.open(path, { maxRatio: 100 })).toThrow(/more than 100:1 \(possible zip bomb\)/);
    expect(ZipReader.open(path).entries).toHaveLength(80);
  });

  it("detects corrupt data by CRC", () => {
    const path = archive([["a.json", "[1,2,3]", { store: true }]]);
    const bytes = readFileSync(path);
    const at = bytes.indexOf(Buffer.from("[1,2,3]"));
    bytes[at + 1] = "9".charCodeAt(0);
    writeFileSync(path, bytes);
    const zip = ZipReader.open(path);
    expect(() => zip.read(zip.entries[0]!)).toThrow(/CRC mismatch/);
  });

  it("refuses something that is not a ZIP at all", () => {
    const path = join(dir, "not.zip");
    writeFileSync(path, deflateRawSync(Buffer.from("hello")));
    expect(() => ZipReader.open(path)).toThrow(/not a ZIP archive/);
  });
});
