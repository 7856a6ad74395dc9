import { parseJson } from '@marketplace/platform/exact-json';
/** The backends the storefront server proxies to under /api/<service>/. */
export type ServiceName = 'cart' | 'products' | 'loms' | 'comments';

/** A failed call: which service, the HTTP status (0 when the storefront could not be reached). */
export class ApiError extends Error {
  constructor(
    readonly service: ServiceName,
    readonly status: number,
    /** The server's own message, when it sent one. */
    readonly serverMessage: string,
  ) {
    super(`${service} answered ${status}${serverMessage ? `: ${serverMessage}` : ''}`);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
}

/** Calls one backend through the storefront; resolves with the parsed JSON (undefined when empty). */
export type ApiRequest = <T>(service: ServiceName, path: string, options?: RequestOptions) => Promise<T>;

/** The server answers within its own upstream deadline; this one only guards a lost connection. */
const CLIENT_TIMEOUT_MS = 15_000;

/** Builds `request` over `fetchImpl` (the browser's fetch by default) against `/api`. */
export function createApiRequest(fetchImpl: typeof fetch = (...args) => fetch(...args), base = '/api') {
  const request: ApiRequest = async <T>(service: ServiceName, path: string, options: RequestOptions = {}) => {
    let response: Response;
    try {
      response = await fetchImpl(`${base}/${service}${path}`, {
        method: options.method ?? 'GET',
        headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
      });
    } catch {
      throw new ApiError(service, 0, '');
    }
    const text = await response.text().catch(() => '');
    const json = parseAnswer(text);
    if (!response.ok) throw new ApiError(service, response.status, messageOf(json));
    return json as T;
  };
  return request;
}

/** Answers parsed without rounding: the cart writes int64 skus and order ids as JSON numbers. */
function parseAnswer(text: string): unknown {
  if (text === '') return undefined;
  try {
    return parseJson(text);
  } catch {
    return undefined;
  }
}

function messageOf(json: unknown): string {
  if (typeof json !== 'object' || json === null) return '';
  const { message } = json as { message?: unknown };
  return typeof message === 'string' ? message : '';
}
