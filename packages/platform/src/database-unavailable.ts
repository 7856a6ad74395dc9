/**
 * SQLSTATEs of a database that cannot serve now but may in a moment: connection exceptions (class
 * 08), shutting down or starting up (57P01-57P03), out of connections (53300).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/** Socket errors of a connection refused, cut or timed out. */
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

/** What pg and pg-pool throw, without a code, when no connection can be had or one was lost. */
const CONNECTION_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
];

/**
 * Whether an error means the database is unreachable, restarting or out of connections (a pool
 * that waited its whole connection timeout included): a fault the caller may retry, answered as
 * Unavailable, never as an internal error.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || SOCKET_ERRORS.has(code))) return true;
  return CONNECTION_MESSAGES.some((message) => err.message.startsWith(message));
}
