import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Zipkin's server, one executable jar on Maven Central (in-memory storage, UI and API). */
export const ZIPKIN_VERSION = '3.5.1';
const ARTIFACT = `io.zipkin:zipkin-server:${ZIPKIN_VERSION}:jar:exec`;

/**
 * The path of Zipkin's executable jar in the local Maven repository (`~/.m2`, or
 * `-Dmaven.repo.local=` in MAVEN_ARGS), fetched there by Maven from Maven Central the first time,
 * the way deploy/kafka/kafka.sh gets Kafka's jars.
 */
export async function zipkinJar(env = process.env): Promise<string> {
  const mavenArgs = env.MAVEN_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const repoOverride = mavenArgs.findLast((a) => a.startsWith('-Dmaven.repo.local='));
  const repo = repoOverride?.slice('-Dmaven.repo.local='.length) || join(homedir(), '.m2', 'repository');
  const jar = join(
    repo,
    'io/zipkin/zipkin-server',
    ZIPKIN_VERSION,
    `zipkin-server-${ZIPKIN_VERSION}-exec.jar`,
  );
  if (existsSync(jar)) return jar;
  try {
    await run(
      'mvn',
      [
        '-B',
        '-q',
        '-Dstyle.color=never',
        ...mavenArgs,
        'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get',
        `-Dartifact=${ARTIFACT}`,
        '-Dtransitive=false',
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (err) {
    const {
      code,
      stdout = '',
      stderr = '',
    } = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (code === 'ENOENT') throw new Error(`mvn not found: install Maven to fetch ${ARTIFACT}`);
    throw new Error(
      `Maven could not fetch ${ARTIFACT}:\n${`${stdout}${stderr}`.trim().split('\n').slice(-8).join('\n')}`,
    );
  }
  if (!existsSync(jar)) throw new Error(`Maven fetched ${ARTIFACT} but ${jar} is not there`);
  return jar;
}
