// Standalone `encore.dev/log`: structured JSON lines, one per entry, filtered
// by LOG_LEVEL (trace|debug|info|warn|error; default info).
export type FieldValue = string | number | boolean | null | undefined | Date | FieldValue[] | { [key: string]: FieldValue };
export type FieldsObject = Record<string, FieldValue>;

export enum LogLevel { Trace = "trace", Debug = "debug", Info = "info", Warn = "warn", Error = "error" }
const rank: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

function threshold(): number {
  const env = (process.env.LOG_LEVEL ?? "info").toLowerCase() as LogLevel;
  return rank[env] ?? rank.info;
}

function describeError(err: unknown): FieldsObject {
  if (err instanceof Error) return { error: err.message, errorName: err.name, stack: err.stack };
  return { error: String(err) };
}

class Logger {
  constructor(private readonly base: FieldsObject = {}, private readonly minLevel?: LogLevel) {}

  with(fields: FieldsObject): Logger { return new Logger({ ...this.base, ...fields }, this.minLevel); }
  withLevel(level: LogLevel): Logger { return new Logger(this.base, level); }

  trace(msg: string, fields?: FieldsObject) { this.write(LogLevel.Trace, msg, fields); }
  debug(msg: string, fields?: FieldsObject) { this.write(LogLevel.Debug, msg, fields); }
  info(msg: string, fields?: FieldsObject) { this.write(LogLevel.Info, msg, fields); }
  warn(errOrMsg: unknown, msgOrFields?: string | FieldsObject, fields?: FieldsObject) { this.writeErr(LogLevel.Warn, errOrMsg, msgOrFields, fields); }
  error(errOrMsg: unknown, msgOrFields?: string | FieldsObject, fields?: FieldsObject) { this.writeErr(LogLevel.Error, errOrMsg, msgOrFields, fields); }

  private writeErr(level: LogLevel, errOrMsg: unknown, msgOrFields?: string | FieldsObject, fields?: FieldsObject) {
    if (typeof errOrMsg === "string") return this.write(level, errOrMsg, msgOrFields as FieldsObject | undefined);
    const msg = typeof msgOrFields === "string" ? msgOrFields : describeError(errOrMsg).error as string;
    const extra = typeof msgOrFields === "string" ? fields : msgOrFields;
    this.write(level, msg, { ...describeError(errOrMsg), ...extra });
  }

  private write(level: LogLevel, msg: string, fields?: FieldsObject) {
    const min = this.minLevel ? rank[this.minLevel] : threshold();
    if (rank[level] < min) return;
    const line = JSON.stringify({ level, time: new Date().toISOString(), message: msg, ...this.base, ...fields });
    (rank[level] >= rank.warn ? process.stderr : process.stdout).write(line + "\n");
  }
}

const log = new Logger();
export type { Logger };
export default log;
export const trace = log.trace.bind(log);
export const debug = log.debug.bind(log);
export const info = log.info.bind(log);
export const warn = log.warn.bind(log);
export const error = log.error.bind(log);
