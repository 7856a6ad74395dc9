import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The monorepo root. */
export const REPO = new URL('../../../../../', import.meta.url).pathname;

/** An absolute path inside the repository. */
export function repoPath(...parts: string[]): string {
  return join(REPO, ...parts);
}

export function readRepoFile(path: string): string {
  return readFileSync(repoPath(path), 'utf8');
}

/** The folders under services/ that hold a package (the SERVICE values the Dockerfile accepts). */
export function serviceFolders(): string[] {
  return readdirSync(repoPath('services'))
    .filter((name) => existsSync(repoPath('services', name, 'package.json')))
    .sort();
}

/** Text of every .ts file under `dir` (a repository path), node_modules left out. */
export function sourceTexts(dir: string): string[] {
  const root = repoPath(dir);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.split('/').includes('node_modules'))
    .map((file) => readFileSync(join(root, file), 'utf8'));
}
