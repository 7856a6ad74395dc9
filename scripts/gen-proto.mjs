// Regenerates packages/proto from proto/ and the third-party protos that npm packages ship.
// The third-party files are copied into .proto-deps/ (not committed) so buf sees them as a module.
// buf/validate/validate.proto ships in no npm package: it comes from protovalidate's jar on Maven
// Central (fetched into ~/.m2 by Maven). Its generated code is not ours: the generated files import
// the copy @bufbuild/protovalidate ships (buf.gen.yaml), so the validator and the protos share one
// descriptor of the rules.
//
//   node scripts/gen-proto.mjs          regenerate packages/proto
//   node scripts/gen-proto.mjs fetch    only make sure the jar is in the local Maven repository
//   node scripts/gen-proto.mjs <args>   run `buf <args>` (e.g. lint) on the same inputs
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fetchJar, readJarEntry } from './maven-jar.mjs';

/** The jar whose buf/validate/validate.proto matches @bufbuild/protovalidate 1.3.0's rules. */
const PROTOVALIDATE_JAR = 'build.buf:protovalidate:1.3.0';
const VALIDATE_PROTO = 'buf/validate/validate.proto';

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

const args = process.argv.slice(2);
let jar;
try {
  jar = fetchJar(PROTOVALIDATE_JAR);
} catch (err) {
  console.error(`gen-proto: ${err.message}`);
  process.exit(1);
}
if (args[0] === 'fetch') process.exit(0);

rmSync(deps, { recursive: true, force: true });
for (const [from, to] of thirdParty) {
  mkdirSync(dirname(join(deps, to)), { recursive: true });
  cpSync(from, join(deps, to));
}
mkdirSync(dirname(join(deps, VALIDATE_PROTO)), { recursive: true });
writeFileSync(join(deps, VALIDATE_PROTO), readJarEntry(jar, VALIDATE_PROTO));
execFileSync('buf', args.length ? args : ['generate'], { cwd: root, stdio: 'inherit' });
