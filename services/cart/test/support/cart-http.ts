import { parseJson, stringifyJson } from '@marketplace/platform';

/**
 * One HTTP answer: status, headers, the body text and its JSON (undefined when not JSON), read with
 * `parseJson`: numbers beyond 2^53 come as strings of their exact digits, never rounded.
 */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  body: any;
}

/** An id as a test passes it: written into the path as its decimal text. */
type Id = number | bigint | string;

/** A client of the cart's HTTP API at `base`, one method per contract route plus raw requests. */
export function cartHttp(base: () => string) {
  const request = async (
    method: string,
    path: string,
    body?: string | object,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer> => {
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = typeof body === 'string' ? body : stringifyJson(body);
    const res = await fetch(`${base()}${path}`, init);
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? parseJson(text) : undefined;
    } catch {}
    return { status: res.status, headers: res.headers, text, body: json };
  };
  const json = { 'content-type': 'application/json' };
  return {
    request,
    add: (user: Id, sku: Id, count: unknown) => request('POST', `/user/${user}/cart/${sku}`, { count }, json),
    remove: (user: Id, sku: Id) => request('DELETE', `/user/${user}/cart/${sku}`),
    clear: (user: Id) => request('DELETE', `/user/${user}/cart`),
    list: (user: Id) => request('GET', `/user/${user}/cart`),
    checkout: (user: Id) => request('POST', `/checkout/${user}`),
  };
}

export type CartHttp = ReturnType<typeof cartHttp>;
