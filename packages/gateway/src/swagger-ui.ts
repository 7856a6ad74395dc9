import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
  '.map': 'application/json',
};

/** Serves Swagger UI from the installed swagger-ui-dist, offline, under a base path. */
export interface DocsHandler {
  /** Serves `base`, `base/` and `base/<asset>`; returns false for any other path. */
  handle(pathname: string, res: ServerResponse, head: boolean): Promise<boolean>;
  /** Whether the path is one the handler owns (used to answer 405 for other methods). */
  owns(pathname: string): boolean;
}

/** Creates the handler; `specUrl` is where the browser fetches the OpenAPI document. */
export function createDocsHandler(options: {
  basePath: string;
  specUrl: string;
  title: string;
}): DocsHandler {
  const { basePath, specUrl, title } = options;
  const distDir = swaggerUiDistDir();
  // Only files listed at startup are served, so no request path can reach outside the dist folder.
  const assets = new Set(readdirSync(distDir).filter((name) => CONTENT_TYPES[extname(name)] !== undefined));
  const html = indexHtml(basePath, specUrl, title);
  const cache = new Map<string, Promise<Buffer>>();
  const load = (name: string) => {
    let file = cache.get(name);
    if (file === undefined) {
      file = readFile(join(distDir, name));
      cache.set(name, file);
    }
    return file;
  };
  const assetName = (pathname: string) =>
    pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length + 1) : undefined;

  return {
    owns: (pathname) => pathname === basePath || assetName(pathname) !== undefined,
    async handle(pathname, res, head) {
      const name = assetName(pathname);
      if (pathname === basePath || name === '' || name === 'index.html') {
        send(res, 'text/html; charset=utf-8', Buffer.from(html), head, 'no-cache');
        return true;
      }
      if (name === undefined || !assets.has(name)) return false;
      send(res, CONTENT_TYPES[extname(name)]!, await load(name), head, 'public, max-age=3600');
      return true;
    },
  };
}

function send(res: ServerResponse, type: string, body: Buffer, head: boolean, cache: string): void {
  res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': cache });
  res.end(head ? undefined : body);
}

function swaggerUiDistDir(): string {
  const require = createRequire(import.meta.url);
  const getAbsoluteFSPath = require('swagger-ui-dist/absolute-path.js') as () => string;
  return getAbsoluteFSPath();
}

function indexHtml(basePath: string, specUrl: string, title: string): string {
  const html = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${html(title)}</title>
<link rel="stylesheet" href="${html(basePath)}/swagger-ui.css">
<link rel="icon" type="image/png" href="${html(basePath)}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${html(basePath)}/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl).replace(/</g, '\\u003c')}, dom_id: '#swagger-ui', deepLinking: true });
</script>
</body>
</html>
`;
}
