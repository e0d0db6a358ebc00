// Day close endpoints: the close-day review, close, reopen, the closed-day
// history and the editable window setting. Each validates, authorises and
// calls day-close.ts.
import { api } from "encore.dev/api";
import { caller } from "../shared/authz.ts";
import { parseInput } from "../shared/validation.ts";
import * as days from "./day-close.ts";
import { closeDaySchema, dayRangeSchema, dayRefSchema, reopenDaySchema, settingsRefSchema, updateSettingsSchema } from "./schemas.ts";

interface DayRef { propertyId: string; date: string }
interface CloseDayRequest extends DayRef {
  note?: string | null;
  /** Close although shifts are still open; needs a reason. */
  force?: boolean;
  reason?: string | null;
}
interface ReopenDayRequest extends DayRef { reason: string }
interface DayRange { propertyId: string; from: string; to: string }
interface CloseDayResponse { close: days.DayClose; alreadyClosed: boolean }
interface DayList { closes: days.DayClose[]; log: days.DayLogEntry[]; earliestOpenDate: string }
interface SettingsResponse { propertyId: string; editableDays: number; timezone: string; earliestOpenDate: string }
interface UpdateSettingsRequest { propertyId: string; editableDays: number }

/** A business date's close state, pending entries, approved figures and close history: the close-day review. */
export const getDay = api(
  { expose: true, auth: true, method: "GET", path: "/finance/days/:propertyId/:date" },
  async (req: DayRef): Promise<days.DayState> => {
    const { propertyId, date } = parseInput(dayRefSchema, req);
    return days.dayState(caller(), propertyId, date);
  },
);

/** Closes a business date (manager or admin); closing a closed day returns its close. */
export const closeDay = api(
  { expose: true, auth: true, method: "POST", path: "/finance/days/:propertyId/:date/close" },
  async (req: CloseDayRequest): Promise<CloseDayResponse> => {
    const { propertyId, date, ...opts } = parseInput(closeDaySchema, req);
    return days.closeDay(caller(), propertyId, date, opts);
  },
);

/** Reopens a closed business date (admin, with a reason). */
export const reopenDay = api(
  { expose: true, auth: true, method: "POST", path: "/finance/days/:propertyId/:date/reopen" },
  async (req: ReopenDayRequest): Promise<days.DayState> => {
    const { propertyId, date, reason } = parseInput(reopenDaySchema, req);
    const auth = caller();
    await days.reopenDay(auth, propertyId, date, reason);
    return days.dayState(auth, propertyId, date);
  },
);

/** Closed days of a property in a range, with every close and reopen. */
export const listDays = api(
  { expose: true, auth: true, method: "GET", path: "/finance/days" },
  async (req: DayRange): Promise<DayList> => {
    const { propertyId, from, to } = parseInput(dayRangeSchema, req);
    return days.listDays(caller(), propertyId, from, to);
  },
);

/** A property's finance settings: the editable window. */
export const getFinanceSettings = api(
  { expose: true, auth: true, method: "GET", path: "/finance/settings/:propertyId" },
  async (req: { propertyId: string }): Promise<SettingsResponse> => {
    const { propertyId } = parseInput(settingsRefSchema, req);
    return days.getSettings(caller(), propertyId);
  },
);

/** Sets how many days back entries may be dated or changed (admin). */
export const updateFinanceSettings = api(
  { expose: true, auth: true, method: "PATCH", path: "/finance/settings/:propertyId" },
  async (req: UpdateSettingsRequest): Promise<SettingsResponse> => {
    const { propertyId, editableDays } = parseInput(updateSettingsSchema, req);
    return days.updateSettings(caller(), propertyId, editableDays);
  },
);
