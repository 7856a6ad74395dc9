import { matchPathTemplate, type PathTemplate } from './path-template.ts';

/** What the router needs of a route; generic so the matcher stays testable without descriptors. */
export interface Routable {
  readonly httpMethod: string;
  readonly template: PathTemplate;
}

/** The outcome of routing a request. */
export type RouteMatch<R extends Routable> =
  | { readonly kind: 'found'; readonly route: R; readonly params: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'none' };

/** Routes requests to the most specific matching template (literals beat `*`, `*` beats `**`). */
export interface Router<R extends Routable> {
  match(httpMethod: string, pathname: string): RouteMatch<R>;
}

/** Creates a router over the routes; on equal specificity the earlier route wins. */
export function createRouter<R extends Routable>(routes: readonly R[]): Router<R> {
  const ordered = routes
    .map((route, index) => ({ route, index, rank: rank(route.template) }))
    .sort((a, b) => compareRanks(a.rank, b.rank) || a.index - b.index)
    .map((r) => r.route);
  return {
    match(httpMethod, pathname) {
      const allow = new Set<string>();
      for (const route of ordered) {
        const params = matchPathTemplate(route.template, pathname);
        if (params === undefined) continue;
        if (route.httpMethod === httpMethod) return { kind: 'found', route, params };
        allow.add(route.httpMethod);
      }
      return allow.size > 0 ? { kind: 'method-not-allowed', allow: [...allow].sort() } : { kind: 'none' };
    },
  };
}

const WEIGHT = { literal: 0, wildcard: 1, deep: 2 } as const;

/** Per-segment weights (lower is more specific), then a verb before no verb. */
function rank(template: PathTemplate): number[] {
  return [...template.segments.map((s) => WEIGHT[s.kind]), template.verb === undefined ? 1 : 0];
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return b.length - a.length;
}
