import { readFileSync } from 'node:fs';

/** deploy/node.env: how every Node process of the marketplace runs (images and native stack alike). */
export const NODE_RUNTIME_ENV_FILE = new URL('../../../../deploy/node.env', import.meta.url).pathname;

/** The variables of a file of `KEY="value"` lines (comments and blank lines skipped), in order. */
export function readNodeRuntimeEnv(file: string = NODE_RUNTIME_ENV_FILE): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const match = /^([A-Z_][A-Z0-9_]*)="([^"]*)"$/.exec(line);
    if (!match) throw new Error(`${file}: expected KEY="value", got: ${line}`);
    env[match[1]!] = match[2]!;
  }
  return env;
}
