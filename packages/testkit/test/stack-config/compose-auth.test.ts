import { describe, expect, it } from 'vitest';
import { builtFolder, dependenciesOf, environmentOf, loadCompose } from './support/compose.ts';
import { serviceFolders, sourceTexts } from './support/repo.ts';

const compose = loadCompose();
/** The service folders whose config reads AUTH_MODE and the token settings (the platform's reader). */
const authFolders = serviceFolders().filter((folder) =>
  sourceTexts(`services/${folder}/src`).some((text) => text.includes('readAuthSettings(')),
);
const apps = Object.entries(compose.services).flatMap(([name, service]) => {
  const folder = builtFolder(service);
  return folder && authFolders.includes(folder) && !name.endsWith('-migrate')
    ? [{ name, folder, service }]
    : [];
});
const env = (name: string) => environmentOf(compose.services[name]!);
/** The variable of a `${NAME:?...}` value. */
const variableOf = (value: string | undefined) => /^\$\{([A-Z_]+):\?[^}]*\}$/.exec(value ?? '')?.[1];

describe('docker-compose.yaml: AUTH_MODE', () => {
  it('is read by cart, comments, LOMS, products and the storefront', () => {
    expect(authFolders).toEqual(['cart', 'comments', 'loms', 'products', 'storefront']);
    expect(apps.map(({ folder }) => folder).sort()).toEqual(authFolders);
  });

  it('gives each of them the same AUTH_MODE, off unless the shell or .env says jwt', () => {
    for (const { name } of apps) expect(env(name).AUTH_MODE, name).toBe(`\${AUTH_MODE:-off}`);
  });

  it("points each of them at the users service's public keys", () => {
    for (const { name } of apps)
      expect(env(name).USERS_JWKS_URL, name).toBe('http://users:8092/.well-known/jwks.json');
  });

  it("gives products' ingest a LOMS key of its own that LOMS accepts for StockSet", () => {
    const key = variableOf(env('products').LOMS_API_KEY);
    expect(key).toBeDefined();
    expect(variableOf(env('loms').SERVICE_API_KEYS)).toBe(key);
    // Not a key another client holds.
    for (const [name, service] of Object.entries(compose.services))
      for (const [variable, value] of Object.entries(environmentOf(service)))
        if (value.includes(`\${${key}:`))
          expect(`${name}.${variable}`).toMatch(/^(products\.LOMS_API_KEY|loms\.SERVICE_API_KEYS)$/);
  });

  it('lets the storefront reach the users service for sign-up and sign-in, once it is healthy', () => {
    expect(env('storefront').USERS_URL).toBe('http://users:8092');
    expect(dependenciesOf(compose.services.storefront!).users).toBe('service_healthy');
  });
});
