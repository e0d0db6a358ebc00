import { QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { RouterProvider } from "react-router";
import { Notifications } from "@/components/notifications";
import { setAuthFailureHandler, startBackgroundRefresh } from "@/lib/api-client";
import { createQueryClient } from "@/lib/query-client";
import { createAppRouter } from "./router";

/** Providers, router and the background token refresh. */
export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createAppRouter);

  useEffect(() => {
    // Navigate inside the SPA (no reload) when the session cannot be renewed.
    setAuthFailureHandler((url) => {
      queryClient.clear();
      void router.navigate(url, { replace: true });
    });
    return startBackgroundRefresh();
  }, [queryClient, router]);

  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
      <Notifications />
    </QueryClientProvider>
  );
}
