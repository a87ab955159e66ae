import { lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { ImportError } from "../core/errors.js";
import { type ZipLimits, ZipReader } from "./zip/zip-reader.js";

/**
 * A set of named files to import: a ZIP archive read entry by entry, or a folder.
 * Names always use forward slashes and are relative to the archive or folder root.
 */
export interface ExportSource {
  /** The path given by the person importing. */
  readonly path: string;
  /** The archive limits in force, so another reader of the same path applies the same. */
  readonly limits: Partial<ZipLimits>;
  /** Every file name, in the archive's or folder's order. */
  readonly names: readonly string[];
  has(name: string): boolean;
  /** Reads one file whole; day files are small, the archive as a whole never is read at once. */
  read(name: string): Buffer;
  /** `export.zip: entry general/2024-01-01.json` or `folder/general/2024-01-01.json`, for messages. */
  describe(name: string): string;
  close(): void;
}

/** Opens a ZIP archive or a folder, whichever `path` is. */
export function openExportSource(path: string, limits: Partial<ZipLimits> = {}): ExportSource {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new ImportError(`${path}: no such file or folder`);
  }
  return isDirectory ? openFolder(path) : openZip(path, limits);
}

function openZip(path: string, limits: Partial<ZipLimits>): ExportSource {
  const zip = ZipReader.open(path, limits);
  const byName = new Map(zip.entries.map((entry) => [entry.name, entry]));
  return {
    path,
    limits,
    names: zip.entries.map((entry) => entry.name),
    has: (name) => byName.has(name),
    read(name) {
      const entry = byName.get(name);
      if (!entry) throw new ImportError(`${path}: no entry ${name}`);
      return zip.read(entry);
    },
    describe: (name) => `${path}: entry ${name}`,
    close: () => zip.close(),
  };
}

function openFolder(root: string): ExportSource {
  const names: string[] = [];
  const walk = (folder: string): void => {
    for (const item of readdirSync(folder).sort()) {
      const full = join(folder, item);
      // Links are skipped: an export folder has none, and following one could leave the folder.
      const info = lstatSync(full);
      if (info.isSymbolicLink()) continue;
      if (info.isDirectory()) walk(full);
      else if (info.isFile()) names.push(relative(root, full).split(sep).join("/"));
    }
  };
  walk(root);
  const known = new Set(names);
  return {
    path: root,
    limits: {},
    names,
    has: (name) => known.has(name),
    read(name) {
      if (!known.has(name)) throw new ImportError(`${root}: no file ${name}`);
      return readFileSync(join(root, name));
    },
    describe: (name) => join(root, name),
    close: () => undefined,
  };
}
