// The app's one database. Encore resolves the migrations path below the
// declaring file only, so the declaration sits beside migrations/; services
// import `db` and keep their query call sites inside their own folders.
import { SQLDatabase } from "encore.dev/storage/sqldb";

export const db = new SQLDatabase("hospitality", { migrations: "./migrations" });

// Report reads' database: under the standalone host the server in
// DATABASE_REPLICA_URL (the primary when unset); under Encore, the infra
// config maps this name to the replica server (README, "Read replica").
// No migrations: it is the primary's database, replayed. reports/read-routing.ts
// reads from it only while it is a standby that has caught up.
export const replicaDb = new SQLDatabase("hospitality_replica");
