// Shapes of the cashiering endpoints (docs/api.md, "Day close and the editable window" and "Shifts").
export interface PersonRef { id: string; displayName: string | null }

export interface DayClose {
  propertyId: string;
  businessDate: string;
  closedAt: string;
  closedBy: PersonRef;
  note: string | null;
  forcedReason: string | null;
  approvedCount: number;
  cashReceivedCents: number;
  bankReceivedCents: number;
  cashExpensesCents: number;
  bankExpensesCents: number;
}

export interface Shift {
  id: string;
  propertyId: string;
  cashier: PersonRef;
  businessDate: string;
  status: "open" | "closed" | "signed_off";
  blind: boolean;
  floatCents: number;
  openedAt: string;
  closedAt: string | null;
  expectedCents: number | null;
  countedCents: number | null;
  overShortCents: number | null;
  signedOffBy: PersonRef | null;
}

export interface DayState {
  propertyId: string;
  businessDate: string;
  state: "open" | "closed" | "locked";
  earliestOpenDate: string;
  close: DayClose | null;
  pending: { kind: string; id: string; amountCents: number; paymentMode: string; createdBy: PersonRef }[];
  figures: { approvedCount: number; cashReceivedCents: number; bankReceivedCents: number; cashExpensesCents: number; bankExpensesCents: number };
  shifts: Shift[];
  log: { id: string; action: "closed" | "reopened"; reason: string | null; actor: PersonRef; at: string }[];
}
