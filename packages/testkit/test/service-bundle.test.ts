import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildService } from '@marketplace/build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKETPLACE_RECIPES } from '../src/marketplace-services.ts';
import { startOtlpReceiver } from '../src/otlp-receiver.ts';
import { freePort, type ServiceProcess, startServiceProcess } from '../src/service-process.ts';
import { createTestDatabase, type TestDatabase } from '../src/test-database.ts';

const LOMS_DIR = new URL('../../../services/loms/', import.meta.url).pathname;

let outdir: string;
let database: TestDatabase;
let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;
let loms: ServiceProcess;
let url: string;

// A bundle of its own in a temporary folder, so a running stack's dist/ is left alone.
beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'loms-bundle-'));
  await buildService('loms', outdir);
  [database, otlp] = await Promise.all([createTestDatabase('loms_bundle'), startOtlpReceiver()]);
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  url = `http://127.0.0.1:${httpPort}`;
  loms = await startServiceProcess({
    cwd: LOMS_DIR,
    entry: join(outdir, 'main.js'),
    nodeArgs: [],
    env: {
      ...MARKETPLACE_RECIPES.loms.env({ databaseUrls: [database.url], grpcAddressOf: () => '' }),
      ...otlp.env(),
      HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      GRPC_PORT: String(grpcPort),
      LOG_LEVEL: 'warn',
    },
    readyUrl: `${url}/readyz`,
    timeoutMs: 60_000,
  });
}, 180_000);

afterAll(async () => {
  await loms?.stop();
  await Promise.all([database?.drop(), otlp?.stop()]);
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe('a service bundle run by plain node', () => {
  it('migrates its database from migrations/ at start and answers an RPC from it', async () => {
    const set = await fetch(`${url}/stock/set`, {
      method: 'POST',
      body: JSON.stringify({ sku: '1076963', totalCount: 7 }),
    });
    expect(set.status, await set.clone().text()).toBe(200);
    const info = await fetch(`${url}/stock/info?sku=1076963`);
    expect(await info.json()).toEqual({ count: 7 });
  });

  it("serves Swagger UI's files, found through the gateway package's node_modules", async () => {
    const css = await fetch(`${url}/docs/swagger-ui.css`);
    expect(css.status).toBe(200);
    expect((await css.text()).length).toBeGreaterThan(1000);
  });

  it('traces its SQL: Node loads pg itself, where OpenTelemetry instruments it', async () => {
    await fetch(`${url}/stock/info?sku=1076963`);
    const deadline = Date.now() + 20_000;
    const sql = () => otlp.spans.filter((s) => s.service === 'loms' && s.name.startsWith('pg.query'));
    while (sql().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(sql().length, JSON.stringify(otlp.spans.map((s) => s.name))).toBeGreaterThan(0);
  });
});

describe("a service's bundles", () => {
  let cartDir: string | undefined;
  afterAll(() => {
    if (cartDir) rmSync(cartDir, { recursive: true, force: true });
  });

  // V8 holds a script with one character beyond Latin-1 as two bytes a character: twice the
  // memory for the whole bundle. The cart's dependencies carry licence comments with such letters.
  it('are ASCII only, so V8 holds their source at one byte a character', async () => {
    cartDir = mkdtempSync(join(tmpdir(), 'cart-bundle-'));
    const { bundles } = await buildService('cart', cartDir);
    expect(Object.keys(bundles)).toContain('main');
    for (const name of Object.keys(bundles)) {
      const bytes = readFileSync(join(cartDir, `${name}.js`));
      expect(
        bytes.findIndex((byte) => byte > 0x7f),
        `${name}.js`,
      ).toBe(-1);
    }
  }, 120_000);
});
