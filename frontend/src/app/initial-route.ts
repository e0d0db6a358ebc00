// A reload on a dashboard route is served backend/web/site/spa-fallback.html,
// which sends the browser to "/?route=<the route>": put the route back in the
// address bar before the router reads it.
export function restoreInitialRoute(location: Location = window.location, history: History = window.history): void {
  const route = new URLSearchParams(location.search).get("route");
  // Only a path of this origin: never let the parameter point elsewhere ("//evil.example").
  if (location.pathname === "/" && route && route.startsWith("/") && !route.startsWith("//")) history.replaceState(history.state, "", route);
}
