import { errorMessage } from "@/components/status";
import { reportFileUrl, useDownloadReportFile, type ReportFile } from "@/features/reports/api/download-report-file";

/** A real link (copyable, keyboard-reachable) whose click downloads the file with the bearer token. */
export function DownloadLink({ file, children }: { file: ReportFile; children: string }) {
  const download = useDownloadReportFile();
  return (
    <span className="inline-flex items-center gap-2">
      <a
        href={reportFileUrl(file)}
        download={file.fileName}
        aria-busy={download.isPending || undefined}
        onClick={(e) => {
          e.preventDefault();
          if (!download.isPending) download.mutate(file);
        }}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        {download.isPending ? "Preparing…" : children}
      </a>
      {download.isError ? (
        <span role="alert" className="text-xs text-red-700">
          {errorMessage(download.error)}
        </span>
      ) : null}
    </span>
  );
}
