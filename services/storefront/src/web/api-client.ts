import { parseJson } from '@marketplace/json';
/** The backends the storefront server proxies to under /api/<service>/. */
export type ServiceName = 'cart' | 'products' | 'loms' | 'comments' | 'users';

/** How a failed call was authenticated, for telling a person what to do about it. */
export interface ApiErrorAuth {
  /** The call carried the visitor's access token. */
  tokenSent?: boolean;
  /** 401 with a `WWW-Authenticate: Bearer` challenge: the token is missing, expired or no longer valid. */
  tokenRefused?: boolean;
}

/** A failed call: which service, the HTTP status (0 when the storefront could not be reached). */
export class ApiError extends Error {
  readonly tokenSent: boolean;
  readonly tokenRefused: boolean;

  constructor(
    readonly service: ServiceName,
    readonly status: number,
    /** The server's own message, when it sent one. */
    readonly serverMessage: string,
    auth: ApiErrorAuth = {},
  ) {
    super(`${service} answered ${status}${serverMessage ? `: ${serverMessage}` : ''}`);
    this.name = 'ApiError';
    this.tokenSent = auth.tokenSent ?? false;
    this.tokenRefused = auth.tokenRefused ?? false;
  }
}

/** The signed-in visitor's credential, with AUTH_MODE=jwt. */
export interface ApiAuth {
  /** The access token sent as `Authorization: Bearer` on every call; undefined while signed out. */
  token(): string | undefined;
  /**
   * A call that carried `token` was answered 401 with a Bearer challenge: that token is done. (An
   * answer may come after the visitor signed in anew: the token says which session it was.)
   */
  onTokenRefused?(token: string): void;
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

/**
 * Builds `request` over `fetchImpl` (the browser's fetch by default) against `/api`. With `auth`
 * (AUTH_MODE=jwt) every call carries the visitor's token while there is one.
 */
export function createApiRequest(
  fetchImpl: typeof fetch = (...args) => fetch(...args),
  base = '/api',
  auth?: ApiAuth,
) {
  const request: ApiRequest = async <T>(service: ServiceName, path: string, options: RequestOptions = {}) => {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const token = auth?.token() || undefined;
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetchImpl(`${base}/${service}${path}`, {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
      });
    } catch {
      throw new ApiError(service, 0, '', { tokenSent: token !== undefined });
    }
    const text = await response.text().catch(() => '');
    const json = parseAnswer(text);
    if (response.ok) return json as T;
    const tokenRefused =
      response.status === 401 && /^bearer\b/i.test(response.headers.get('www-authenticate') ?? '');
    // Only a token the page sent can have run out; a refused sign-in says nothing about a session.
    if (tokenRefused && token) auth?.onTokenRefused?.(token);
    throw new ApiError(service, response.status, messageOf(json), {
      tokenSent: token !== undefined,
      tokenRefused,
    });
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
