import { describe, expect, it } from 'vitest';
import { newStackProductsKeys, planStack } from '../../src/stack/stack-plan.ts';
import { repoPath } from './support/repo.ts';

const plan = (authMode: string | undefined) =>
  planStack(
    'postgres://postgres@127.0.0.1:5432/postgres',
    ['127.0.0.1:9092'],
    newStackProductsKeys(),
    authMode,
  );

describe('AUTH_MODE in the native stack', () => {
  it('goes to every process when set', () => {
    const processes = plan('jwt');
    expect(processes.map((p) => [p.name, p.env.AUTH_MODE])).toEqual(processes.map((p) => [p.name, 'jwt']));
  });

  it('is left to each service (off) when not set', () => {
    expect(plan(undefined).filter((p) => 'AUTH_MODE' in p.env)).toEqual([]);
  });
});

describe('the storefront of the native stack with AUTH_MODE=jwt', () => {
  it("reads jwt, and reaches the users service's process for accounts and for its public keys", async () => {
    const { readStorefrontConfig } = (await import(repoPath('services/storefront/src/config.ts'))) as {
      readStorefrontConfig(env: Record<string, string>): {
        auth: { mode: string; jwksUrl?: string };
        upstreams: { users: { baseUrl: string } };
      };
    };
    const processes = plan('jwt');
    const users = processes.find((p) => p.name === 'users')!;
    const config = readStorefrontConfig(processes.find((p) => p.name === 'storefront')!.env);
    expect(config.auth.mode).toBe('jwt');
    expect(config.upstreams.users.baseUrl).toBe(`http://127.0.0.1:${users.httpPort}`);
    expect(config.auth.jwksUrl).toBe(`http://127.0.0.1:${users.httpPort}/.well-known/jwks.json`);
  });
});
