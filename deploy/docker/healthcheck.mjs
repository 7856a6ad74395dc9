// HEALTHCHECK of a service image (slim images have no curl): exits 0 when GET /healthz on the
// service's HTTP port answers 2xx within 3 s, 1 otherwise with the reason on stderr.
// The port is HTTP_PORT, else the service's default HTTP port (the contract's, as in its config.ts).
const defaultHttpPorts = {
  cart: 8080,
  products: 8082,
  loms: 8084,
  comments: 8086,
  notifier: 8088,
  storefront: 8090,
  users: 8092,
};

const { SERVICE: service = '', HTTP_PORT: httpPort } = process.env;
const port = httpPort || defaultHttpPorts[service];
if (!port) {
  console.error(`healthcheck: set HTTP_PORT (no default HTTP port for SERVICE="${service}")`);
  process.exit(1);
}
try {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(3_000) });
  if (!response.ok) {
    console.error(`healthcheck: /healthz answered ${response.status}`);
    process.exit(1);
  }
} catch (err) {
  console.error(`healthcheck: /healthz on port ${port} failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
