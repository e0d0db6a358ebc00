import type { ReactNode } from "react";
import { ErrorBoundary } from "./error-boundary";

interface PanelProps {
  title: ReactNode;
  /** Plain-text name for the error fallback; defaults to the title when it is a string. */
  label?: string;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** A titled card; each panel has its own error boundary so one failure never blanks the page. */
export function Panel({ title, label, actions, children, className = "" }: PanelProps) {
  return (
    <section className={`rounded-lg border border-slate-200 bg-white shadow-sm print:border-0 print:shadow-none ${className}`}>
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <h2 className="text-base font-semibold text-slate-800">{title}</h2>
        {actions ? <div className="flex flex-wrap items-center gap-2 print:hidden">{actions}</div> : null}
      </header>
      <div className="p-4">
        <ErrorBoundary label={label ?? (typeof title === "string" ? title : "this panel")}>{children}</ErrorBoundary>
      </div>
    </section>
  );
}
