import type { Migration } from "kysely";
import type { Dialect } from "../dialect.js";
import * as initial from "./2026-11-25T2000-initial.js";
import * as pagerdutyCatalogTranscripts from "./2026-11-25T2100-pagerduty-catalog-transcripts.js";
import * as accountsAnnotationsJobs from "./2026-11-25T2200-accounts-annotations-jobs.js";
import * as sessionsExpiryIndex from "./2026-11-25T2300-sessions-expiry-index.js";
import * as importJobRunner from "./2026-11-25T2310-import-job-runner.js";
import * as reviews from "./2026-12-02T0610-reviews.js";
import * as serviceOwnerSnapshots from "./2026-12-02T0610-service-owner-snapshots.js";
import * as learning from "./2026-12-02T0615-learning.js";
import * as importJournal from "./2026-12-02T0620-import-journal.js";
import * as followUps from "./2026-12-02T0630-follow-ups.js";
import * as oidcLogins from "./2026-12-02T0630-oidc-logins.js";
import * as search from "./2026-12-02T0700-search.js";
import * as interviews from "./2026-12-02T0740-interviews.js";
import * as learningTeamReaders from "./2026-12-02T0815-learning-team-readers.js";
import * as searchFeatureDocuments from "./2026-12-02T1430-search-feature-documents.js";
import * as messageIndexByBatch from "./2026-12-02T1440-message-index-by-batch.js";

/**
 * Every migration, by name. Names sort by time; Kysely applies them in that order.
 * Migrations receive the dialect for the few DDL details that differ.
 */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    "2026-11-25T2000-initial": bind(initial, dialect),
    "2026-11-25T2100-pagerduty-catalog-transcripts": bind(pagerdutyCatalogTranscripts, dialect),
    "2026-11-25T2200-accounts-annotations-jobs": bind(accountsAnnotationsJobs, dialect),
    "2026-11-25T2300-sessions-expiry-index": bind(sessionsExpiryIndex, dialect),
    "2026-11-25T2310-import-job-runner": bind(importJobRunner, dialect),
    "2026-12-02T0610-reviews": bind(reviews, dialect),
    "2026-12-02T0610-service-owner-snapshots": bind(serviceOwnerSnapshots, dialect),
    "2026-12-02T0615-learning": bind(learning, dialect),
    "2026-12-02T0620-import-journal": bind(importJournal, dialect),
    "2026-12-02T0630-follow-ups": bind(followUps, dialect),
    "2026-12-02T0630-oidc-logins": bind(oidcLogins, dialect),
    "2026-12-02T0700-search": bind(search, dialect),
    "2026-12-02T0740-interviews": bind(interviews, dialect),
    "2026-12-02T0815-learning-team-readers": bind(learningTeamReaders, dialect),
    "2026-12-02T1430-search-feature-documents": bind(searchFeatureDocuments, dialect),
    "2026-12-02T1440-message-index-by-batch": bind(messageIndexByBatch, dialect),
  };
}

interface MigrationModule {
  up(db: Parameters<Migration["up"]>[0], dialect: Dialect): Promise<void>;
  down(db: Parameters<Migration["up"]>[0], dialect: Dialect): Promise<void>;
}

function bind(module: MigrationModule, dialect: Dialect): Migration {
  return { up: (db) => module.up(db, dialect), down: (db) => module.down(db, dialect) };
}
