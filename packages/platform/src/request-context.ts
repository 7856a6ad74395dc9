import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

const storage = new AsyncLocalStorage<{ requestId: string }>();
const VALID_ID = /^[\w.:-]{1,128}$/;

/** The caller's X-Request-Id when it is a sane token, otherwise a new one. */
export function requestIdFrom(header: string | string[] | null | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && VALID_ID.test(given) ? given : randomUUID();
}

/** Runs `work` with `requestId` visible to every log line written inside it. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work);
}

/** The request id of the request being handled, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
