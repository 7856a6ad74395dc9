import type { AnswerProtocol } from './cases.ts';
import { rstName } from './h2-client.ts';
import type { Answer } from './http1-raw.ts';

/** What one answer means for the report and the invariants. */
export interface Verdict {
  /** The table's key: HTTP status (`404`), gRPC status (`g3`, or `415/g13` off a 200), or what went wrong (`reset`). */
  key: string;
  /** Set when the answer breaks "no 5xx": why. */
  failure?: string;
  /** A 503/504 (gRPC UNAVAILABLE/DEADLINE_EXCEEDED) that says it is a timeout or overload. */
  unavailable?: boolean;
  /**
   * A 501 whose body is the protocol's Unimplemented error (Connect `unimplemented`, REST code 12):
   * what the Connect specification requires for an unsupported content-encoding. Reported apart.
   */
  unimplemented?: boolean;
  /** Answered by a per-client or per-key rate limit (429 or RESOURCE_EXHAUSTED with Retry-After). */
  rateLimited?: boolean;
  /** No answer: connection reset or closed, stream refused or reset, or the client gave up. */
  noAnswer?: 'reset' | 'timeout' | 'other';
}

const FAILING_GRPC = new Map([
  [2, 'UNKNOWN'],
  [13, 'INTERNAL'],
  [15, 'DATA_LOSS'],
]);

/**
 * Stream resets that mean the server failed rather than refused: a gRPC client reads them as
 * INTERNAL. FRAME_SIZE_ERROR: the server could not send its own header block (too large, e.g. a
 * grpc-message echoing a huge value); INTERNAL_ERROR: the handler's stream failed. Not counted in a
 * flood, where the server ending the whole connection resets every stream on it by design.
 */
const FAILING_RESETS = new Map([
  [2, 'INTERNAL_ERROR'],
  [6, 'FRAME_SIZE_ERROR'],
]);

export function judge(answer: Answer, protocol: AnswerProtocol, options: { flood?: boolean } = {}): Verdict {
  if (protocol === 'h2-raw') return judgeRawH2(answer);
  if (answer.status === undefined) {
    const error = answer.error ?? 'closed';
    const verdict: Verdict = {
      key: answer.rstCode !== undefined ? `rst:${rstName(answer.rstCode)}` : error,
      noAnswer:
        error === 'timeout'
          ? 'timeout'
          : error === 'reset' || answer.rstCode !== undefined
            ? 'reset'
            : 'other',
    };
    const reset = answer.rstCode === undefined ? undefined : FAILING_RESETS.get(answer.rstCode);
    if (reset && !options.flood)
      verdict.failure = `stream reset with ${reset} and no status (gRPC clients see INTERNAL)`;
    return verdict;
  }
  const status = answer.status;
  const grpc = grpcStatusOf(answer, protocol);
  const retryAfter = answer.headers['retry-after'] !== undefined;
  if (grpc !== undefined) {
    const key = status === 200 ? `g${grpc.code}` : `${status}/g${grpc.code}`;
    const verdict: Verdict = { key, rateLimited: retryAfter && grpc.code === 8 };
    if (FAILING_GRPC.has(grpc.code))
      verdict.failure = `gRPC ${FAILING_GRPC.get(grpc.code)}: ${grpc.message ?? ''}`.trim();
    else if (status >= 500) verdict.failure = `HTTP ${status} with grpc-status ${grpc.code}`;
    else if (grpc.code === 4 || grpc.code === 14) verdict.unavailable = true;
    return verdict;
  }
  // What the server answered in, whatever the request claimed to be.
  const grpcFamily = (answer.headers['content-type'] ?? '').startsWith('application/grpc');
  if (grpcFamily && status === 200) {
    // A gRPC answer must end with a status; without one a client reads UNKNOWN or INTERNAL.
    const how = answer.rstCode !== undefined ? `rst:${rstName(answer.rstCode)}` : (answer.error ?? 'ended');
    const verdict: Verdict = { key: `200/no-status/${how}` };
    if (answer.error === 'timeout') verdict.noAnswer = 'timeout';
    else verdict.failure = `gRPC answer without grpc-status (${how}): clients see UNKNOWN or INTERNAL`;
    return verdict;
  }
  const verdict: Verdict = { key: String(status), rateLimited: retryAfter && status === 429 };
  if (status >= 500) {
    if ((status === 503 || status === 504) && saysTimeoutOrOverload(answer)) verdict.unavailable = true;
    else if (status === 501 && saysUnimplemented(answer)) verdict.unimplemented = true;
    else verdict.failure = `HTTP ${status}: ${answer.body.subarray(0, 200).toString('utf8')}`;
  }
  if (answer.error === 'truncated') verdict.key += ' (cut)';
  return verdict;
}

function judgeRawH2(answer: Answer): Verdict {
  const goaway = /goaway=(\w+)/.exec(answer.detail ?? '')?.[1];
  // After the observation window the server may still hold the connection open: that is no failure.
  const key = goaway
    ? `goaway:${goaway}`
    : answer.error === undefined
      ? 'h2-headers'
      : answer.error === 'timeout'
        ? 'still-open'
        : answer.error;
  const verdict: Verdict = { key };
  if (answer.error === 'reset') verdict.noAnswer = 'reset';
  return verdict;
}

/** The gRPC status of a gRPC or gRPC-Web answer (headers, trailers or the gRPC-Web trailer frame). */
function grpcStatusOf(
  answer: Answer,
  protocol: AnswerProtocol,
): { code: number; message?: string } | undefined {
  const fromHeaders = (h: Record<string, string>) =>
    h['grpc-status'] !== undefined
      ? { code: Number(h['grpc-status']), message: decode(h['grpc-message']) }
      : undefined;
  const direct = fromHeaders(answer.trailers) ?? fromHeaders(answer.headers);
  if (direct) return direct;
  const contentType = answer.headers['content-type'] ?? '';
  if (
    !contentType.startsWith('application/grpc-web') &&
    protocol !== 'grpc-web' &&
    protocol !== 'grpc-web-text'
  )
    return undefined;
  let body = answer.body;
  if (contentType.startsWith('application/grpc-web-text') || (protocol === 'grpc-web-text' && !contentType))
    body = Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
  let at = 0;
  while (at + 5 <= body.length) {
    const flags = body[at]!;
    const length = body.readUInt32BE(at + 1);
    const payload = body.subarray(at + 5, at + 5 + length);
    if (flags & 0x80) {
      const trailers: Record<string, string> = {};
      for (const line of payload.toString('latin1').split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      return fromHeaders(trailers);
    }
    at += 5 + length;
  }
  return undefined;
}

function decode(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Whether a 501 is the protocol's Unimplemented error rather than a server failure. */
function saysUnimplemented(answer: Answer): boolean {
  try {
    const body = JSON.parse(answer.body.subarray(0, 2000).toString('utf8')) as { code?: unknown };
    return body.code === 'unimplemented' || body.code === 12;
  } catch {
    return false;
  }
}

/** Whether a 503/504 says what it is: a timeout, a deadline, overload or a bounded backlog. */
function saysTimeoutOrOverload(answer: Answer): boolean {
  if (answer.headers['retry-after'] !== undefined) return true;
  const text = answer.body.subarray(0, 2000).toString('utf8');
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown };
    if ([4, 8, 14, 'deadline_exceeded', 'unavailable', 'resource_exhausted'].includes(body.code as never))
      return true;
    if (typeof body.message === 'string' && OVERLOAD_WORDS.test(body.message)) return true;
  } catch {}
  return OVERLOAD_WORDS.test(text);
}

const OVERLOAD_WORDS = /time(d)? ?out|deadline|overload|backlog|busy|did not answer|unavailable/i;
