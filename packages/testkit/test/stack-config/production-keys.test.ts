import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoPath, serviceFolders } from './support/repo.ts';
import { envNamesReadBy } from './support/service-sources.ts';

/** The variables that hold a products API key: the accepted keys (products) and a client's own. */
const KEY_VARIABLES = ['API_KEYS', 'PRODUCTS_API_KEY'];

type ReadConfig = (env: Record<string, string | undefined>) => unknown;

/** Each service whose sources read a products key, with that variable and its config reader. */
const readers = await Promise.all(
  serviceFolders().flatMap((folder) => {
    const variable = KEY_VARIABLES.find((name) => envNamesReadBy(folder).has(name));
    const file = repoPath('services', folder, 'src/config.ts');
    if (!variable) return [];
    return [
      (async () => {
        const module = existsSync(file) ? ((await import(file)) as Record<string, unknown>) : {};
        const read = Object.entries(module).find(([name]) => /^read\w*Config$/.test(name))?.[1];
        return { folder, variable, read: read as ReadConfig | undefined };
      })(),
    ];
  }),
);

/** The start's refusal as text, or '' when the config was read. */
function refusalOf(read: ReadConfig, env: Record<string, string>): string {
  try {
    read(env);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('products API keys in production', () => {
  it('are read by products, the cart and the storefront, each from its config', () => {
    expect(readers.map(({ folder, variable }) => `${folder}:${variable}`)).toEqual(
      expect.arrayContaining(['cart:PRODUCTS_API_KEY', 'products:API_KEYS', 'storefront:PRODUCTS_API_KEY']),
    );
    for (const { folder, read } of readers)
      expect(read, `services/${folder}/src/config.ts exports no read...Config`).toBeTypeOf('function');
  });

  it.each(readers.map((reader) => [reader.folder, reader.variable, reader] as const))(
    '%s refuses to start with NODE_ENV=production and the development or an empty %s, naming it',
    (_folder, variable, { read }) => {
      const production = { NODE_ENV: 'production' };
      for (const value of [undefined, 'testToken', '', ' testToken ']) {
        const env = value === undefined ? production : { ...production, [variable]: value };
        expect(refusalOf(read!, env), `${variable}=${value ?? '(unset)'}`).toMatch(
          new RegExp(`${variable}: .*NODE_ENV=production`),
        );
      }
      expect(refusalOf(read!, { ...production, [variable]: 'own-key-5f2a' })).not.toContain(`${variable}:`);
      // Development keeps the contract's default.
      expect(refusalOf(read!, {})).not.toContain(`${variable}:`);
    },
  );
});
