import { Component, type ErrorInfo, type ReactNode } from "react";
import { isStaleBuildError } from "@/lib/stale-build";

interface Props {
  /** Names the panel in the fallback ("Could not show Today's figures"). */
  label: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/** Contains a render failure to one panel, with a retry, so the rest of the page keeps working. */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`panel "${this.props.label}" failed`, error, info.componentStack);
  }

  render(): ReactNode {
    if (!this.state.error) return this.props.children;
    if (isStaleBuildError(this.state.error)) {
      // After a deploy the old page asks for files the server no longer has: reloading fetches the new version.
      return (
        <div role="alert" className="rounded-md border border-indigo-200 bg-indigo-50 p-4 text-sm text-indigo-900">
          <p className="font-medium">A new version of the dashboard has been installed.</p>
          <p className="mt-1">Reload to continue; what you saved is kept.</p>
          <button
            type="button"
            className="mt-2 rounded border border-indigo-300 bg-white px-3 py-1 font-medium hover:bg-indigo-100 focus-visible:outline-2 focus-visible:outline-indigo-700"
            onClick={() => window.location.reload()}
          >
            Reload
          </button>
        </div>
      );
    }
    return (
      <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800">
        <p className="font-medium">Could not show {this.props.label}.</p>
        <p className="mt-1">{this.state.error.message}</p>
        <button
          type="button"
          className="mt-2 rounded border border-red-300 bg-white px-3 py-1 font-medium hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-red-700"
          onClick={() => this.setState({ error: null })}
        >
          Try again
        </button>
      </div>
    );
  }
}
