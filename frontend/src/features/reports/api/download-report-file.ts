import { useMutation } from "@tanstack/react-query";
import { apiRequest, buildUrl } from "@/lib/api-client";

/** A link the dashboard builds to a raw CSV/PDF endpoint (UI-only: raw endpoints declare no response type). */
export interface ReportFile {
  path: string;
  query: Record<string, string>;
  fileName: string;
  accept: string;
}

/** The file's URL (the link's href; the download itself sends the bearer token). */
export function reportFileUrl(f: ReportFile): string {
  return buildUrl(f.path, f.query);
}

/** Downloads a report file (CSV, PDF) with the caller's token and hands it to the browser. */
export async function downloadReportFile(f: ReportFile): Promise<void> {
  const blob = await apiRequest<Blob>(f.path, { query: f.query, responseType: "blob", headers: { Accept: f.accept } });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = f.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function useDownloadReportFile() {
  return useMutation({ mutationFn: downloadReportFile });
}
