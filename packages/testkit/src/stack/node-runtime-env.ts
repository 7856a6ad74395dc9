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

/**
 * `env` with the settings of deploy/node.env over it, for a service process a test, bench or the
 * fuzz suite starts: they run as the stack and the images do. NODE_OPTIONS already in `env` (a
 * `--cpu-prof` for a profile) is kept, before the file's.
 */
export function withNodeRuntimeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const runtime = readNodeRuntimeEnv();
  const options = [env.NODE_OPTIONS, runtime.NODE_OPTIONS].filter((o) => o !== undefined && o !== '');
  return { ...env, ...runtime, ...(options.length > 0 ? { NODE_OPTIONS: options.join(' ') } : {}) };
}
