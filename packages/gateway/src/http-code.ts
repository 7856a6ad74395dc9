/**
 * Response header a handler sets to choose the HTTP success status of a REST route (grpc-gateway's
 * convention), e.g. `202`. The gateway answers with it and never copies it to the HTTP response.
 */
export const HTTP_CODE_HEADER = 'x-http-code';

/** Statuses that carry no body, so the JSON answer is left out. */
const BODYLESS = new Set([204, 205]);

/**
 * The success status a handler asked for in `x-http-code`: a 2xx status, otherwise (absent or
 * anything else, since errors have their own codes) 200.
 */
export function successStatus(header: Headers | undefined): number {
  const value = header?.get(HTTP_CODE_HEADER)?.trim();
  return value !== undefined && /^2\d\d$/.test(value) ? Number(value) : 200;
}

/** Whether the status is answered without a body (204, 205). */
export function isBodyless(status: number): boolean {
  return BODYLESS.has(status);
}
