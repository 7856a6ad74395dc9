/** One segment of a google.api.http path template. */
export type TemplateSegment =
  | { readonly kind: 'literal'; readonly value: string }
  /** `*`: exactly one non-empty segment. */
  | { readonly kind: 'wildcard' }
  /** `**`: the rest of the path, zero or more segments (only allowed last). */
  | { readonly kind: 'deep' };

/** A variable binds template segments `[start, end)` to a field path of the request message. */
export interface TemplateVariable {
  readonly fieldPath: string;
  readonly start: number;
  readonly end: number;
}

/** A parsed path template, e.g. `/v1/{name=shelves/*}/books:batchGet`. */
export interface PathTemplate {
  readonly source: string;
  readonly segments: readonly TemplateSegment[];
  readonly variables: readonly TemplateVariable[];
  readonly verb: string | undefined;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LITERAL = /^[^/{}*=:]+$/;

/**
 * Parses a path template per the google.api.http grammar:
 * `"/" Segments [":" Verb]`, where a segment is `*`, `**`, a literal, or `{field.path[=Segments]}`.
 * Throws an Error naming the template when it is malformed.
 */
export function parsePathTemplate(source: string): PathTemplate {
  const fail = (why: string): never => {
    throw new Error(`invalid path template "${source}": ${why}`);
  };
  if (!source.startsWith('/')) fail('must start with "/"');
  const { path, verb } = splitVerb(source.slice(1));
  if (verb !== undefined && !LITERAL.test(verb)) fail(`bad verb "${verb}"`);
  const segments: TemplateSegment[] = [];
  const variables: TemplateVariable[] = [];
  for (const part of splitOutsideBraces(path)) {
    if (part.startsWith('{')) {
      if (!part.endsWith('}')) fail(`unclosed variable "${part}"`);
      const [fieldPath = '', pattern = '*'] = part.slice(1, -1).split('=', 2);
      if (!fieldPath.split('.').every((p) => IDENT.test(p))) fail(`bad field path "${fieldPath}"`);
      if (variables.some((v) => v.fieldPath === fieldPath)) fail(`"${fieldPath}" is bound twice`);
      const start = segments.length;
      for (const inner of pattern.split('/')) segments.push(parseSegment(inner, fail));
      variables.push({ fieldPath, start, end: segments.length });
    } else {
      segments.push(parseSegment(part, fail));
    }
  }
  if (segments.slice(0, -1).some((s) => s.kind === 'deep')) fail('"**" must be the last segment');
  return { source, segments, variables, verb };
}

function parseSegment(text: string, fail: (why: string) => never): TemplateSegment {
  if (text === '*') return { kind: 'wildcard' };
  if (text === '**') return { kind: 'deep' };
  if (!LITERAL.test(text)) fail(`bad segment "${text}"`);
  return { kind: 'literal', value: text };
}

/** The verb is the text after the first ":" (outside braces) of the last segment. */
function splitVerb(path: string): { path: string; verb: string | undefined } {
  let depth = 0;
  let lastSlash = -1;
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '/' && depth === 0) lastSlash = i;
  }
  for (let i = lastSlash + 1, d = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '{') d++;
    else if (c === '}') d--;
    else if (c === ':' && d === 0) return { path: path.slice(0, i), verb: path.slice(i + 1) };
  }
  return { path, verb: undefined };
}

function splitOutsideBraces(path: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i <= path.length; i++) {
    const c = path[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if ((c === '/' && depth === 0) || i === path.length) {
      parts.push(path.slice(from, i));
      from = i + 1;
    }
  }
  return parts;
}

/**
 * Matches a request path (without query string, still percent-encoded) against a template.
 * Returns the variable values keyed by field path, or undefined when the path does not match.
 * Single-segment values are fully decoded; multi-segment values keep `%2F` encoded, as the spec asks.
 */
export function matchPathTemplate(
  template: PathTemplate,
  pathname: string,
): Record<string, string> | undefined {
  if (!pathname.startsWith('/')) return undefined;
  let path = pathname.slice(1);
  if (template.verb !== undefined) {
    const suffix = `:${template.verb}`;
    if (!path.endsWith(suffix)) return undefined;
    path = path.slice(0, -suffix.length);
  }
  const parts = path.split('/');
  // ranges[i] = [from, to) of request segments consumed by template segment i
  const ranges: [number, number][] = [];
  let j = 0;
  for (const segment of template.segments) {
    if (segment.kind === 'deep') {
      ranges.push([j, parts.length]);
      j = parts.length;
      continue;
    }
    const part = parts[j];
    if (part === undefined || part === '') return undefined;
    if (segment.kind === 'literal' && safeDecode(part) !== segment.value) return undefined;
    ranges.push([j, j + 1]);
    j++;
  }
  if (j !== parts.length) return undefined;
  const values: Record<string, string> = {};
  for (const v of template.variables) {
    const from = ranges[v.start]?.[0] ?? j;
    const to = ranges[v.end - 1]?.[1] ?? j;
    const raw = parts.slice(from, to);
    const decoded = raw.length === 1 ? safeDecode(raw[0] ?? '') : decodeKeepingSlash(raw);
    if (decoded === undefined) return undefined;
    values[v.fieldPath] = decoded;
  }
  return values;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function decodeKeepingSlash(parts: string[]): string | undefined {
  const decoded: string[] = [];
  for (const piece of parts.join('/').split(/%2F/i)) {
    const d = safeDecode(piece);
    if (d === undefined) return undefined;
    decoded.push(d);
  }
  return decoded.join('%2F');
}
