// The app's one database. Encore resolves the migrations path below the
// declaring file only, so the declaration sits beside migrations/; services
// import `db` and keep their query call sites inside their own folders.
import { SQLDatabase } from "encore.dev/storage/sqldb";

export const db = new SQLDatabase("hospitality", { migrations: "./migrations" });
