import { useMutation } from "@tanstack/react-query";
import { apiPaths } from "../../../config/api-paths";
import { apiRequest, buildUrl } from "../../../lib/api-client";

export interface ExportRange {
  propertyId: string;
  from: string;
  to: string;
}

/** The export URL (shown as the link's href; the download itself sends the bearer token). */
export function exportCsvUrl({ propertyId, from, to }: ExportRange): string {
  return buildUrl(apiPaths.reports.exportCsv, { propertyId, from, to });
}

/** Downloads the CSV with the caller's token and hands it to the browser as a file. */
export async function downloadExportCsv(range: ExportRange, fileName: string): Promise<void> {
  const blob = await apiRequest<Blob>(apiPaths.reports.exportCsv, { query: { ...range }, responseType: "blob", headers: { Accept: "text/csv" } });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function useDownloadExportCsv() {
  return useMutation({ mutationFn: ({ range, fileName }: { range: ExportRange; fileName: string }) => downloadExportCsv(range, fileName) });
}
