import { closeSync, openSync, writeSync } from "node:fs";
import { crc32, deflateRawSync } from "node:zlib";

/** Options for one entry written by {@link ZipWriter}. */
export interface ZipEntryOptions {
  /** Store the bytes uncompressed (method 0) instead of deflating them. */
  store?: boolean;
  /** Modification time recorded for the entry; defaults to 2024-01-01T00:00:00. */
  date?: Date;
  /**
   * Sizes to declare instead of the real ones. Only hostile-archive tests use this,
   * to build entries that lie about their size.
   */
  declaredUncompressedSize?: number;
}

interface CentralRecord {
  name: Buffer;
  method: number;
  dosTime: number;
  dosDate: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  offset: number;
}

const UINT32_MAX = 0xffffffff;
const UINT16_MAX = 0xffff;
const FLAG_UTF8 = 0x0800;
const FLUSH_AT = 1 << 20;

/**
 * Writes a ZIP archive entry by entry with synchronous writes, so memory stays flat
 * however many entries there are. Switches to ZIP64 records when the archive needs
 * them (more than 65,535 entries or offsets past 4 GiB).
 *
 * Names are written exactly as given: the writer does not judge them, which lets
 * tests build the hostile archives the reader must refuse.
 */
export class ZipWriter {
  readonly #fd: number;
  readonly #records: CentralRecord[] = [];
  #offset = 0;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #closed = false;

  constructor(path: string) {
    this.#fd = openSync(path, "w");
  }

  /** Adds one file entry. */
  add(name: string, data: Buffer | string, options: ZipEntryOptions = {}): void {
    if (this.#closed) throw new Error("zip writer is closed");
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    const method = options.store ? 0 : 8;
    const body = method === 8 ? deflateRawSync(bytes, { level: 6 }) : bytes;
    const nameBytes = Buffer.from(name, "utf8");
    const { dosTime, dosDate } = toDosDateTime(options.date ?? new Date(2024, 0, 1));
    const record: CentralRecord = {
      name: nameBytes,
      method,
      dosTime,
      dosDate,
      crc: crc32(bytes),
      compressedSize: body.length,
      uncompressedSize: options.declaredUncompressedSize ?? bytes.length,
      offset: this.#offset,
    };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(FLAG_UTF8, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt16LE(dosTime, 10);
    header.writeUInt16LE(dosDate, 12);
    header.writeUInt32LE(record.crc, 14);
    header.writeUInt32LE(record.compressedSize, 18);
    header.writeUInt32LE(Math.min(record.uncompressedSize, UINT32_MAX), 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(0, 28);
    this.#records.push(record);
    this.#write(header);
    this.#write(nameBytes);
    this.#write(body);
  }

  /** Writes the central directory and closes the file. */
  close(): void {
    if (this.#closed) return;
    const centralStart = this.#offset;
    for (const record of this.#records) this.#write(centralHeader(record));
    const centralSize = this.#offset - centralStart;
    const count = this.#records.length;
    const needsZip64 = count > UINT16_MAX || centralStart > UINT32_MAX || this.#offset > UINT32_MAX;
    if (needsZip64) {
      const zip64EndOffset = this.#offset;
      const end64 = Buffer.alloc(56);
      end64.writeUInt32LE(0x06064b50, 0);
      end64.writeBigUInt64LE(44n, 4);
      end64.writeUInt16LE(45, 12);
      end64.writeUInt16LE(45, 14);
      end64.writeUInt32LE(0, 16);
      end64.writeUInt32LE(0, 20);
      end64.writeBigUInt64LE(BigInt(count), 24);
      end64.writeBigUInt64LE(BigInt(count), 32);
      end64.writeBigUInt64LE(BigInt(centralSize), 40);
      end64.writeBigUInt64LE(BigInt(centralStart), 48);
      this.#write(end64);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeUInt32LE(0, 4);
      locator.writeBigUInt64LE(BigInt(zip64EndOffset), 8);
      locator.writeUInt32LE(1, 16);
      this.#write(locator);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(count, UINT16_MAX), 8);
    end.writeUInt16LE(Math.min(count, UINT16_MAX), 10);
    end.writeUInt32LE(Math.min(centralSize, UINT32_MAX), 12);
    end.writeUInt32LE(Math.min(centralStart, UINT32_MAX), 16);
    this.#write(end);
    this.#flush();
    closeSync(this.#fd);
    this.#closed = true;
  }

  #write(chunk: Buffer): void {
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    this.#offset += chunk.length;
    if (this.#pendingBytes >= FLUSH_AT) this.#flush();
  }

  #flush(): void {
    if (this.#pendingBytes === 0) return;
    const all = Buffer.concat(this.#pending, this.#pendingBytes);
    let written = 0;
    while (written < all.length) written += writeSync(this.#fd, all, written);
    this.#pending = [];
    this.#pendingBytes = 0;
  }
}

function centralHeader(record: CentralRecord): Buffer {
  const zip64Offset = record.offset > UINT32_MAX;
  const zip64Size = record.uncompressedSize > UINT32_MAX;
  const extras: bigint[] = [];
  if (zip64Size) extras.push(BigInt(record.uncompressedSize));
  if (zip64Offset) extras.push(BigInt(record.offset));
  const extra = Buffer.alloc(extras.length > 0 ? 4 + extras.length * 8 : 0);
  if (extras.length > 0) {
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(extras.length * 8, 2);
    extras.forEach((value, i) => extra.writeBigUInt64LE(value, 4 + i * 8));
  }
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE((3 << 8) | 45, 4);
  header.writeUInt16LE(extras.length > 0 ? 45 : 20, 6);
  header.writeUInt16LE(FLAG_UTF8, 8);
  header.writeUInt16LE(record.method, 10);
  header.writeUInt16LE(record.dosTime, 12);
  header.writeUInt16LE(record.dosDate, 14);
  header.writeUInt32LE(record.crc, 16);
  header.writeUInt32LE(record.compressedSize, 20);
  header.writeUInt32LE(zip64Size ? UINT32_MAX : record.uncompressedSize, 24);
  header.writeUInt16LE(record.name.length, 28);
  header.writeUInt16LE(extra.length, 30);
  header.writeUInt16LE(0, 32);
  header.writeUInt16LE(0, 34);
  header.writeUInt16LE(0, 36);
  header.writeUInt32LE((0o100644 << 16) >>> 0, 38);
  header.writeUInt32LE(zip64Offset ? UINT32_MAX : record.offset, 42);
  return Buffer.concat([header, record.name, extra]);
}

function toDosDateTime(date: Date): { dosTime: number; dosDate: number } {
  const year = Math.max(1980, date.getFullYear());
  return {
    dosTime: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    dosDate: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}
