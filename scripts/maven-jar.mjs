// Files from jars on Maven Central, fetched by Maven into the user's local repository (~/.m2) the way
// deploy/kafka/kafka.sh fetches the Kafka jars, and read from there: nothing is committed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';

const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

/** Extra mvn arguments from MAVEN_ARGS (which Maven 3.9+ also reads itself), e.g. `-Dmaven.repo.local=...`. */
// biome-ignore lint/suspicious/noUndeclaredEnvVars: make runs this script, not a turbo task.
const mavenArgs = () => process.env.MAVEN_ARGS?.split(/\s+/).filter(Boolean) ?? [];

/** `group:artifact:version` -> path of its jar in the local repository. */
function localJarPath(coordinates) {
  const [group, artifact, version] = coordinates.split(':');
  const override = mavenArgs().findLast((a) => a.startsWith('-Dmaven.repo.local='));
  const repo = override?.slice('-Dmaven.repo.local='.length) || join(homedir(), '.m2', 'repository');
  return join(repo, ...group.split('.'), artifact, version, `${artifact}-${version}.jar`);
}

/**
 * The jar's bytes: from the local repository when it is there, otherwise Maven resolves it (from
 * Maven Central, caching it in the local repository) and copies it out.
 */
export function fetchJar(coordinates) {
  const cached = localJarPath(coordinates);
  if (existsSync(cached)) return readFileSync(cached);

  const work = mkdtempSync(join(tmpdir(), 'maven-jar-'));
  try {
    console.error(`maven: fetching ${coordinates} from Maven Central ...`);
    const args = [
      '-B',
      '-q',
      '-Dstyle.color=never',
      ...mavenArgs(),
      `${DEPENDENCY_PLUGIN}:copy`,
      `-Dartifact=${coordinates}`,
      `-DoutputDirectory=${work}`,
      '-Dmdep.useBaseVersion=true',
    ];
    try {
      execFileSync('mvn', args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      if (err.code === 'ENOENT') {
        throw new Error(`mvn not found: install Maven (apt-get install maven) to fetch ${coordinates}`);
      }
      // -B and style.color=never keep the output free of colour codes.
      const output = `${err.stdout ?? ''}${err.stderr ?? ''}`
        .split('\n')
        .filter((line) => line.trim() && !/^\[ERROR\] *($|To see|Re-run|For more|\[Help)/.test(line));
      throw new Error(`Maven could not fetch ${coordinates}:\n${output.slice(-8).join('\n')}`);
    }
    const [, artifact, version] = coordinates.split(':');
    return readFileSync(join(work, `${artifact}-${version}.jar`));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One entry of a jar (a zip archive), checked against its CRC. */
export function readJarEntry(jar, name) {
  const eocd = jar.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip archive: no end of central directory');
  const entries = jar.readUInt16LE(eocd + 10);
  let at = jar.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (jar.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = jar.readUInt16LE(at + 10);
    const crc = jar.readUInt32LE(at + 16);
    const size = jar.readUInt32LE(at + 20);
    const nameLength = jar.readUInt16LE(at + 28);
    const extraLength = jar.readUInt16LE(at + 30);
    const commentLength = jar.readUInt16LE(at + 32);
    const local = jar.readUInt32LE(at + 42);
    const entryName = jar.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (entryName !== name) continue;

    if (jar.readUInt32LE(local) !== 0x04034b50) throw new Error(`corrupt zip entry ${name}`);
    const start = local + 30 + jar.readUInt16LE(local + 26) + jar.readUInt16LE(local + 28);
    const stored = jar.subarray(start, start + size);
    let data;
    if (method === 0) data = stored;
    else if (method === 8) data = inflateRawSync(stored);
    else throw new Error(`zip entry ${name}: unsupported compression method ${method}`);
    if (crc32(data) !== crc) throw new Error(`zip entry ${name}: CRC mismatch`);
    return data;
  }
  throw new Error(`no ${name} in the jar`);
}
