import type { Store } from "../db/connection.js";
import { recordAudit } from "../db/repositories/audit.js";
import { deleteSession } from "../db/repositories/sessions.js";

/** Ends a session (logout) and records it in the audit trail, in one transaction. */
export async function endSession(store: Store, input: { sessionId: number; actor: string }): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await deleteSession(trx, input.sessionId);
    await recordAudit(trx, { actor: input.actor, action: "auth.logout", subjectType: "session", subjectId: input.sessionId });
  });
}
