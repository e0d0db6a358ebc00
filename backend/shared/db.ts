// A handle that runs queries: the database itself or an open transaction, so
// named query functions compose into one transaction.
import type { SQLDatabase, Transaction } from "encore.dev/storage/sqldb";

export type Queryer = SQLDatabase | Transaction;
