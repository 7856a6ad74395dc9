/** Words of PromQL that look like identifiers but are not metric names. */
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

const STRING_LITERAL = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;
const LABEL_MATCHERS = /\{[^}]*\}/g;
const RANGES = /\[[^\]]*\]/g;
const GROUPING = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g;
// Not inside a number or duration (`5m`, `1e3`).
const IDENTIFIER = /(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*/g;

/**
 * The metric names a PromQL expression reads, in order of appearance, without repeats: what is left
 * once string literals, label matchers, ranges (`[$__rate_interval]`), grouping clauses
 * (`by (app, le)`), function names, keywords and durations are taken out. Histogram series keep their suffix
 * (`rpc_server_duration_seconds_bucket`).
 */
export function metricNamesInPromQL(expr: string): string[] {
  const stripped = expr
    .replace(STRING_LITERAL, ' ')
    .replace(LABEL_MATCHERS, ' ')
    .replace(RANGES, ' ')
    .replace(GROUPING, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(IDENTIFIER)) {
    const name = match[0];
    const after = stripped.slice(match.index + name.length).trimStart();
    if (after.startsWith('(') || KEYWORDS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return [...names];
}
