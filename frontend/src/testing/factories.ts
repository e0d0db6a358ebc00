// Small factories for unit tests: readable fixtures with overridable fields, no random data.
import type { Property, SessionUser, Transaction } from "@/lib/api-types";

export function aProperty(overrides: Partial<Property> = {}): Property {
  return {
    id: "p-goa",
    name: "Goa Beach Resort",
    timezone: "Asia/Kolkata",
    currency: "INR",
    openingCashCents: 5_000_000,
    createdAt: "2026-01-01T00:00:00Z",
    archivedAt: null,
    ...overrides,
  };
}

export function aUser(overrides: Partial<SessionUser> = {}): SessionUser {
  return { id: "u-admin", orgId: "o-1", email: "admin@example.test", displayName: "Asha Admin", role: "admin", ...overrides };
}

export function aTransaction(overrides: Partial<Transaction> = {}): Transaction {
  return {
    id: "t-1",
    kind: "revenue",
    propertyId: "p-goa",
    amountCents: 125_050,
    paymentMode: "cash",
    bankReference: null,
    description: null,
    source: "room",
    category: null,
    occurredAt: "2026-11-24T20:00:00Z",
    businessDate: "2026-11-25",
    status: "pending",
    createdBy: { id: "u-staff", displayName: "Sam Staff" },
    approvedBy: null,
    approvedAt: null,
    rejectionReason: null,
    deleted: false,
    createdAt: "2026-11-24T20:00:00Z",
    updatedAt: "2026-11-24T20:00:00Z",
    version: 1,
    lastEditedById: null,
    moneyEditedBy: [],
    reversedBy: [],
    ...overrides,
  };
}
