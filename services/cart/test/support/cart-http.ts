/** One HTTP answer: status, headers, the body text and its JSON (undefined when not JSON). */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  body: any;
}

/** A client of the cart's HTTP API at `base`, one method per contract route plus raw requests. */
export function cartHttp(base: () => string) {
  const request = async (
    method: string,
    path: string,
    body?: string | object,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer> => {
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await fetch(`${base()}${path}`, init);
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: res.status, headers: res.headers, text, body: json };
  };
  const json = { 'content-type': 'application/json' };
  return {
    request,
    add: (user: number | string, sku: number | string, count: unknown) =>
      request('POST', `/user/${user}/cart/${sku}`, { count }, json),
    remove: (user: number | string, sku: number | string) => request('DELETE', `/user/${user}/cart/${sku}`),
    clear: (user: number | string) => request('DELETE', `/user/${user}/cart`),
    list: (user: number | string) => request('GET', `/user/${user}/cart`),
    checkout: (user: number | string) => request('POST', `/checkout/${user}`),
  };
}

export type CartHttp = ReturnType<typeof cartHttp>;
