/** Statuses that carry no body, so the JSON answer is left out. */
const BODYLESS = new Set([204, 205]);

/** Whether the status is answered without a body (204, 205). */
export function isBodyless(status: number): boolean {
  return BODYLESS.has(status);
}
