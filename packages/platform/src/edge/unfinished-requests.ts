import type http2 from 'node:http2';
import { Code, ConnectError } from '@connectrpc/connect';
import { answerEarly } from './early-answer.ts';

/**
 * Bounds the HTTP/2 requests of a process whose body is still arriving, over all sessions. Each
 * costs its stream, request, response and call context (tens of KB of heap) plus what arrived of
 * its message, and a client can open 100 per connection on as many connections as it likes, send
 * part of each message and wait for the read timeout: thousands of them take gigabytes. Beyond the
 * limit a new request is answered Unavailable (retryable) at once and its stream reset. A normal
 * request is unfinished only for the moment its body takes to arrive.
 */
export function createUnfinishedRequestLimit(maxUnfinished: number) {
  let unfinished = 0;
  return {
    /** Counts the request until its body ends or its stream closes; false when it answered instead. */
    admit(req: http2.Http2ServerRequest, res: http2.Http2ServerResponse): boolean {
      if (req.complete) return true;
      if (unfinished >= maxUnfinished) {
        const message = `server busy: ${maxUnfinished} requests are still sending their body, try again`;
        answerEarly(req, res, new ConnectError(message, Code.Unavailable), { 'retry-after': '1' });
        return false;
      }
      unfinished++;
      let counted = true;
      const done = () => {
        if (counted) unfinished--;
        counted = false;
      };
      req.once('end', done);
      req.stream.once('close', done);
      return true;
    },
    get unfinished() {
      return unfinished;
    },
  };
}
