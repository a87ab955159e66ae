import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { threadId } from "node:worker_threads";

/**
 * A name for the process (and thread) running an import, `host:pid:tag`, recorded on
 * the import while it commits in batches so that one left behind by a dead process
 * can be recognised and undone.
 */
export function importOwner(): string {
  return `${hostname()}:${process.pid}:${threadId}-${randomBytes(3).toString("hex")}`;
}

/**
 * Whether the process named by an owner may still be running. An owner on another host
 * is assumed alive (SQLite files are local; its own machine will clean it up).
 */
export function importOwnerAlive(owner: string): boolean {
  const [host, pid] = owner.split(":");
  if (host !== hostname()) return true;
  const number = Number(pid);
  if (!Number.isInteger(number) || number <= 0) return false;
  try {
    process.kill(number, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
