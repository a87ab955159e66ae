import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { ImportError } from "../../core/errors.js";
import { type ZipLimits, ZipReader } from "./zip-reader.js";

/**
 * Unpacks a ZIP archive into `folder`, entry by entry. Entry names were already checked
 * when the archive was opened (no absolute paths, no `..`); every target is checked
 * again to lie inside the folder before anything is written.
 */
export function extractZip(path: string, folder: string, limits: Partial<ZipLimits> = {}): number {
  const zip = ZipReader.open(path, limits);
  const root = resolve(folder);
  try {
    let files = 0;
    for (const entry of zip.entries) {
      const target = resolve(join(root, entry.name));
      if (!target.startsWith(root + sep)) throw new ImportError(`${path}: entry ${entry.name} would be written outside the folder`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, zip.read(entry));
      files += 1;
    }
    return files;
  } finally {
    zip.close();
  }
}
