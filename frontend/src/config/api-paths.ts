/** Every API path the dashboard calls, in one place (docs/api.md describes them). */
export type TransactionKind = "revenue" | "expense";

const seg = encodeURIComponent;

export const apiPaths = {
  auth: {
    signup: "/auth/signup",
    login: "/auth/login",
    refresh: "/auth/refresh",
    logout: "/auth/logout",
    me: "/auth/me",
    signInLocks: "/auth/sign-in-locks",
  },
  properties: {
    list: "/properties",
    one: (id: string) => `/properties/${seg(id)}`,
  },
  users: {
    list: "/users",
    one: (id: string) => `/users/${seg(id)}`,
    unlock: (id: string) => `/users/${seg(id)}/unlock`,
  },
  finance: {
    revenues: "/finance/revenues",
    expenses: "/finance/expenses",
    transactions: "/finance/transactions",
    transaction: (kind: TransactionKind, id: string) => `/finance/transactions/${kind}/${seg(id)}`,
    approve: (kind: TransactionKind, id: string) => `/finance/transactions/${kind}/${seg(id)}/approve`,
    reject: (kind: TransactionKind, id: string) => `/finance/transactions/${kind}/${seg(id)}/reject`,
    day: (propertyId: string, date: string) => `/finance/days/${seg(propertyId)}/${seg(date)}`,
    closeDay: (propertyId: string, date: string) => `/finance/days/${seg(propertyId)}/${seg(date)}/close`,
    reopenDay: (propertyId: string, date: string) => `/finance/days/${seg(propertyId)}/${seg(date)}/reopen`,
    reverse: (kind: TransactionKind, id: string) => `/finance/transactions/${kind}/${seg(id)}/reverse`,
    movements: "/finance/movements",
    shifts: "/finance/shifts",
    closeShift: (id: string) => `/finance/shifts/${seg(id)}/close`,
    signOffShift: (id: string) => `/finance/shifts/${seg(id)}/sign-off`,
  },
  reports: {
    daily: "/reports/daily",
    monthly: "/reports/monthly",
    summary: "/reports/summary",
    exportCsv: "/reports/export.csv",
    dailyCsv: "/reports/daily.csv",
    dailyPdf: "/reports/daily.pdf",
    monthlyPdf: "/reports/monthly.pdf",
  },
  events: {
    streamTicket: "/events/stream-ticket",
    stream: "/events/stream",
    audit: "/events/audit",
  },
  ops: {
    status: "/ops/status",
  },
} as const;
