import { readFile } from 'node:fs/promises';
import type { AuthMode, HttpHandler } from '@marketplace/platform';
import { buildPageScript } from './page-script.build-time.ts';

const PUBLIC_DIR = new URL('../../public/', import.meta.url);

/** Same-origin only: the page loads nothing from a CDN and talks only to this server. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

interface Asset {
  contentType: string;
  body: Buffer;
}

/** The tag of index.html that tells the page the stack's AUTH_MODE; the page reads it at start. */
const AUTH_MODE_TAG = '<meta name="auth-mode" content="off" />';

/** index.html with the stack's AUTH_MODE written into its `auth-mode` meta tag. */
export function pageHtml(template: string, authMode: AuthMode): string {
  if (!template.includes(AUTH_MODE_TAG)) throw new Error(`index.html has no ${AUTH_MODE_TAG}`);
  return template.replace(AUTH_MODE_TAG, `<meta name="auth-mode" content="${authMode}" />`);
}

/**
 * Loads the page (with `authMode` written into it), its stylesheet and its built script once, and
 * answers GET/HEAD for them.
 */
export async function createStaticAssets(options: { authMode: AuthMode }): Promise<HttpHandler> {
  const [template, css, script] = await Promise.all([
    readFile(new URL('index.html', PUBLIC_DIR), 'utf8'),
    readFile(new URL('styles.css', PUBLIC_DIR)),
    buildPageScript(),
  ]);
  const html = Buffer.from(pageHtml(template, options.authMode));
  const assets = new Map<string, Asset>([
    ['/', { contentType: 'text/html; charset=utf-8', body: html }],
    ['/index.html', { contentType: 'text/html; charset=utf-8', body: html }],
    ['/styles.css', { contentType: 'text/css; charset=utf-8', body: css }],
    ['/app.js', { contentType: 'text/javascript; charset=utf-8', body: Buffer.from(script) }],
  ]);
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const asset = assets.get((req.url ?? '/').split('?')[0] ?? '/');
    if (!asset) return false;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': asset.contentType,
      'content-length': asset.body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
    return true;
  };
}
