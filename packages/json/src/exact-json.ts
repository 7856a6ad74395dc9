/**
 * JSON that keeps int64 exact. `JSON.parse` reads every number as a double, so a Go client's
 * `rand.Int63()` id (almost always above 2^53) would come out as a different id. Here, before the
 * native parser runs, every number literal a double cannot hold exactly is turned into a string of
 * the same digits: the protobuf JSON mapping reads int64 and double fields from strings too, and
 * {@link readInt64} reads them for hand-written JSON routes. A `JSON.parse` reviver reading each
 * number's source text would do the same, but it ran about 3 times slower than this rewrite and
 * parse, and Connect's JSON handler takes text, not parsed values.
 */

/** A JSON object names the same key twice (see {@link protectLargeNumbers}). */
export class DuplicateKeyError extends SyntaxError {
  constructor(readonly key: string) {
    super(`JSON object has the key ${JSON.stringify(key)} twice`);
    this.name = 'DuplicateKeyError';
  }
}

/** Largest magnitude at which every integer is exact in a double (2^53 - 1). */
const EXACT_LIMIT = 2 ** 53 - 1;

/**
 * Deepest nesting of arrays and objects accepted. No message of ours nests past a handful of levels;
 * 100,000 nested `[` would otherwise make the parser build as many arrays before anyone looks.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Rewrites JSON text so that number literals a double would round (integers beyond ±(2^53 - 1), and
 * any literal whose value is that large) become strings of the same text. Everything else, including
 * malformed input, is left as it is for `JSON.parse` to judge. Throws a SyntaxError for nesting
 * deeper than {@link MAX_JSON_DEPTH}, and for an object that names a key twice: `JSON.parse` would
 * keep the last, while another reader of the same text (a proxy, a client in another language) may
 * take the first, so the text is refused rather than read one way here.
 */
export function protectLargeNumbers(text: string): string {
  let out: string[] | undefined;
  let copiedUpTo = 0;
  let depth = 0;
  // The keys seen so far in each open object (null for an array), innermost last.
  const keys: Array<Set<string> | null> = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = skipString(text, i);
      const inObject = keys.at(-1);
      if (inObject && nextNonSpace(text, end) === COLON) {
        const key = keyText(text.slice(i, end));
        if (inObject.has(key)) throw new DuplicateKeyError(key);
        inObject.add(key);
      }
      i = end;
      continue;
    }
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) throw new SyntaxError(`JSON nests deeper than ${MAX_JSON_DEPTH} levels`);
      keys.push(c === 0x7b ? new Set() : null);
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
      keys.pop();
    }
    if (c !== MINUS && !isDigit(c)) {
      i++;
      continue;
    }
    const end = numberEnd(text, i);
    if (end < 0) {
      i++;
      continue;
    }
    const literal = text.slice(i, end);
    if (Math.abs(Number(literal)) > EXACT_LIMIT) {
      out ??= [];
      out.push(text.slice(copiedUpTo, i), '"', literal, '"');
      copiedUpTo = end;
    }
    i = end;
  }
  if (out === undefined) return text;
  out.push(text.slice(copiedUpTo));
  return out.join('');
}

/** `JSON.parse` without rounding: numbers a double cannot hold exactly arrive as strings. */
export function parseJson(text: string): unknown {
  return JSON.parse(protectLargeNumbers(text));
}

/** `JSON.stringify` for plain data where `bigint` values are written as exact JSON numbers. */
export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, (_key, item) =>
    typeof item === 'bigint' ? JSON.rawJSON(item.toString()) : item,
  );
}

// JSON.rawJSON (Node 22+, current browsers) is not in TypeScript's lib yet.
declare global {
  interface JSON {
    rawJSON(text: string): object;
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL = /^-?(0|[1-9]\d*)$/;

/**
 * Reads an int64 from parsed JSON: a number that is an exact integer, a decimal string (as
 * {@link parseJson} leaves large numbers, or as protobuf JSON sends int64), or a bigint.
 * Returns undefined for anything else or for a value outside the int64 range.
 */
export function readInt64(value: unknown): bigint | undefined {
  let result: bigint;
  if (typeof value === 'bigint') result = value;
  else if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= EXACT_LIMIT)
    result = BigInt(value);
  else if (typeof value === 'string' && DECIMAL.test(value)) result = BigInt(value);
  else return undefined;
  return result >= INT64_MIN && result <= INT64_MAX ? result : undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const DOT = 0x2e;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

const COLON = 0x3a;

/** The character code of the first non-whitespace character at or after `from` (NaN at the end). */
function nextNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return c;
    i++;
  }
  return Number.NaN;
}

/** A key as JSON.parse reads it (`"\u0061"` is `a`); malformed ones as written, for JSON.parse to refuse. */
function keyText(literal: string): string {
  if (!literal.includes('\\')) return literal.slice(1, -1);
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal;
  }
}

/** Index just past the string starting at `start` (a quote), or the end of text if unterminated. */
function skipString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i += 2;
    else if (c === QUOTE) return i + 1;
    else i++;
  }
  return text.length;
}

/**
 * End of the JSON number (strict grammar: `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`) starting at
 * `start`, or -1 when none starts there or it runs into letters or digits (`0123`, `12abc`).
 */
function numberEnd(text: string, start: number): number {
  let i = start;
  if (text.charCodeAt(i) === MINUS) i++;
  if (text.charCodeAt(i) === 0x30) i++;
  else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i++;
  else return -1;
  if (text.charCodeAt(i) === DOT) {
    i++;
    if (!isDigit(text.charCodeAt(i))) return -1;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === MINUS) i++;
    if (!isDigit(text.charCodeAt(i))) return -1;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const next = text.charCodeAt(i);
  if (isDigit(next) || (next >= 0x41 && next <= 0x5a) || (next >= 0x61 && next <= 0x7a) || next === DOT)
    return -1;
  return i;
}
