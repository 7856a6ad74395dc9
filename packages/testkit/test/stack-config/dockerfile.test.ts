import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNodeRuntimeEnv } from '../../src/stack/node-runtime-env.ts';
import { CONTRACT_PORTS } from './support/contract.ts';
import { readRepoFile, repoPath } from './support/repo.ts';

interface Stage {
  name: string;
  image: string;
  /** Keyword and arguments, line continuations joined. */
  instructions: { keyword: string; args: string }[];
}

/** The Dockerfile's stages in order; instructions before the first FROM form stage `global`. */
function stagesOf(text: string): Stage[] {
  const stages: Stage[] = [{ name: 'global', image: '', instructions: [] }];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    const keyword = instruction.getKeyword();
    // The whole instruction less its keyword: flags (`--from=`, `--interval=`) included.
    const args = instruction
      .getTextContent()
      .slice(instruction.getInstruction().length)
      .replace(/\\\r?\n/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (keyword === 'FROM') {
      const [image = '', , name = ''] = args.split(' ');
      stages.push({ name, image, instructions: [] });
    } else stages.at(-1)!.instructions.push({ keyword, args });
  }
  return stages;
}

/** `${SERVICE}` as the Dockerfile writes it (the build argument, expanded by Docker). */
const SERVICE = `\${SERVICE}`;
const dockerfile = readRepoFile('deploy/Dockerfile');
const stages = stagesOf(dockerfile);
const stage = (name: string) => stages.find((s) => s.name === name)!;
const argsOf = (s: Stage, keyword: string) =>
  s.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

describe('deploy/Dockerfile', () => {
  it('is a valid Dockerfile', () => {
    expect(validate(dockerfile).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('builds on Node 24 bookworm-slim in pnpm, manifests, build, deps and runtime stages', () => {
    expect(stages.map((s) => s.name)).toEqual(['global', 'pnpm', 'manifests', 'build', 'deps', 'runtime']);
    expect(argsOf(stage('global'), 'ARG')).toEqual(['NODE_IMAGE=node:24-bookworm-slim']);
    expect(stage('runtime').image).toBe(`\${NODE_IMAGE}`);
    expect(argsOf(stage('pnpm'), 'RUN')).toEqual(['corepack enable']);
  });

  it("installs SERVICE's production dependencies from the manifests and the frozen lockfile only", () => {
    const deps = stage('deps');
    expect(argsOf(deps, 'COPY')).toEqual(['--from=manifests /manifests/ ./']);
    const install = argsOf(deps, 'RUN').find((run) => run.includes('pnpm install'));
    expect(install).toContain('--frozen-lockfile --prod');
    expect(install).toContain(`--filter "@marketplace/${SERVICE}..."`);
  });

  it("bundles SERVICE in the build stage with the workspace's build", () => {
    expect(argsOf(stage('build'), 'RUN').at(-1)).toBe(
      `node_modules/.bin/tsx packages/build/src/build-cli.ts "${SERVICE}"`,
    );
  });

  it('runs the bundle from its folder with plain node, as a non-root user, in production mode', () => {
    const runtime = stage('runtime');
    const users = argsOf(runtime, 'USER');
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    expect(argsOf(runtime, 'ENV').join(' ')).toContain('NODE_ENV=production');
    expect(argsOf(runtime, 'WORKDIR').at(-1)).toBe(`/app/services/${SERVICE}`);
    expect(argsOf(runtime, 'CMD')).toEqual(['["node", "dist/main.js"]']);
    const copied = argsOf(runtime, 'COPY');
    expect(copied).toContain(`--from=build /app/services/${SERVICE}/dist/ services/${SERVICE}/dist/`);
    for (const path of ['migrations/', 'fixtures/', `services/${SERVICE}/`])
      expect(copied.join('\n')).toContain(path);
    expect(dockerfile).not.toMatch(/--import.*tsx|TSX_VERSION/);
  });

  it('runs every command of the image with the Node settings of deploy/node.env, as make run-all does', () => {
    const settings = Object.entries(readNodeRuntimeEnv(repoPath('deploy/node.env')));
    expect(settings.map(([key]) => key)).toEqual(['NODE_OPTIONS', 'MALLOC_ARENA_MAX']);
    const env = argsOf(stage('runtime'), 'ENV');
    for (const [key, value] of settings) expect(env.join(' ')).toContain(`${key}="${value}"`);
  });

  it('checks health with the healthcheck script it copies into the image', () => {
    const runtime = stage('runtime');
    const script = argsOf(runtime, 'COPY').find((copy) => copy.startsWith('deploy/docker/healthcheck.mjs'));
    const target = script?.split(' ')[1];
    expect(target).toBeDefined();
    expect(argsOf(runtime, 'HEALTHCHECK')[0]).toContain(`CMD ["node", "${target}"]`);
  });

  it('keeps dependencies, local builds, git data, coverage, bench results and logs out of the build context', () => {
    const ignored = readRepoFile('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '.git', '**/coverage', 'bench-results', '**/*.log'])
      expect(ignored).toContain(entry);
  });
});

describe('deploy/docker/healthcheck.mjs', () => {
  let status = 200;
  let server: Server;
  let port: number;
  const runHealthcheck = (env: Record<string, string>) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const { HTTP_PORT: _port, SERVICE: _service, ...parentEnv } = process.env;
      execFile(
        process.execPath,
        [repoPath('deploy/docker/healthcheck.mjs')],
        { env: { ...parentEnv, ...env } },
        (err, _out, stderr) => resolve({ code: err ? (err.code as number) : 0, stderr }),
      );
    });

  beforeAll(async () => {
    server = createServer((req, res) => res.writeHead(req.url === '/healthz' ? status : 404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('passes when /healthz answers 200 and fails, saying why, on an error status', async () => {
    status = 200;
    expect(await runHealthcheck({ HTTP_PORT: String(port) })).toEqual({ code: 0, stderr: '' });
    status = 503;
    const failed = await runHealthcheck({ HTTP_PORT: String(port) });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('/healthz answered 503');
  });

  it('fails when nothing listens, and when it cannot know the port', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const free = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(free));
      });
    });
    expect((await runHealthcheck({ HTTP_PORT: String(closed) })).code).toBe(1);
    const unknown = await runHealthcheck({ SERVICE: 'unknown' });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('set HTTP_PORT');
  });

  it('defaults to the contract HTTP port of each service', () => {
    const table =
      /defaultHttpPorts = \{([^}]*)\}/.exec(readRepoFile('deploy/docker/healthcheck.mjs'))?.[1] ?? '';
    const defaults = Object.fromEntries(
      [...table.matchAll(/(\w+): (\d+)/g)].map(([, name, p]) => [name, Number(p)]),
    );
    const contract = Object.fromEntries(
      Object.entries(CONTRACT_PORTS).map(([name, ports]) => [name, ports.http]),
    );
    expect(defaults).toEqual(contract);
  });
});
