import { describe, expect, it } from 'vitest';
import {
  builtServices,
  commandWords,
  envExampleEntries,
  environmentOf,
  imageCommand,
  interpolate,
  loadCompose,
  oneShotJobs,
} from './support/compose.ts';
import { configRefusal, exampleSigningKey, sourceOfBundle } from './support/kubernetes-config.ts';
import { serviceFolders } from './support/repo.ts';

const compose = loadCompose();
const jobs = oneShotJobs(compose);

/**
 * Every service and one-shot job built from deploy/Dockerfile, with the source of the bundle it
 * runs: its command's, else the image's CMD (src/main.ts).
 */
const targets = builtServices(compose).map((built) => {
  const command = commandWords(built.service).length > 0 ? commandWords(built.service) : imageCommand();
  return { ...built, source: sourceOfBundle(command.at(-1)!) };
});

/**
 * A filled-in .env: every variable .env.example names, each with a value of its own (none empty,
 * none a development default); the signing key one the users service takes.
 */
async function filledEnvFile(): Promise<Record<string, string>> {
  const signingKey = await exampleSigningKey();
  return Object.fromEntries(
    envExampleEntries().map(([name]) => [
      name,
      name.endsWith('JWT_SIGNING_KEY') ? signingKey : `${name.toLowerCase().replaceAll('_', '-')}-5f2a`,
    ]),
  );
}

/**
 * Runs the config reader of each target over its `environment`, interpolated from `dotenv`, with
 * the image's NODE_ENV=production: what Compose or a reader refuses, by target.
 */
async function startRefusals(dotenv: Record<string, string>): Promise<string[]> {
  const problems: string[] = [];
  for (const { name, service, folder, source } of targets) {
    let environment: Record<string, string>;
    try {
      environment = Object.fromEntries(
        Object.entries(environmentOf(service)).map(([variable, value]) => [
          variable,
          interpolate(value, dotenv),
        ]),
      );
    } catch (err) {
      problems.push(`${name}: ${(err as Error).message}`);
      continue;
    }
    const refusal = await configRefusal(folder, source, { NODE_ENV: 'production', ...environment });
    if (refusal) problems.push(`${name} (${folder}/${source}): ${refusal}`);
  }
  return problems;
}

describe('docker-compose.yaml with a filled-in .env', () => {
  it('runs a config reader for every service and every migration job built from deploy/Dockerfile', () => {
    const apps = targets.filter(({ name }) => !jobs.has(name));
    const oneShot = targets.filter(({ name }) => jobs.has(name));
    expect([...new Set(apps.map(({ folder }) => folder))].sort()).toEqual(serviceFolders());
    expect(apps.every(({ source }) => source === 'src/main.ts')).toBe(true);
    expect(oneShot.length).toBeGreaterThan(0);
    for (const { name, source } of oneShot) expect(source, name).toMatch(/^src\/cli\//);
  });

  it.each([
    ['as .env.example names it', {}],
    ['with AUTH_MODE=jwt', { AUTH_MODE: 'jwt' }],
  ])('starts every service and job with settings its config accepts in production (%s)', async (_, extra) => {
    const dotenv = { ...(await filledEnvFile()), ...extra };
    expect(await startRefusals(dotenv)).toEqual([]);
  });
});
