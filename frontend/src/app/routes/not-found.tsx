import { Link } from "react-router";
import { PageHeader } from "@/components/page-header";
import { paths } from "@/config/paths";

export function NotFoundRoute() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p className="text-sm">
        <Link to={paths.today} className="font-medium text-indigo-700 underline">
          Back to Today
        </Link>
      </p>
    </>
  );
}
