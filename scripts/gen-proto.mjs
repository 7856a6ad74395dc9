// Regenerates packages/proto from proto/ and the third-party protos that npm packages ship.
// The third-party files are copied into .proto-deps/ (not committed) so buf sees them as a module.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(dirname(new URL(import.meta.url).pathname), '..');
const deps = join(root, '.proto-deps');
const pkgDir = (name) => dirname(require.resolve(`${name}/package.json`));

const thirdParty = [
  [join(pkgDir('google-proto-files'), 'google/api/annotations.proto'), 'google/api/annotations.proto'],
  [join(pkgDir('google-proto-files'), 'google/api/http.proto'), 'google/api/http.proto'],
  [join(pkgDir('grpc-health-check'), 'proto/health/v1/health.proto'), 'grpc/health/v1/health.proto'],
  [
    join(pkgDir('@grpc/reflection'), 'build/proto/grpc/reflection/v1/reflection.proto'),
    'grpc/reflection/v1/reflection.proto',
  ],
  [
    join(pkgDir('@grpc/reflection'), 'build/proto/grpc/reflection/v1alpha/reflection.proto'),
    'grpc/reflection/v1alpha/reflection.proto',
  ],
];

rmSync(deps, { recursive: true, force: true });
for (const [from, to] of thirdParty) {
  mkdirSync(dirname(join(deps, to)), { recursive: true });
  cpSync(from, join(deps, to));
}
const args = process.argv.slice(2);
execFileSync('buf', args.length ? args : ['generate'], { cwd: root, stdio: 'inherit' });
