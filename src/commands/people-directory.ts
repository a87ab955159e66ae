import type { Store } from "../db/connection.js";
import { type DirectoryPerson, listDirectoryPeople } from "../db/repositories/people-directory.js";

export type { DirectoryPerson };

/** People by name; `q` matches a name or e-mail. At most `limit` (default 1000). */
export async function listPeople(store: Store, options: { q?: string | undefined; limit?: number | undefined } = {}): Promise<DirectoryPerson[]> {
  return listDirectoryPeople(store.db, { q: options.q ?? null, limit: options.limit ?? 1000 });
}
