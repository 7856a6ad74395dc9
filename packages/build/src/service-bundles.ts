import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/** The repository's root folder. */
export const REPO_ROOT = new URL('../../../', import.meta.url).pathname;

/** Where a service's bundles go: `services/<name>/dist`, one `<entry>.js` (+ map) per entry. */
export const serviceDistDir = (service: string) => join(REPO_ROOT, 'services', service, 'dist');

/** Every folder under services/ that has a `src/main.ts`. */
export function serviceNames(): string[] {
  return readdirSync(join(REPO_ROOT, 'services'))
    .filter((name) => existsSync(join(REPO_ROOT, 'services', name, 'src/main.ts')))
    .sort();
}

/**
 * A service's entry points by bundle name: `main` (the server) and each command of `src/cli`
 * (`migrate`, `seed`, ...). All land in the same folder, so a path computed from any bundle's
 * location means the same place.
 */
export function serviceEntries(service: string): Record<string, string> {
  const src = join(REPO_ROOT, 'services', service, 'src');
  const cli = join(src, 'cli');
  const commands = existsSync(cli) ? readdirSync(cli).filter((file) => file.endsWith('.ts')) : [];
  return Object.fromEntries([
    ['main', join(src, 'main.ts')],
    ...commands.map((file) => [basename(file, '.ts'), join(cli, file)]),
  ]);
}
