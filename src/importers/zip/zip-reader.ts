import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { crc32, inflateRawSync } from "node:zlib";
import { ImportError } from "../import-error.js";

/** Limits that keep a hostile or broken archive from exhausting the machine. */
export interface ZipLimits {
  /** Most entries the archive may list. */
  maxEntries: number;
  /** Most bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Most bytes all entries together may inflate to. */
  maxTotalBytes: number;
  /** Largest inflated/compressed ratio allowed for entries bigger than 1 MiB, and for the whole archive past 64 MiB. */
  maxRatio: number;
}

/** Defaults sized for real workspace exports: generous, but far below what a bomb asks for. */
export const defaultZipLimits: ZipLimits = {
  maxEntries: 2_000_000,
  maxEntryBytes: 512 * 1024 * 1024,
  // A real export of a million messages inflates to about 1 GB.
  maxTotalBytes: 16 * 1024 * 1024 * 1024,
  maxRatio: 1000,
};

/** One file entry from the central directory. */
export interface ZipEntry {
  /** Path inside the archive, always with forward slashes. */
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_LOCATOR64 = 0x07064b50;
const UINT32_MAX = 0xffffffff;
const UINT16_MAX = 0xffff;

/**
 * Reads a ZIP archive entry by entry with positioned synchronous reads: the central
 * directory once, then each entry's bytes on demand, so a multi-gigabyte export never
 * sits in memory. Synchronous on purpose: per-entry asynchronous I/O costs more than
 * the JSON parsing it feeds (see bench/).
 *
 * Every entry name is checked when the archive is opened: absolute paths, `..`
 * segments, NUL bytes and backslash tricks are refused before anything is read.
 */
export class ZipReader {
  readonly path: string;
  readonly entries: readonly ZipEntry[];
  readonly #fd: number;
  readonly #size: number;
  readonly #limits: ZipLimits;
  #inflatedTotal = 0;

  private constructor(path: string, fd: number, size: number, entries: ZipEntry[], limits: ZipLimits) {
    this.path = path;
    this.#fd = fd;
    this.#size = size;
    this.entries = entries;
    this.#limits = limits;
  }

  /** Opens an archive and validates its directory; throws {@link ImportError} on any defect. */
  static open(path: string, limits: Partial<ZipLimits> = {}): ZipReader {
    const all: ZipLimits = { ...defaultZipLimits, ...limits };
    const fd = openSync(path, "r");
    try {
      const size = fstatSync(fd).size;
      const entries = readCentralDirectory(path, fd, size, all);
      return new ZipReader(path, fd, size, entries, all);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Inflates one entry, checking its size, ratio and CRC. */
  read(entry: ZipEntry): Buffer {
    const where = `${this.path}: entry ${entry.name}`;
    // One read usually covers the local header, its name, a short extra field and the data.
    const guess = 30 + Buffer.byteLength(entry.name) + 64 + entry.compressedSize;
    let chunk = this.#readAt(entry.localHeaderOffset, Math.min(guess, this.#size - entry.localHeaderOffset), where);
    if (chunk.length < 30 || chunk.readUInt32LE(0) !== SIG_LOCAL) {
      throw new ImportError(`${where}: local header missing (archive truncated or corrupt)`);
    }
    const dataStart = 30 + chunk.readUInt16LE(26) + chunk.readUInt16LE(28);
    const dataEnd = dataStart + entry.compressedSize;
    if (entry.localHeaderOffset + dataEnd > this.#size) {
      throw new ImportError(`${where}: data runs past the end of the file (archive truncated)`);
    }
    if (chunk.length < dataEnd) chunk = this.#readAt(entry.localHeaderOffset, dataEnd, where);
    const compressed = chunk.subarray(dataStart, dataEnd);
    let data: Buffer;
    if (entry.method === 0) {
      data = compressed;
    } else if (entry.method === 8) {
      try {
        // Never inflate past the declared size: an entry that lies about it is a bomb.
        data = inflateRawSync(compressed, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE"
          ? "inflates past its declared size"
          : `cannot be inflated (${(error as Error).message})`;
        throw new ImportError(`${where}: ${reason}`);
      }
    } else {
      throw new ImportError(`${where}: unsupported compression method ${entry.method}`);
    }
    if (data.length !== entry.uncompressedSize) {
      throw new ImportError(`${where}: inflated to ${data.length} bytes, directory says ${entry.uncompressedSize}`);
    }
    if (crc32(data) !== entry.crc) throw new ImportError(`${where}: CRC mismatch (archive corrupt)`);
    this.#inflatedTotal += data.length;
    if (this.#inflatedTotal > this.#limits.maxTotalBytes) {
      throw new ImportError(`${where}: archive inflates past ${this.#limits.maxTotalBytes} bytes in total`);
    }
    return data;
  }

  /** Closes the file. */
  close(): void {
    closeSync(this.#fd);
  }

  #readAt(position: number, length: number, where: string): Buffer {
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.#fd, buffer, done, length - done, position + done);
      if (n === 0) throw new ImportError(`${where}: unexpected end of file (archive truncated)`);
      done += n;
    }
    return buffer;
  }
}

function readCentralDirectory(path: string, fd: number, size: number, limits: ZipLimits): ZipEntry[] {
  const read = (position: number, length: number): Buffer => {
    const buffer = Buffer.alloc(length);
    const n = readSync(fd, buffer, 0, length, position);
    return buffer.subarray(0, n);
  };
  // The end record sits in the last 22 bytes plus an optional comment of up to 64 KiB.
  const tailLength = Math.min(size, 22 + UINT16_MAX);
  const tailStart = size - tailLength;
  const tail = read(tailStart, tailLength);
  let endAt = -1;
  for (let i = tail.length - 22; i >= 0; i -= 1) {
    if (tail.readUInt32LE(i) === SIG_END && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      endAt = i;
      break;
    }
  }
  if (endAt < 0) {
    throw new ImportError(`${path}: not a ZIP archive, or truncated (no end-of-central-directory record)`);
  }
  let count = tail.readUInt16LE(endAt + 10);
  let centralSize = tail.readUInt32LE(endAt + 12);
  let centralOffset = tail.readUInt32LE(endAt + 16);
  const locatorAt = endAt - 20;
  if (locatorAt >= 0 && tail.readUInt32LE(locatorAt) === SIG_LOCATOR64) {
    const end64Offset = Number(tail.readBigUInt64LE(locatorAt + 8));
    const end64 = read(end64Offset, 56);
    if (end64.length < 56 || end64.readUInt32LE(0) !== SIG_END64) {
      throw new ImportError(`${path}: ZIP64 end record missing at byte ${end64Offset} (archive corrupt)`);
    }
    count = Number(end64.readBigUInt64LE(32));
    centralSize = Number(end64.readBigUInt64LE(40));
    centralOffset = Number(end64.readBigUInt64LE(48));
  }
  if (count > limits.maxEntries) {
    throw new ImportError(`${path}: archive lists ${count} entries, more than the limit of ${limits.maxEntries}`);
  }
  if (centralOffset + centralSize > size) {
    throw new ImportError(`${path}: central directory runs past the end of the file (archive truncated)`);
  }
  const central = read(centralOffset, centralSize);
  const entries: ZipEntry[] = [];
  const spans: { name: string; start: number; end: number }[] = [];
  let declaredTotal = 0;
  let at = 0;
  for (let index = 0; index < count; index += 1) {
    if (at + 46 > central.length || central.readUInt32LE(at) !== SIG_CENTRAL) {
      throw new ImportError(`${path}: central directory entry ${index + 1} is corrupt (byte ${centralOffset + at})`);
    }
    const flags = central.readUInt16LE(at + 8);
    const method = central.readUInt16LE(at + 10);
    const crc = central.readUInt32LE(at + 16);
    let compressedSize = central.readUInt32LE(at + 20);
    let uncompressedSize = central.readUInt32LE(at + 24);
    const nameLength = central.readUInt16LE(at + 28);
    const extraLength = central.readUInt16LE(at + 30);
    const commentLength = central.readUInt16LE(at + 32);
    let localHeaderOffset = central.readUInt32LE(at + 42);
    const rawName = central.subarray(at + 46, at + 46 + nameLength);
    const extra = central.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    at += 46 + nameLength + extraLength + commentLength;
    // ZIP64 extra field: only the fields whose 32-bit value is saturated are present, in order.
    for (let e = 0; e + 4 <= extra.length; ) {
      const id = extra.readUInt16LE(e);
      const length = extra.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let p = e + 4;
        if (uncompressedSize === UINT32_MAX) { uncompressedSize = Number(extra.readBigUInt64LE(p)); p += 8; }
        if (compressedSize === UINT32_MAX) { compressedSize = Number(extra.readBigUInt64LE(p)); p += 8; }
        if (localHeaderOffset === UINT32_MAX) { localHeaderOffset = Number(extra.readBigUInt64LE(p)); }
      }
      e += 4 + length;
    }
    const name = (flags & 0x0800) !== 0 ? rawName.toString("utf8") : rawName.toString("latin1");
    checkEntryName(path, name);
    if (name.endsWith("/")) continue;
    if ((flags & 0x0001) !== 0) throw new ImportError(`${path}: entry ${name} is encrypted`);
    if (uncompressedSize > limits.maxEntryBytes) {
      throw new ImportError(`${path}: entry ${name} declares ${uncompressedSize} bytes, more than the limit of ${limits.maxEntryBytes}`);
    }
    if (uncompressedSize > 1024 * 1024 && uncompressedSize > compressedSize * limits.maxRatio) {
      throw new ImportError(`${path}: entry ${name} compresses more than ${limits.maxRatio}:1 (possible zip bomb)`);
    }
    declaredTotal += uncompressedSize;
    if (declaredTotal > limits.maxTotalBytes) {
      throw new ImportError(`${path}: archive declares more than ${limits.maxTotalBytes} bytes uncompressed (possible zip bomb)`);
    }
    if (localHeaderOffset + 30 > size) {
      throw new ImportError(`${path}: entry ${name} starts past the end of the file (archive truncated)`);
    }
    entries.push({ name, method, crc, compressedSize, uncompressedSize, localHeaderOffset });
    spans.push({ name, start: localHeaderOffset, end: localHeaderOffset + 30 + nameLength + compressedSize });
  }
  // Deflate cannot exceed about 1032:1, so an archive whose entries declare far more in
  // total than its own size allows is a bomb, however the bytes are split into entries.
  if (declaredTotal > 64 * 1024 * 1024 && declaredTotal > size * limits.maxRatio) {
    throw new ImportError(`${path}: archive declares ${declaredTotal} bytes uncompressed from ${size} bytes, more than ${limits.maxRatio}:1 (possible zip bomb)`);
  }
  checkNoOverlap(path, spans, centralOffset);
  return entries;
}

/**
 * Every entry's bytes must be its own: entries that share compressed data make a small
 * archive inflate many times over (the overlapping-entry zip bomb). `end` is a lower
 * bound (the local extra field is not counted), which is enough to see two entries
 * starting inside one another.
 */
function checkNoOverlap(path: string, spans: { name: string; start: number; end: number }[], centralOffset: number): void {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  for (let i = 0; i < sorted.length; i += 1) {
    const span = sorted[i] as { name: string; start: number; end: number };
    const next = sorted[i + 1];
    if (next !== undefined && next.start < span.end) {
      throw new ImportError(`${path}: entries ${span.name} and ${next.name} share the same bytes (overlapping entries, possible zip bomb)`);
    }
    if (span.end > centralOffset) {
      throw new ImportError(`${path}: entry ${span.name} overlaps the central directory (archive corrupt)`);
    }
  }
}

/** Refuses names that could escape an extraction folder or hide as something else. */
function checkEntryName(path: string, name: string): void {
  const bad = (why: string): never => {
    throw new ImportError(`${path}: entry ${JSON.stringify(name)} refused: ${why}`);
  };
  if (name.length === 0) bad("empty name");
  if (name.includes("\0")) bad("NUL byte in name");
  if (name.includes("\\")) bad("backslash in name");
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) bad("absolute path");
  if (name.split("/").some((segment) => segment === "..")) bad("'..' path segment");
}
