import { DuplicateKeyError, InvalidArgumentError, parseJson, stringifyJson } from '@marketplace/platform';
import type { FastifyInstance } from 'fastify';

/** Deepest nesting a body may have; the cart only takes `{"count": N}` (depth 1). */
export const MAX_BODY_DEPTH = 16;

/**
 * JSON in and out without rounding. Bodies must be UTF-8 and are read with `parseJson` (numbers a double cannot hold
 * arrive as strings of their digits, never rounded) whatever their content type (curl's default
 * form type included, as the REST gateway of the other services does); text that is not JSON, or
 * nested deeper than {@link MAX_BODY_DEPTH}, is a 400. Answers are written with `stringifyJson`, so
 * bigint ids and totals are exact JSON numbers (`"sku":9223372036854775807`).
 */
export function installExactJson(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, readJsonBody(decodeUtf8(body as Buffer)));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.setReplySerializer((payload) => stringifyJson(payload));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text; bytes that are not UTF-8 are refused rather than read as replacement characters. */
function decodeUtf8(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new InvalidArgumentError('invalid body: not valid UTF-8');
  }
}

/** The parsed body; undefined for an empty one. Throws InvalidArgumentError for anything else. */
export function readJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  if (nestingDepth(text) > MAX_BODY_DEPTH)
    throw new InvalidArgumentError(`invalid body: JSON nested deeper than ${MAX_BODY_DEPTH} levels`);
  try {
    return parseJson(text);
  } catch (err) {
    if (err instanceof DuplicateKeyError) throw new InvalidArgumentError(`invalid body: ${err.message}`);
    throw new InvalidArgumentError('invalid body: not valid JSON');
  }
}

/** Deepest `[`/`{` nesting of JSON text, brackets inside strings not counted; stops once past the bound. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > MAX_BODY_DEPTH) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
