import { sql, type Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/*
 * What each catalog import said about a service's owner, and when: ownership periods
 * are derived from these snapshots, so an older snapshot imported later (`--as-of`, a
 * git history) still lands in its place. Existing periods become snapshots: the first
 * owner of each service, which the catalog never dated, owns it from the beginning of
 * time (the earliest instant a date can hold); later owners keep their hand-over dates.
 */

const BEGINNING_OF_TIME = -8_640_000_000_000_000;

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("service_owner_snapshots")
    .addColumn("id", dialect.idType, (c) => dialect.idColumn(c))
    .addColumn("service_id", "integer", (c) => c.notNull().references("services.id").onDelete("cascade"))
    .addColumn("team_id", "integer", (c) => c.notNull().references("teams.id").onDelete("cascade"))
    .addColumn("as_of", "bigint", (c) => c.notNull())
    .addColumn("owned_since", "bigint")
    .addColumn("import_id", "integer", (c) => c.references("imports.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("service_owner_snapshots_service_id_index").on("service_owner_snapshots").column("service_id").execute();

  // Aliases without underscores read the same whether or not the connection camel-cases.
  const periods = await sql<{ id: number; serviceid: number; teamid: number; fromat: number }>`
    select id, service_id as serviceid, team_id as teamid, from_at as fromat from service_owners order by service_id, from_at, id`.execute(db);
  const seen = new Set<number>();
  for (const period of periods.rows) {
    const serviceId = Number(period.serviceid);
    const fromAt = Number(period.fromat);
    const first = !seen.has(serviceId);
    seen.add(serviceId);
    await sql`insert into service_owner_snapshots (service_id, team_id, as_of, owned_since, import_id)
      values (${serviceId}, ${Number(period.teamid)}, ${fromAt}, ${first ? null : fromAt}, ${null})`.execute(db);
    if (first) await sql`update service_owners set from_at = ${BEGINNING_OF_TIME} where id = ${Number(period.id)}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The first periods' starts are not restored: "from the beginning" is the truer reading.
  await db.schema.dropTable("service_owner_snapshots").execute();
}
