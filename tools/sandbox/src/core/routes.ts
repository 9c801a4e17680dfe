/**
 * The route table every emulator's routes.ts declares: paths with `:param` segments, one handler per method. The
 * first path that matches wins; a method its path does not list is "no such route" (the emulator answers 404 in
 * the service's own error shape). Trailing slashes are ignored.
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type Route<H> = { path: string } & Partial<Record<Method, H>>;

export interface RouteMatch<H> {
  handler: H;
  /** Path parameters by name (`/items/:id` → `id`). */
  params: Record<string, string>;
}

/** Compiles `routes` once; the returned function finds the handler of a method and path. */
export function routeTable<H>(routes: ReadonlyArray<Route<H>>): (method: string, path: string) => RouteMatch<H> | undefined {
  const compiled = routes.map((route) => ({ route, pattern: new RegExp(`^${route.path.replace(/:(\w+)/g, '(?<$1>[^/]+)')}$`) }));
  return (method, path) => {
    const p = path.replace(/\/+$/, '');
    for (const { route, pattern } of compiled) {
      const m = p.match(pattern);
      if (!m) continue;
      const handler = route[method as Method];
      return handler ? { handler, params: { ...m.groups } } : undefined;
    }
    return undefined;
  };
}
