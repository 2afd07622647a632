import { LRUCache } from 'lru-cache';
import { matchRoutes, type RouteObject } from 'react-router';
import type { ServerBuild } from 'react-router';

/** The routes the server itself answers, by the start of their path. */
const SERVER_ROUTES: [RegExp, string][] = [
  [/^\/graphql(\/|$)/, '/graphql'],
  [/^\/socket\.io(\/|$)/, '/socket.io/*'],
  [/^\/healthz$/, '/healthz'],
  [/^\/readyz$/, '/readyz'],
  [/^\/metrics$/, '/metrics'],
  [/^\/assets\//, '/assets/*'],
];

/**
 * The route a request path belongs to, as a pattern (`/wiki/:slug`, never `/wiki/emerging-issues`),
 * for the request log and the metrics' `route` label: as many values as there are routes, however
 * many pages the wiki has or addresses people try. Web pages are matched against React Router's
 * own route table (from the server build, with its ranking); the answer for each path is kept
 * (up to 5000 paths), so a repeated page costs one map lookup.
 */
export class RouteLabels {
  private pageRoutes: RouteObject[] = [];
  private readonly known = new LRUCache<string, string>({ max: 5000 });

  /** The web client's routes, from its server build (web-client.ts). */
  usePages(build: Pick<ServerBuild, 'routes'>): void {
    const byParent = new Map<string | undefined, RouteObject[]>();
    for (const route of Object.values(build.routes)) {
      if (!route) continue;
      const siblings = byParent.get(route.parentId) ?? [];
      siblings.push({ id: route.id, path: route.path, index: route.index, caseSensitive: route.caseSensitive } as RouteObject);
      byParent.set(route.parentId, siblings);
    }
    const attach = (routes: RouteObject[]): RouteObject[] =>
      routes.map((route) => {
        const children = byParent.get(route.id);
        return children ? ({ ...route, children: attach(children) } as RouteObject) : route;
      });
    this.pageRoutes = attach(byParent.get(undefined) ?? []);
    this.known.clear();
  }

  of(path: string): string {
    const kept = this.known.get(path);
    if (kept !== undefined) return kept;
    const label = this.match(path);
    this.known.set(path, label);
    return label;
  }

  private match(path: string): string {
    for (const [pattern, label] of SERVER_ROUTES) if (pattern.test(path)) return label;
    // React Router's data requests: /wiki/x.data for /wiki/x, /_root.data for /.
    const data = path.endsWith('.data');
    const page = data ? (path === '/_root.data' ? '/' : path.slice(0, -'.data'.length)) : path;
    const matches = this.pageRoutes.length > 0 ? matchRoutes(this.pageRoutes, page) : null;
    if (!matches) return 'unmatched';
    const pattern = `/${matches
      .map((match) => match.route.path ?? '')
      .filter(Boolean)
      .join('/')}`.replace(/\/+/g, '/');
    // The not-found route also answers paths to files that are not there.
    const label = pattern === '/*' && /\.[a-z0-9]+$/i.test(page) ? '/{file}' : pattern;
    return data ? `${label}.data` : label;
  }
}
