import { describe, expect, it } from 'vitest';
import { parsePathTemplate } from '../src/path-template.ts';
import { createRouter } from '../src/router.ts';

const route = (httpMethod: string, path: string) => ({ httpMethod, template: parsePathTemplate(path), path });

describe('createRouter', () => {
  it('prefers a literal segment over a variable whatever the declaration order', () => {
    const router = createRouter([route('GET', '/product/{sku}'), route('GET', '/product/events')]);
    const found = router.match('GET', '/product/events');
    expect(found.kind === 'found' && found.route.path).toBe('/product/events');
    const byVariable = router.match('GET', '/product/7');
    expect(byVariable.kind === 'found' && byVariable.params).toEqual({ sku: '7' });
  });

  it('prefers the template with the custom verb over a variable that would swallow it', () => {
    const router = createRouter([route('POST', '/product/{sku}'), route('POST', '/product/{sku}:undelete')]);
    const found = router.match('POST', '/product/7:undelete');
    expect(found.kind === 'found' && found.route.path).toBe('/product/{sku}:undelete');
  });

  it('reports the allowed methods of a known path asked with another method', () => {
    const router = createRouter([
      route('GET', '/product/{sku}'),
      route('DELETE', '/product/{sku}'),
      route('PATCH', '/product/{sku}'),
      route('POST', '/product'),
    ]);
    expect(router.match('POST', '/product/7')).toEqual({
      kind: 'method-not-allowed',
      allow: ['DELETE', 'GET', 'PATCH'],
    });
  });

  it('reports none for a path no template matches', () => {
    const router = createRouter([route('GET', '/product/{sku}')]);
    expect(router.match('GET', '/orders')).toEqual({ kind: 'none' });
  });
});
