import { createServer, type Server } from 'node:net';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { stackPorts, takenPorts, takenPortsMessage } from '../../src/stack/free-ports.ts';
import { runLoggedCommand } from '../../src/stack/logged-command.ts';
import { BEHIND_STOREFRONT, planStack, STOREFRONT_ADDRESS } from '../../src/stack/stack-plan.ts';
import { createTestDatabase } from '../../src/test-database.ts';
import { CONTRACT_PORTS } from './support/contract.ts';
import { repoPath } from './support/repo.ts';

const plan = planStack('postgres://postgres@127.0.0.1:5432/postgres', ['127.0.0.1:9092']);
const envOf = (name: string) => plan.find((p) => p.name === name)!.env;

describe('the native stack (make run-all) behind the storefront', () => {
  it("makes cart, products, LOMS, comments and users trust the storefront's address (loopback)", () => {
    expect(STOREFRONT_ADDRESS).toBe('127.0.0.1');
    expect([...BEHIND_STOREFRONT].sort()).toEqual(['cart', 'comments', 'loms', 'products', 'users']);
    for (const name of BEHIND_STOREFRONT) expect(envOf(name).TRUSTED_PROXIES, name).toBe(STOREFRONT_ADDRESS);
  });

  it('trusts no proxy in the storefront itself (its visitors connect directly) nor elsewhere', () => {
    const others = plan.filter((p) => !(BEHIND_STOREFRONT as readonly string[]).includes(p.name));
    expect(others.map((p) => p.name)).toContain('storefront');
    for (const p of others) expect(p.env.TRUSTED_PROXIES, p.name).toBeUndefined();
  });
});

describe('the ports of the native stack', () => {
  it('lists every HTTP and gRPC port of the plan once, the contract ports among them', () => {
    const ports = stackPorts(plan);
    expect(new Set(ports.map((p) => p.port)).size).toBe(ports.length);
    expect(ports).toHaveLength(plan.length + plan.filter((p) => p.grpcPort).length);
    for (const [folder, contract] of Object.entries(CONTRACT_PORTS)) {
      const owner = folder === 'notifier' ? 'notifier-1' : folder;
      expect(ports, folder).toContainEqual({ port: contract.http, owner: `${owner} HTTP` });
      if (contract.grpc)
        expect(ports, folder).toContainEqual({ port: contract.grpc, owner: `${owner} gRPC` });
    }
  });

  describe('takenPorts', () => {
    const servers: Server[] = [];
    const listen = (host: string) =>
      new Promise<number>((resolve) => {
        const server = createServer();
        servers.push(server);
        server.listen(0, host, () => resolve((server.address() as { port: number }).port));
      });
    const freePort = async () => {
      const port = await listen('127.0.0.1');
      await new Promise((resolve) => servers.pop()!.close(resolve));
      return port;
    };
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    });

    it('reports a port something listens on, naming its owner, and not a free one', async () => {
      const [busy, free] = [await listen('127.0.0.1'), await freePort()];
      const taken = await takenPorts([
        { port: free, owner: 'cart HTTP' },
        { port: busy, owner: 'loms gRPC' },
      ]);
      expect(taken).toEqual([{ port: busy, owner: 'loms gRPC', code: 'EADDRINUSE' }]);
      // Checking listened only for a moment: the free port is still free.
      expect(await takenPorts([{ port: free, owner: 'cart HTTP' }])).toEqual([]);
    });

    it('reports a port taken on all addresses (another stack, a published container port)', async () => {
      const busy = await listen('0.0.0.0');
      expect(await takenPorts([{ port: busy, owner: 'storefront HTTP' }], '127.0.0.1')).toEqual([
        { port: busy, owner: 'storefront HTTP', code: 'EADDRINUSE' },
      ]);
    });

    it('tells what to do: each port with its owner, and `make stop`', () => {
      const message = takenPortsMessage([
        { port: 8080, owner: 'cart HTTP', code: 'EADDRINUSE' },
        { port: 8083, owner: 'loms gRPC', code: 'EACCES' },
      ]);
      expect(message).toContain('port 8080 (cart HTTP) on 127.0.0.1: in use');
      expect(message).toContain('port 8083 (loms gRPC) on 127.0.0.1: cannot listen (EACCES)');
      expect(message).toContain('make stop');
      expect(message).toContain('Nothing was started');
    });
  });
});

describe("the launcher's commands (migrate, seed)", () => {
  const runCollecting = async (args: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()) => {
    const lines: string[] = [];
    const result = await runLoggedCommand({
      label: 'loms seed',
      index: 0,
      command: process.execPath,
      args,
      cwd,
      env,
      print: (line) => lines.push(stripVTControlCharacters(line)),
    }).then(
      () => 'ok',
      (err: Error) => err.message,
    );
    return { lines, result };
  };

  it('shows what the command writes to stdout and stderr, JSON log lines made readable', async () => {
    const script = [
      'console.log(JSON.stringify({ level: "warn", time: "2026-01-01T12:00:01.000Z", msg: "rejected a row", sku: 7 }))',
      'console.error("plain text on stderr")',
    ].join(';');
    const { lines, result } = await runCollecting(['-e', script]);
    expect(result).toBe('ok');
    expect(lines).toContain('12:00:01 loms seed        WARN rejected a row sku=7');
    expect(lines).toContain('loms seed        plain text on stderr');
  });

  it('fails naming the command when it exits with an error, after showing its output', async () => {
    const { lines, result } = await runCollecting(['-e', 'console.error("no database"); process.exit(3)']);
    expect(lines).toEqual(['loms seed        no database']);
    expect(result).toMatch(/^loms seed failed \(exit code 3\)/);
  });

  it("shows LOMS's seeder rejecting the invalid stock row of the fixture", async () => {
    const database = await createTestDatabase('loms_seed');
    try {
      const { lines, result } = await runCollecting(
        ['--import', 'tsx', 'src/cli/seed.ts'],
        { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'info' },
        repoPath('services', 'loms'),
      );
      expect(result, lines.join('\n')).toBe('ok');
      expect(lines.join('\n')).toContain(
        'rejected stock row for sku 139818428: reserved (101) exceeds total_count (100)',
      );
    } finally {
      await database.drop();
    }
  });
});
