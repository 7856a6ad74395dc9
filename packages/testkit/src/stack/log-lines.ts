const COLORS = [36, 33, 35, 32, 34, 91, 96, 93, 95];
const LEVEL_MARK: Record<string, string> = {
  error: '\x1b[31mERROR\x1b[0m',
  fatal: '\x1b[31mFATAL\x1b[0m',
  warn: '\x1b[33mWARN\x1b[0m',
};
const HIDDEN = new Set(['level', 'time', 'service', 'msg', 'pid', 'hostname']);

/**
 * Turns a service's JSON log line into one readable line: `12:00:01 loms    order created orderId=5`.
 * Lines that are not JSON pass through as they are.
 */
export function readableLogLine(name: string, index: number, line: string, width = 12): string {
  const label = `\x1b[${COLORS[index % COLORS.length]}m${name.padEnd(width)}\x1b[0m`;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return `${label} ${line}`;
  }
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
  const level = LEVEL_MARK[String(entry.level)] ?? '';
  const fields = Object.entries(entry)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : value}`)
    .join(' ');
  return [time, label, level, entry.msg ?? '', fields].filter(Boolean).join(' ');
}
