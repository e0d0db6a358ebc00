import { errorMessage } from "../../../components/status";
import { exportCsvUrl, useDownloadExportCsv, type ExportRange } from "../api/export-csv";

/** A real link (copyable, keyboard-reachable) whose click downloads with the bearer token. */
export function ExportCsvLink({ range, fileName }: { range: ExportRange; fileName: string }) {
  const download = useDownloadExportCsv();
  return (
    <span className="inline-flex items-center gap-2">
      <a
        href={exportCsvUrl(range)}
        download={fileName}
        aria-busy={download.isPending || undefined}
        onClick={(e) => {
          e.preventDefault();
          if (!download.isPending) download.mutate({ range, fileName });
        }}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        {download.isPending ? "Preparing CSV…" : "Export CSV"}
      </a>
      {download.isError ? (
        <span role="alert" className="text-xs text-red-700">
          {errorMessage(download.error)}
        </span>
      ) : null}
    </span>
  );
}
