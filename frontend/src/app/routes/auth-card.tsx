import { useEffect, type ReactNode } from "react";

/** Centered card for the signed-out pages. */
export function AuthCard({ title, children, footer }: { title: string; children: ReactNode; footer: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Hotel finance`;
  }, [title]);
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <p className="text-sm font-medium text-indigo-700">Hotel finance</p>
        <h1 className="mb-5 text-2xl font-semibold">{title}</h1>
        {children}
        <p className="mt-5 text-sm text-slate-600">{footer}</p>
      </div>
    </main>
  );
}
