import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { BUILD_RECORD } from './build-service.ts';
import { REPO_ROOT, serviceDistDir, serviceEntries } from './service-bundles.ts';

interface BuildRecord {
  entries: Record<string, string>;
  inputs: string[];
}

/**
 * Why the service's bundles are out of date (`not built`, `<file> changed`, ...), or undefined
 * when they are fresh: every file they were built from, every file under the service's src/ (the
 * storefront's page is built from there by a build-time module) and the build's own code are older
 * than the build.
 */
export function staleReason(service: string): string | undefined {
  const recordFile = join(serviceDistDir(service), BUILD_RECORD);
  if (!existsSync(recordFile)) return 'not built';
  const builtAt = statSync(recordFile).mtimeMs;
  const record = JSON.parse(readFileSync(recordFile, 'utf8')) as BuildRecord;
  if (JSON.stringify(record.entries) !== JSON.stringify(serviceEntries(service)))
    return 'its entry points changed';
  const sources = [
    // Inputs of plugins' own namespaces (`runtime-require:...`) are no files.
    ...record.inputs
      .filter((input) => !/^[a-z-]+:/.test(input))
      .map((input) => (isAbsolute(input) ? input : join(REPO_ROOT, input))),
    ...filesUnder(join(REPO_ROOT, 'services', service, 'src')),
    // How they are built, too.
    ...filesUnder(join(REPO_ROOT, 'packages/build/src')),
  ];
  for (const file of sources) {
    const modified = existsSync(file) ? statSync(file).mtimeMs : Number.POSITIVE_INFINITY;
    if (modified > builtAt) return `${relative(REPO_ROOT, file)} changed`;
  }
  return undefined;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
