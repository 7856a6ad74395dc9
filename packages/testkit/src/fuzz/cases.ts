import type http2 from 'node:http2';
import type { DescMessage, DescMethod } from '@bufbuild/protobuf';
import type { FuzzServiceName } from './fuzz-stack.ts';
import { H2_PREFACE, h2Frame, hpackLiterals } from './h2-client.ts';
import { http1Bytes, type SlowBody } from './http1-raw.ts';
import {
  deepGroups,
  deepNestedMessage,
  type MessageMode,
  messageBinary,
  messageJson,
  type ValueHints,
} from './messages.ts';
import {
  compress,
  compressionBombs,
  deepJson,
  grpcFrame,
  HOSTILE_NUMBER_LITERALS,
  HOSTILE_NUMBER_TEXTS,
  hostileStringBytes,
  hostileUrlText,
  jsonArrayOfSize,
  jsonOfSize,
  lengthDelimited,
  MIB,
  preview,
} from './payloads.ts';
import { Rng } from './prng.ts';
import {
  CART_ROUTES,
  DOC_PATHS,
  MUTATING_RPCS,
  OPS_PATHS,
  REST_ROUTES,
  type RestRoute,
  RPC_SERVICES,
  type RpcServiceName,
  STOREFRONT_ASSETS,
  STOREFRONT_ROUTES,
  UNKNOWN_METHODS,
  UNKNOWN_PATHS,
} from './routes.ts';

/** What a port speaks, which decides the requests it gets. */
export type Profile = 'rpc-http' | 'rpc-h2' | 'cart' | 'storefront' | 'ops';

/** One listening port of one service. */
export interface Target {
  /** `loms/http`, `loms/grpc`, ... */
  id: string;
  service: FuzzServiceName;
  listener: 'http' | 'grpc';
  port: number;
  profile: Profile;
  rpc?: RpcServiceName;
}

export const KINDS = [
  'valid',
  'random-bytes',
  'random-body',
  'grpc-frame',
  'content-type',
  'encoding',
  'compression-bomb',
  'deep-nesting',
  'huge-body',
  'huge-value',
  'bad-number',
  'bad-string',
  'wrong-type',
  'slow-body',
  'stream-flood',
  'oversized-headers',
  'unknown-route',
  'malformed-http',
  'h2-frames',
  'grpc-metadata',
] as const;
export type Kind = (typeof KINDS)[number];

const KIND_WEIGHTS: Record<Kind, number> = {
  valid: 10,
  'random-bytes': 4,
  'random-body': 6,
  'grpc-frame': 6,
  'content-type': 6,
  encoding: 6,
  'compression-bomb': 1.5,
  'deep-nesting': 2,
  'huge-body': 2,
  'huge-value': 2,
  'bad-number': 14,
  'bad-string': 8,
  'wrong-type': 8,
  'slow-body': 0.5,
  'stream-flood': 0.25,
  'oversized-headers': 3,
  'unknown-route': 6,
  'malformed-http': 5,
  'h2-frames': 3,
  'grpc-metadata': 4,
};

const KINDS_BY_PROFILE: Record<Profile, ReadonlySet<Kind>> = {
  'rpc-http': new Set(KINDS.filter((k) => k !== 'stream-flood' && k !== 'h2-frames')),
  'rpc-h2': new Set(KINDS),
  cart: new Set(
    KINDS.filter((k) => !['grpc-frame', 'grpc-metadata', 'stream-flood', 'h2-frames'].includes(k)),
  ),
  storefront: new Set(
    KINDS.filter((k) => !['grpc-frame', 'grpc-metadata', 'stream-flood', 'h2-frames'].includes(k)),
  ),
  ops: new Set<Kind>([
    'valid',
    'random-bytes',
    'random-body',
    'malformed-http',
    'unknown-route',
    'oversized-headers',
    'slow-body',
    'huge-body',
    'encoding',
  ]),
};

/** Whether a port gets requests of this kind. */
export function kindApplies(target: Target, kind: Kind): boolean {
  return KINDS_BY_PROFILE[target.profile].has(kind);
}

/** How the answer is read: its protocol decides where the status or code is. */
export type AnswerProtocol = 'rest' | 'connect' | 'grpc' | 'grpc-web' | 'grpc-web-text' | 'http' | 'h2-raw';

export type SendSpec =
  | { via: 'http1'; bytes: Buffer; slow?: SlowBody; headRequest?: boolean }
  | { via: 'h2'; headers: http2.OutgoingHttpHeaders; body: Buffer; slow?: SlowBody; ownSession: boolean }
  | { via: 'h2-flood'; streams: number; headers: http2.OutgoingHttpHeaders; body: Buffer }
  | { via: 'h2-raw'; bytes: Buffer };

/** One generated request (a flood: many), rebuilt exactly from the run's seed and its index. */
export interface FuzzCase {
  index: number;
  kind: Kind;
  target: Target;
  /** REST, Connect JSON, Connect binary, gRPC, gRPC-Web, raw TCP, HTTP/2 frames, HTTP. */
  transport: string;
  /** Method and path, or what the raw bytes are. */
  what: string;
  answerAs: AnswerProtocol;
  send: SendSpec;
  /** Requests this case sends (streams of a flood). */
  count: number;
  /** Short hex or text of the request, for the report. */
  preview: string;
}

export interface GenContext {
  hints: ValueHints;
  /** The products X-API-KEY. */
  apiKey: string;
}

/** An HTTP request before it is put on a wire (HTTP/1.1 bytes or HTTP/2 headers). */
interface HttpSpec {
  method: string;
  path: string;
  headers: Array<[string, string | Buffer]>;
  body: Buffer;
  chunked?: boolean;
  slow?: boolean;
  /** Body bytes the head promises but the slow client never sends. */
  declaredExtra?: number;
}

const TARGET_WEIGHT: Record<Profile, number> = {
  'rpc-http': 1.2,
  'rpc-h2': 1.2,
  cart: 1.2,
  storefront: 1,
  ops: 0.4,
};

/** Builds case `index` of a run: the target, kind and request all come from (seed, index). */
export function generateCase(
  seed: number,
  index: number,
  targets: readonly Target[],
  ctx: GenContext,
  only?: ReadonlySet<Kind>,
): FuzzCase {
  const rng = Rng.forCase(seed, index);
  const eligible = only
    ? targets.filter((t) => [...only].some((k) => KINDS_BY_PROFILE[t.profile].has(k)))
    : targets;
  const target = rng.weighted(eligible.map((t) => [t, TARGET_WEIGHT[t.profile]] as const));
  const allowed = KINDS_BY_PROFILE[target.profile];
  const kind = rng.weighted(
    KINDS.filter((k) => allowed.has(k) && (!only || only.has(k))).map((k) => [k, KIND_WEIGHTS[k]] as const),
  );
  return buildCase(rng, index, target, kind, ctx);
}

const OWN_SESSION_KINDS = new Set<Kind>([
  'oversized-headers',
  'slow-body',
  'compression-bomb',
  'huge-body',
  'huge-value',
  'grpc-frame',
  'random-body',
]);

/** Builds a case of a given kind (warm-up and replays use it too). */
export function buildCase(rng: Rng, index: number, target: Target, kind: Kind, ctx: GenContext): FuzzCase {
  if (kind === 'random-bytes') return randomBytesCase(rng, index, target);
  if (kind === 'malformed-http') return malformedHttpCase(rng, index, target, ctx);
  if (kind === 'h2-frames') return h2FramesCase(rng, index, target);
  const built = buildHttp(rng, target, kind, ctx);
  const h2 = target.listener === 'grpc';
  if (kind === 'stream-flood') {
    const streams = rng.int(110, 260);
    return {
      index,
      kind,
      target,
      transport: built.transport,
      what: `${streams} streams: ${built.spec.method} ${built.spec.path}`,
      answerAs: built.answerAs,
      send: { via: 'h2-flood', streams, headers: h2Headers(built.spec), body: built.spec.body },
      count: streams,
      preview: preview(built.spec.body),
    };
  }
  const slow = kind === 'slow-body' ? slowBody(rng, built.spec.body) : undefined;
  const send: SendSpec = h2
    ? {
        via: 'h2',
        headers: h2Headers(built.spec),
        body: slow ? Buffer.alloc(0) : built.spec.body,
        slow,
        // Kinds that may stall or end a connection get one of their own, so they cannot take others down.
        ownSession: OWN_SESSION_KINDS.has(kind),
      }
    : {
        via: 'http1',
        bytes: slow
          ? http1Head(built.spec, built.spec.body.length + (built.spec.declaredExtra ?? 0))
          : toHttp1(built.spec),
        slow,
        headRequest: built.spec.method === 'HEAD',
      };
  return {
    index,
    kind,
    target,
    transport: built.transport,
    what: `${built.spec.method} ${built.spec.path.length > 80 ? `${built.spec.path.slice(0, 80)}…` : built.spec.path}`,
    answerAs: built.answerAs,
    send,
    count: 1,
    preview: describe(built.spec),
  };
}

// --- HTTP requests of every profile ---

interface Built {
  transport: string;
  answerAs: AnswerProtocol;
  spec: HttpSpec;
}

function buildHttp(rng: Rng, target: Target, kind: Kind, ctx: GenContext): Built {
  if (kind === 'unknown-route') return unknownRoute(rng, target, ctx);
  let built: Built;
  switch (target.profile) {
    case 'rpc-http':
    case 'rpc-h2':
      built = rpcRequest(rng, target, kind, ctx);
      break;
    case 'cart':
      built = cartRequest(rng, kind);
      break;
    case 'storefront':
      built = storefrontRequest(rng, kind);
      break;
    case 'ops':
      built = opsRequest(rng, kind);
      break;
  }
  applyHttpKind(rng, built, kind);
  if (target.listener === 'http' && !built.spec.headers.some(([n]) => n.toLowerCase() === 'host'))
    built.spec.headers.unshift(['host', `127.0.0.1:${target.port}`]);
  return built;
}

const JSON_TRANSPORTS = ['REST', 'Connect JSON'] as const;

function rpcRequest(rng: Rng, target: Target, kind: Kind, ctx: GenContext): Built {
  const service = RPC_SERVICES[target.rpc!];
  const method = rng.pick(service.methods);
  const h2 = target.listener === 'grpc';
  const framedOnly = kind === 'grpc-frame';
  const transport = framedOnly
    ? rng.pick(h2 ? ['gRPC', 'gRPC', 'gRPC-Web'] : ['gRPC-Web', 'gRPC-Web text', 'gRPC (HTTP/1.1)'])
    : kind === 'huge-value'
      ? rng.pick(h2 ? ['gRPC JSON', 'Connect JSON'] : ['REST', 'REST', 'Connect JSON'])
      : kind === 'grpc-metadata'
        ? rng.pick(
            h2
              ? ['gRPC', 'gRPC', 'gRPC-Web', 'Connect binary']
              : ['gRPC-Web', 'Connect binary', 'Connect JSON'],
          )
        : h2
          ? rng.weighted<string>([
              ['gRPC', 6],
              ['gRPC JSON', 2],
              ['gRPC-Web', 2],
              ['Connect binary', 2],
              ['Connect JSON', 2],
            ])
          : rng.weighted<string>([
              ['REST', 6],
              ['Connect JSON', 3],
              ['Connect binary', 2],
              ['gRPC-Web', 2],
              ['gRPC-Web text', 1],
            ]);
  if (transport === 'REST') return restRequest(rng, target.rpc!, kind, ctx);
  const path = `/${service.typeName}/${method.name}`;
  const headers: Array<[string, string | Buffer]> = [];
  if (target.rpc === 'products' && rng.bool(0.9)) headers.push(['x-api-key', ctx.apiKey]);
  const json = (JSON_TRANSPORTS as readonly string[]).includes(transport) || transport === 'gRPC JSON';
  const payload = json
    ? jsonPayload(rng, kind, method.input, ctx, method)
    : binaryPayload(rng, kind, method.input, ctx, method);
  if (transport === 'Connect JSON' || transport === 'Connect binary') {
    headers.push(
      ['content-type', json ? 'application/json' : 'application/proto'],
      ['connect-protocol-version', '1'],
    );
    return { transport, answerAs: 'connect', spec: { method: 'POST', path, headers, body: payload } };
  }
  const web = transport.startsWith('gRPC-Web');
  const text = transport === 'gRPC-Web text';
  const contentType = web
    ? text
      ? 'application/grpc-web-text'
      : 'application/grpc-web+proto'
    : transport === 'gRPC JSON'
      ? 'application/grpc+json'
      : 'application/grpc';
  headers.push(['content-type', contentType]);
  if (web) headers.push(['x-grpc-web', '1']);
  else headers.push(['te', 'trailers']);
  let body: Buffer = framedOnly ? mutatedFrame(rng, payload) : grpcFrame(payload);
  if (text) body = Buffer.from(body.toString('base64'));
  return {
    transport,
    answerAs: web ? (text ? 'grpc-web-text' : 'grpc-web') : 'grpc',
    spec: { method: 'POST', path, headers, body },
  };
}

function restRequest(rng: Rng, rpc: RpcServiceName, kind: Kind, ctx: GenContext): Built {
  const service = RPC_SERVICES[rpc];
  const routes = REST_ROUTES[rpc].filter((r) => service.methods.some((m) => m.name === r.rpc));
  // A huge value needs a body to travel in.
  const route = rng.pick(kind === 'huge-value' ? routes.filter((r) => r.body) : routes);
  const method = service.methods.find((m) => m.name === route.rpc)!;
  const hints = MUTATING_RPCS.has(route.rpc) ? { ...ctx.hints, skus: [] } : ctx.hints;
  const valueMode: MessageMode = ['bad-number', 'bad-string', 'wrong-type'].includes(kind)
    ? (kind as MessageMode)
    : 'valid';
  const fieldsInPath: string[] = [];
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    fieldsInPath.push(name);
    return pathValue(rng, valueMode, name, hints);
  });
  const headers: Array<[string, string | Buffer]> = [];
  if (rpc === 'products' && rng.bool(0.9)) headers.push(['x-api-key', ctx.apiKey]);
  let target = path;
  let body: Buffer = Buffer.alloc(0);
  if (route.body) {
    const message =
      route.body === '*'
        ? method.input
        : (method.input.fields.find((f) => f.name === route.body)?.message ?? method.input);
    body = jsonPayload(rng, kind, message, { ...ctx, hints }, method);
    headers.push(['content-type', 'application/json']);
  } else {
    target += queryString(rng, valueMode, method.input, route, hints);
    // Bodies on routes that take none.
    if (kind === 'random-body' || kind === 'huge-body' || kind === 'deep-nesting' || kind === 'slow-body') {
      body = jsonPayload(rng, kind, method.input, ctx, method);
      headers.push(['content-type', 'application/json']);
    }
  }
  return { transport: 'REST', answerAs: 'rest', spec: { method: route.method, path: target, headers, body } };
}

function pathValue(rng: Rng, mode: MessageMode, name: string, hints: ValueHints): string {
  if (mode === 'bad-number' || mode === 'wrong-type') return hostileUrlText(rng);
  if (mode === 'bad-string') return rng.pick(['%00', '1%00', '%FF', '%C0%80', '%ED%A0%80']);
  if (name.includes('batch')) return rng.pick(['00000000-0000-4000-8000-000000000000', 'not-a-uuid']);
  if (name.includes('sku') && hints.skus.length > 0) return String(rng.pick(hints.skus));
  return String(rng.int(1_000_000_000, 2_000_000_000));
}

function queryString(
  rng: Rng,
  mode: MessageMode,
  input: DescMessage,
  route: RestRoute,
  hints: ValueHints,
): string {
  const pairs: string[] = [];
  for (const field of input.fields) {
    if (route.path.includes(`{${field.name}}`)) continue;
    if (mode !== 'valid' && rng.bool(0.3)) continue;
    const name = rng.bool(0.5) ? field.jsonName : field.name;
    let value: string;
    if (mode === 'bad-number') value = encodeURIComponent(rng.pick(HOSTILE_NUMBER_TEXTS));
    else if (mode === 'bad-string')
      value = rng.pick(['%00', 'a%00b', '%FF', '%C0%80', '%ED%A0%80', '%', '%zz']);
    else if (mode === 'wrong-type') value = rng.pick(['[1]', '{}', 'true', 'null', '']);
    else if (field.name.includes('sku') && hints.skus.length > 0 && !field.name.includes('after'))
      value = String(rng.pick(hints.skus));
    else if (field.name.includes('count') || field.name.includes('size')) value = String(rng.int(1, 20));
    else if (field.name.includes('token')) value = '';
    else value = String(rng.int(1, 1000));
    pairs.push(`${name}=${value}`);
    if (mode !== 'valid' && rng.bool(0.1)) pairs.push(`${name}=${rng.int(1, 9)}`);
  }
  if (mode !== 'valid' && rng.bool(0.15))
    pairs.push(rng.pick(['unknown=1', 'sku[]=1', 'sku.value=1', 'sku', '=1', '&&', '%00=1']));
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

function cartRequest(rng: Rng, kind: Kind): Built {
  const route = rng.pick(kind === 'huge-value' ? CART_ROUTES.filter((r) => r.body) : CART_ROUTES);
  const mode: MessageMode = ['bad-number', 'bad-string', 'wrong-type'].includes(kind)
    ? (kind as MessageMode)
    : 'valid';
  const seedSkus = ['1076963', '139275865', '2956315', '135717466'];
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (mode === 'valid' || rng.bool(0.4))
      return name === 'sku' ? rng.pick(seedSkus) : String(rng.int(1, 500));
    if (mode === 'bad-string') return rng.pick(['%00', '1%00', '%FF', '%C0%80']);
    return rng.bool(0.5)
      ? hostileUrlText(rng)
      : rng.pick([
          '0',
          '-1',
          '00000000000000000001',
          '9223372036854775807',
          '9223372036854775808',
          '99999999999999999999',
          '1.5',
          '1e3',
          '+1',
          '0x1',
        ]);
  });
  const headers: Array<[string, string | Buffer]> = [];
  let body: Buffer = Buffer.alloc(0);
  if (
    route.body ||
    kind === 'random-body' ||
    kind === 'huge-body' ||
    kind === 'deep-nesting' ||
    kind === 'slow-body'
  ) {
    body = flatJsonBody(rng, kind, 'count', () => String(rng.int(1, 3)));
    headers.push(['content-type', 'application/json']);
  }
  return { transport: 'REST', answerAs: 'rest', spec: { method: route.method, path, headers, body } };
}

function storefrontRequest(rng: Rng, kind: Kind): Built {
  if (kind === 'valid' && rng.bool(0.25))
    return {
      transport: 'HTTP',
      answerAs: 'http',
      spec: { method: 'GET', path: rng.pick(STOREFRONT_ASSETS), headers: [], body: Buffer.alloc(0) },
    };
  const route = rng.pick(kind === 'huge-value' ? STOREFRONT_ROUTES.filter((r) => r.body) : STOREFRONT_ROUTES);
  const mode: MessageMode = ['bad-number', 'bad-string', 'wrong-type'].includes(kind)
    ? (kind as MessageMode)
    : 'valid';
  const seedSkus = ['1076963', '139275865', '2956315'];
  const hostileId = () =>
    rng.bool(0.6)
      ? rng.pick([
          '0',
          '00000000000000000001',
          '9223372036854775807',
          '9223372036854775808',
          '99999999999999999999',
          '18446744073709551616',
        ])
      : hostileUrlText(rng);
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    mode === 'valid' || rng.bool(0.4)
      ? name === 'sku'
        ? rng.pick(seedSkus)
        : String(rng.int(1, 500))
      : hostileId(),
  );
  let target = path;
  if (route.query) {
    const pairs = route.query
      .filter(() => mode === 'valid' || rng.bool(0.8))
      .map((name) => {
        if (mode === 'valid')
          return `${name}=${name === 'sku' ? rng.pick(seedSkus) : name === 'count' ? rng.int(1, 10) : rng.int(1, 50)}`;
        if (mode === 'bad-string') return `${name}=${rng.pick(['%00', '%FF', '%C0%80'])}`;
        return `${name}=${rng.bool(0.5) ? encodeURIComponent(rng.pick(HOSTILE_NUMBER_TEXTS)) : hostileId()}`;
      });
    if (mode !== 'valid' && rng.bool(0.2)) pairs.push(rng.pick(['x-api-key=1', 'sku=1&sku=2', '%00=1']));
    if (pairs.length > 0) target += `?${pairs.join('&')}`;
  }
  const headers: Array<[string, string | Buffer]> = [];
  let body: Buffer = Buffer.alloc(0);
  if (
    route.body ||
    kind === 'random-body' ||
    kind === 'huge-body' ||
    kind === 'deep-nesting' ||
    kind === 'slow-body'
  ) {
    const field = route.body ?? 'count';
    const valid = () =>
      field === 'comment' ? '"fuzz"' : field === 'sku' ? rng.pick(seedSkus) : String(rng.int(1, 3));
    body =
      field === 'comment' && mode === 'valid' && kind === 'valid'
        ? Buffer.from(`{"user_id":${rng.int(1, 50)},"sku":${rng.pick(seedSkus)},"comment":"fuzz"}`)
        : flatJsonBody(rng, kind, field, valid);
    headers.push(['content-type', 'application/json']);
  }
  return { transport: 'REST', answerAs: 'rest', spec: { method: route.method, path: target, headers, body } };
}

function opsRequest(rng: Rng, kind: Kind): Built {
  const path = rng.pick(OPS_PATHS);
  const body = kind === 'valid' ? Buffer.alloc(0) : flatJsonBody(rng, kind, 'x', () => '1');
  return {
    transport: 'HTTP',
    answerAs: 'http',
    spec: { method: body.length > 0 ? rng.pick(['POST', 'PUT', 'GET']) : 'GET', path, headers: [], body },
  };
}

function unknownRoute(rng: Rng, target: Target, ctx: GenContext): Built {
  const method = rng.weighted<string>([
    ['GET', 4],
    ['POST', 4],
    ['DELETE', 1],
    ['PUT', 1],
    ['PATCH', 1],
    ['HEAD', 1],
    ['OPTIONS', 1],
    [rng.pick(UNKNOWN_METHODS), 2],
  ]);
  const known =
    target.rpc !== undefined
      ? [
          ...REST_ROUTES[target.rpc].map((r) => r.path.replace(/\{\w+\}/g, '1')),
          ...RPC_SERVICES[target.rpc].methods.map((m) => `/${RPC_SERVICES[target.rpc!].typeName}/${m.name}`),
        ]
      : target.profile === 'cart'
        ? CART_ROUTES.map((r) => r.path.replace(/\{\w+\}/g, '1'))
        : target.profile === 'storefront'
          ? STOREFRONT_ROUTES.map((r) => r.path.replace(/\{\w+\}/g, '1'))
          : OPS_PATHS;
  // Known paths with the wrong method, paths no one serves, docs and ops endpoints.
  const path = rng.weighted<() => string>([
    [() => rng.pick(UNKNOWN_PATHS), 5],
    [() => rng.pick(known), 3],
    [() => rng.pick([...DOC_PATHS, ...OPS_PATHS]), 1],
    [
      () =>
        `/${Array.from({ length: rng.int(1, 6) }, () => rng.bytes(rng.int(1, 8)).toString('hex')).join('/')}`,
      2,
    ],
  ])();
  const headers: Array<[string, string | Buffer]> = [];
  if (target.rpc === 'products') headers.push(['x-api-key', ctx.apiKey]);
  if (method === 'OPTIONS' && rng.bool(0.7))
    headers.push(
      ['origin', rng.pick(['http://localhost:8090', 'http://evil.example', 'null'])],
      ['access-control-request-method', 'POST'],
    );
  let body: Buffer = Buffer.alloc(0);
  if (method === 'POST' || rng.bool(0.2)) {
    body = Buffer.from('{}');
    headers.push(['content-type', rng.pick(['application/json', 'application/proto', 'application/grpc'])]);
  }
  if (target.listener === 'grpc' && rng.bool(0.5)) {
    const others = headers.filter(([n]) => n !== 'content-type');
    headers.splice(0, headers.length, ...others, ['content-type', 'application/grpc'], ['te', 'trailers']);
    body = grpcFrame(Buffer.alloc(0));
  }
  const answerAs: AnswerProtocol = headers.some(
    ([n, v]) => n === 'content-type' && String(v).startsWith('application/grpc'),
  )
    ? 'grpc'
    : 'http';
  if (target.listener === 'http') headers.unshift(['host', `127.0.0.1:${target.port}`]);
  return { transport: 'HTTP', answerAs, spec: { method, path, headers, body } };
}

// --- payloads ---

/** A JSON body for an RPC input message, by kind. */
function jsonPayload(
  rng: Rng,
  kind: Kind,
  message: DescMessage,
  ctx: GenContext,
  method: DescMethod,
): Buffer {
  const hints = MUTATING_RPCS.has(method.name) ? { ...ctx.hints, skus: [] } : ctx.hints;
  const aField = message.fields.length > 0 ? rng.pick(message.fields).name : 'x';
  const stringField = message.fields.find((f) => f.fieldKind === 'scalar' && f.scalar === 9)?.name ?? aField;
  switch (kind) {
    case 'bad-number':
    case 'bad-string':
      return messageJson(rng, message, kind, hints);
    case 'wrong-type':
      return rng.bool(0.7)
        ? messageJson(rng, message, 'wrong-type', hints)
        : Buffer.from(rng.pick(NON_OBJECT_DOCUMENTS));
    case 'deep-nesting':
      return deepJsonBody(rng, aField);
    case 'huge-body':
      // In a text field, or in any field (an id): a value the error message might echo back whole.
      return hugeJsonBody(rng, rng.bool(0.5) ? stringField : aField);
    case 'huge-value': {
      const numeric = message.fields.filter(
        (f) => f.fieldKind === 'scalar' && f.scalar !== 9 && f.scalar !== 8,
      );
      const field = numeric.length > 0 ? rng.pick(numeric) : undefined;
      if (!field) return messageJson(rng, message, 'valid', hints);
      // Alone: the same field under its other name would be refused as set twice before its value is read.
      const key = JSON.stringify(rng.bool(0.5) ? field.jsonName : field.name);
      return Buffer.concat([Buffer.from(`{${key}:`), hugeValue(rng), Buffer.from('}')]);
    }
    case 'random-body':
      return rng.bytes(rng.int(1, 2048));
    default:
      return messageJson(rng, message, 'valid', hints);
  }
}

/** A binary body for an RPC input message, by kind. */
function binaryPayload(
  rng: Rng,
  kind: Kind,
  message: DescMessage,
  ctx: GenContext,
  method: DescMethod,
): Buffer {
  const hints = MUTATING_RPCS.has(method.name) ? { ...ctx.hints, skus: [] } : ctx.hints;
  switch (kind) {
    case 'bad-number':
    case 'bad-string':
    case 'wrong-type':
      return messageBinary(rng, message, kind, hints);
    case 'deep-nesting': {
      const nested = message.fields.find(
        (f) => f.fieldKind === 'message' || (f.fieldKind === 'list' && f.listKind === 'message'),
      );
      return rng.pick<() => Buffer>([
        () => deepGroups(100_000),
        () => deepNestedMessage(50_000, nested?.number ?? 99),
        () =>
          Buffer.concat([messageBinary(rng, message, 'valid', hints), deepGroups(rng.int(1_000, 200_000))]),
      ])();
    }
    case 'huge-body': {
      const stringField = message.fields.find((f) => f.fieldKind === 'scalar' && f.scalar === 9);
      const size = MIB + rng.pick([-64, -8, 0, 1, 64, 4096]);
      const valid = messageBinary(rng, message, 'valid', hints);
      const padding = Math.max(0, size - valid.length - 8);
      return Buffer.concat([
        valid,
        lengthDelimited(stringField?.number ?? 99, Buffer.alloc(padding, 0x61)),
      ]).subarray(0, size);
    }
    case 'random-body':
      return rng.bytes(rng.int(1, 2048));
    default:
      return messageBinary(rng, message, 'valid', hints);
  }
}

const NON_OBJECT_DOCUMENTS = [
  '[1,2,3]',
  '"str"',
  '1',
  'null',
  'true',
  '',
  ' ',
  '{',
  '}',
  '{"a":1,}',
  "{'a':1}",
  '\ufeff{}',
  '{} {}',
  '{}garbage',
  '{"a":1}\u0000',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":undefined}',
  '{"a":01}',
  '{"a":.5}',
  '{"a":1.}',
  '{"a":-}',
  '{"a":"\\u00"}',
  '{"a" 1}',
  '[',
  '{"a":[}',
];

/** A JSON object with one field (the cart's `{"count": N}` and the proxy's small bodies), by kind. */
function flatJsonBody(rng: Rng, kind: Kind, field: string, valid: () => string): Buffer {
  const key = JSON.stringify(field);
  switch (kind) {
    case 'bad-number':
      return Buffer.from(
        `{${key}:${rng.bool(0.6) ? rng.pick(HOSTILE_NUMBER_LITERALS) : JSON.stringify(rng.pick(HOSTILE_NUMBER_TEXTS))}}`,
      );
    case 'bad-string':
      return Buffer.concat([Buffer.from(`{${key}:"`), hostileStringBytes(rng), Buffer.from('"}')]);
    case 'wrong-type':
      return Buffer.from(
        rng.bool(0.5)
          ? `{${key}:${rng.pick(['true', 'null', '[]', '{}', '[1]', '"1"', '{"$gt":0}'])}}`
          : rng.pick(NON_OBJECT_DOCUMENTS),
      );
    case 'deep-nesting':
      return deepJsonBody(rng, field);
    case 'huge-body':
      return hugeJsonBody(rng, field);
    case 'huge-value':
      return Buffer.concat([Buffer.from(`{${key}:`), hugeValue(rng), Buffer.from('}')]);
    case 'random-body':
      return rng.bytes(rng.int(1, 2048));
    default:
      return Buffer.from(`{${key}:${valid()}}`);
  }
}

/**
 * A value of 20 KB to just under 1 MiB for a number field (an id, a count), as a JSON number or a
 * string of digits or letters: an error message that quotes it whole no longer fits an HTTP/2 header.
 */
function hugeValue(rng: Rng): Buffer {
  const size = rng.pick([20_000, 100_000, MIB - 1024]);
  return rng.weighted<() => Buffer>([
    [() => Buffer.from(`1${'0'.repeat(size)}`), 1],
    [() => Buffer.from(`"${'9'.repeat(size)}"`), 1],
    [() => Buffer.from(`"${'a'.repeat(size)}"`), 1],
    [() => Buffer.from(`-${'9'.repeat(size)}.5e-3`), 1],
  ])();
}

function deepJsonBody(rng: Rng, field: string): Buffer {
  const deep = deepJson(rng.pick([10_000, 100_000, 100_000]), rng.bool(0.7) ? 'array' : 'object');
  if (rng.bool(0.4)) return deep;
  return Buffer.concat([Buffer.from(`{${JSON.stringify(field)}:`), deep, Buffer.from('}')]);
}

/** Just under or just over 1 MiB (the message limit), as one long string or many small numbers. */
function hugeJsonBody(rng: Rng, field: string): Buffer {
  const size = MIB + rng.pick([-64, -16, -1, 0, 1, 16, 64, 512 * 1024]);
  const prefix = `{${JSON.stringify(field)}:`;
  return rng.weighted<() => Buffer>([
    [() => jsonOfSize(size, prefix), 3],
    [() => jsonArrayOfSize(size, prefix), 2],
    [() => jsonOfSize(size, prefix, '\u0000'), 1],
    [() => jsonOfSize(rng.pick([size, 100_000, 20_000]), prefix, '9'), 2],
    [
      () => Buffer.concat([Buffer.from(prefix), Buffer.alloc(size - prefix.length, ' '), Buffer.from('1}')]),
      1,
    ],
  ])();
}

/** A gRPC frame broken on purpose: lying lengths, cut short, unknown flags, extra frames. */
function mutatedFrame(rng: Rng, payload: Buffer): Buffer {
  return rng.weighted<() => Buffer>([
    [() => grpcFrame(payload, { declared: payload.length + rng.int(1, 100) }), 3],
    [() => grpcFrame(payload, { declared: rng.pick([0xffffffff, 0x7fffffff, MIB + 1, 16 * MIB]) }), 3],
    [() => grpcFrame(payload).subarray(0, rng.int(0, 4)), 2],
    [() => grpcFrame(payload, { flags: rng.pick([0x02, 0x04, 0x80, 0x81, 0xff]) }), 2],
    [() => grpcFrame(payload, { flags: 1 }), 2],
    [() => Buffer.concat([grpcFrame(payload), grpcFrame(payload)]), 1],
    [() => Buffer.concat([grpcFrame(payload), rng.bytes(rng.int(1, 7))]), 1],
    [() => grpcFrame(payload, { declared: Math.max(0, payload.length - 1) }), 1],
    [() => grpcFrame(Buffer.alloc(MIB + rng.int(1, 4096), 0x61)), 1],
    [() => Buffer.alloc(0), 1],
  ])();
}

// --- kinds that change headers or the way a body is sent ---

const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json;;;',
  'application/proto',
  'application/json',
  'application/grpc',
  'application/grpc+json',
  'application/grpc+xml',
  'application/grpc-web+json',
  'application/grpc-web-text+proto',
  'application/connect+proto',
  'application/connect+json',
  'application/grpcx',
  'APPLICATION/JSON',
  '*/*',
  '',
  `application/${'x'.repeat(2000)}`,
];

const ENCODINGS = ['gzip', 'deflate', 'br'] as const;
const UNKNOWN_ENCODINGS = [
  'zstd',
  'compress',
  'x-gzip',
  'gzip, gzip',
  'identity',
  'GZIP',
  'snappy',
  'gzip;q=1',
  ' ',
  'br, deflate',
];

function applyHttpKind(rng: Rng, built: Built, kind: Kind): void {
  const { spec } = built;
  const grpcish = built.answerAs === 'grpc' || built.answerAs.startsWith('grpc-web');
  const setHeader = (name: string, value: string | Buffer) => {
    spec.headers = spec.headers.filter(([n]) => n.toLowerCase() !== name);
    spec.headers.push([name, value]);
  };
  switch (kind) {
    case 'content-type': {
      const choice = rng.pick(WRONG_CONTENT_TYPES);
      if (choice === '' && rng.bool(0.5)) spec.headers = spec.headers.filter(([n]) => n !== 'content-type');
      else setHeader('content-type', choice);
      break;
    }
    case 'encoding': {
      const encodingHeader = grpcish ? 'grpc-encoding' : 'content-encoding';
      const encoding = rng.pick(ENCODINGS);
      const variant = rng.int(0, 5);
      if (grpcish) {
        const message = unframe(spec.body, built.answerAs === 'grpc-web-text');
        const framed = (flags: number, payload: Buffer) => {
          const frame = grpcFrame(payload, { flags });
          return built.answerAs === 'grpc-web-text' ? Buffer.from(frame.toString('base64')) : frame;
        };
        if (variant === 0) {
          setHeader(encodingHeader, encoding);
          spec.body = framed(1, compress(encoding, message));
        } else if (variant === 1) {
          setHeader(encodingHeader, encoding);
          spec.body = framed(1, message);
        } else if (variant === 2) {
          spec.body = framed(1, compress('gzip', message));
        } else if (variant === 3) {
          setHeader(encodingHeader, rng.pick(UNKNOWN_ENCODINGS));
          spec.body = framed(1, compress('gzip', message));
        } else if (variant === 4) {
          setHeader(encodingHeader, 'gzip');
          spec.body = framed(1, compress('deflate', message));
        } else {
          setHeader(encodingHeader, encoding);
          setHeader('grpc-accept-encoding', rng.pick(UNKNOWN_ENCODINGS));
          spec.body = framed(1, Buffer.concat([compress(encoding, message).subarray(0, 10), rng.bytes(20)]));
        }
      } else if (variant <= 1) {
        setHeader(encodingHeader, encoding);
        spec.body = compress(encoding, spec.body);
      } else if (variant === 2) {
        setHeader(encodingHeader, encoding);
      } else if (variant === 3) {
        setHeader(encodingHeader, rng.pick(UNKNOWN_ENCODINGS));
      } else if (variant === 4) {
        setHeader(encodingHeader, 'gzip');
        spec.body = compress('deflate', spec.body);
      } else {
        setHeader(encodingHeader, encoding);
        spec.body = compress(encoding, spec.body).subarray(0, 12);
      }
      break;
    }
    case 'compression-bomb': {
      const encoding = rng.weighted<(typeof ENCODINGS)[number]>([
        ['gzip', 3],
        ['deflate', 1],
        ['br', 1],
      ]);
      const bomb = compressionBombs()[encoding];
      if (grpcish) {
        setHeader('grpc-encoding', encoding);
        const frame = grpcFrame(bomb, { flags: 1 });
        spec.body = built.answerAs === 'grpc-web-text' ? Buffer.from(frame.toString('base64')) : frame;
      } else {
        setHeader('content-encoding', encoding);
        if (!spec.headers.some(([n]) => n === 'content-type'))
          spec.headers.push(['content-type', 'application/json']);
        spec.body = bomb;
      }
      if (spec.method === 'GET' || spec.method === 'DELETE') spec.method = 'POST';
      break;
    }
    case 'oversized-headers':
      rng.weighted<() => void>([
        [() => spec.headers.push(['x-fuzz', 'a'.repeat(rng.pick([16 * 1024, 20_000, 64 * 1024]))]), 3],
        [
          () => {
            for (let i = 0; i < rng.pick([200, 1000, 3000]); i++)
              spec.headers.push([`x-fuzz-${i}`, 'v'.repeat(20)]);
          },
          2,
        ],
        [
          () =>
            spec.headers.push([
              'cookie',
              Array.from({ length: 2000 }, (_, i) => `c${i}=${'x'.repeat(8)}`).join('; '),
            ]),
          1,
        ],
        [
          () => {
            spec.path += `${spec.path.includes('?') ? '&' : '?'}pad=${'p'.repeat(rng.pick([9_000, 20_000, 70_000]))}`;
          },
          2,
        ],
        [() => setHeader('x-api-key', 'k'.repeat(20_000)), 1],
      ])();
      break;
    case 'grpc-metadata':
      rng.weighted<() => void>([
        [
          () =>
            setHeader(
              'grpc-timeout',
              rng.pick(['0n', '1n', '1m', '99999999H', '100000000S', '-1S', '1x', 'abc', '', '1']),
            ),
          3,
        ],
        [() => setHeader('connect-timeout-ms', rng.pick(['0', '1', '-1', 'abc', '99999999999', '1.5'])), 2],
        [() => setHeader('connect-protocol-version', rng.pick(['2', '0', 'x', ''])), 1],
        [() => setHeader('te', rng.pick(['gzip', 'foo', ''])), 1],
        [() => setHeader(`x-fuzz-bin`, rng.pick(['!!!', 'AAA', '====', 'a'.repeat(4000)])), 1],
        [() => setHeader('idempotency-key', rng.pick(['', 'k'.repeat(5000), '\u00ff\u00fe', '%00'])), 2],
        [() => setHeader('x-api-key', rng.pick(['', 'wrong', 'testToken ', '\u00ff'])), 1],
        [
          () =>
            setHeader(
              'authorization',
              rng.pick(['Bearer', 'Bearer x.y.z', 'Basic Zm9vOmJhcg==', `Bearer ${'a'.repeat(8000)}`]),
            ),
          1,
        ],
        [
          () =>
            setHeader('x-forwarded-for', rng.pick(['1.2.3.4', 'garbage', '::1, 10.0.0.1', '9'.repeat(300)])),
          1,
        ],
      ])();
      break;
    case 'valid':
      if (!grpcish && spec.body.length > 0 && rng.bool(0.1)) spec.chunked = true;
      break;
    case 'slow-body':
      spec.slow = true;
      // The head promises more than the slow client will send before the server's request timeout.
      spec.declaredExtra = 2_000;
      spec.body = spec.body.length > 0 ? spec.body : Buffer.from('{}');
      if (spec.method === 'GET' || spec.method === 'DELETE') spec.method = 'POST';
      if (!spec.headers.some(([n]) => n === 'content-type'))
        spec.headers.push(['content-type', 'application/json']);
      break;
  }
}

function unframe(body: Buffer, base64: boolean): Buffer {
  const bytes = base64 ? Buffer.from(body.toString('latin1'), 'base64') : body;
  return bytes.length >= 5 ? bytes.subarray(5) : Buffer.alloc(0);
}

function slowBody(rng: Rng, body: Buffer): SlowBody {
  const step = rng.int(1, 3);
  const chunks: Buffer[] = [];
  for (let at = 0; at < body.length && chunks.length < 40; at += step)
    chunks.push(body.subarray(at, at + step));
  return { chunks, intervalMs: rng.int(350, 700) };
}

// --- putting requests on the wire ---

function toHttp1(spec: HttpSpec): Buffer {
  if (spec.chunked) {
    const headers: Array<[string, string | Buffer]> = [
      ...spec.headers,
      ['transfer-encoding', 'chunked'],
      ['connection', 'close'],
    ];
    const half = Math.ceil(spec.body.length / 2);
    const chunk = (b: Buffer) =>
      Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);
    const body = Buffer.concat([
      chunk(spec.body.subarray(0, half)),
      chunk(spec.body.subarray(half)),
      Buffer.from('0\r\n\r\n'),
    ]);
    return Buffer.concat([http1Bytes(spec.method, spec.path, headers, undefined), body]);
  }
  const headers: Array<[string, string | Buffer]> = [...spec.headers, ['connection', 'close']];
  const hasBody = spec.body.length > 0 || !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(spec.method);
  return http1Bytes(spec.method, spec.path, headers, hasBody ? spec.body : undefined);
}

function http1Head(spec: HttpSpec, declaredLength: number): Buffer {
  return http1Bytes(spec.method, spec.path, [
    ...spec.headers,
    ['content-length', String(declaredLength)],
    ['connection', 'close'],
  ]);
}

const H2_FORBIDDEN = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'host',
]);

function h2Headers(spec: HttpSpec): http2.OutgoingHttpHeaders {
  const headers: http2.OutgoingHttpHeaders = {
    ':method': spec.method,
    ':path': spec.path,
    ':scheme': 'http',
  };
  for (const [rawName, rawValue] of spec.headers) {
    const name = rawName.toLowerCase();
    if (H2_FORBIDDEN.has(name) || (name === 'te' && rawValue !== 'trailers')) continue;
    // node:http2 refuses control characters in values: they are a raw-frame case of their own.
    const value = [...(Buffer.isBuffer(rawValue) ? rawValue.toString('latin1') : rawValue)]
      .map((ch) => {
        const code = ch.charCodeAt(0);
        return (code < 0x20 && code !== 0x09) || code === 0x7f ? '?' : ch;
      })
      .join('');
    // One value per name: node:http2 refuses repeats of most headers before anything is sent.
    headers[name] = value;
  }
  return headers;
}

function describe(spec: HttpSpec): string {
  const notable = spec.headers
    .filter(([n]) => /content-type|encoding|grpc-timeout|connect-timeout|^te$/.test(n))
    .map(([n, v]) => `${n}: ${preview(Buffer.isBuffer(v) ? v : Buffer.from(v, 'latin1'), 40)}`);
  const big = spec.headers.reduce((sum, [n, v]) => sum + n.length + v.length, 0);
  const headerNote = big > 4096 ? ` [headers ${big} bytes]` : '';
  return `${notable.join('; ')}${headerNote}${spec.slow ? ' [slow body]' : ''} body=${preview(spec.body, 64)}`;
}

// --- raw cases: bytes that are not (quite) HTTP ---

function randomBytesCase(rng: Rng, index: number, target: Target): FuzzCase {
  const h2 = target.listener === 'grpc';
  const bytes = rng.weighted<() => Buffer>([
    [() => rng.bytes(rng.int(1, 4096)), 4],
    [() => Buffer.concat([Buffer.from('POST / HTTP/1.1\r\n'), rng.bytes(rng.int(1, 2048))]), 2],
    [
      () =>
        Buffer.concat([Buffer.from('GET /'), rng.bytes(rng.int(1, 200)), Buffer.from(' HTTP/1.1\r\n\r\n')]),
      1,
    ],
    [() => Buffer.concat([H2_PREFACE, rng.bytes(rng.int(1, 4096))]), h2 ? 3 : 1],
  ])();
  return {
    index,
    kind: 'random-bytes',
    target,
    transport: 'raw TCP',
    what: `${bytes.length} random bytes`,
    answerAs: h2 ? 'h2-raw' : 'http',
    send: h2 ? { via: 'h2-raw', bytes } : { via: 'http1', bytes },
    count: 1,
    preview: preview(bytes, 48),
  };
}

function malformedHttpCase(rng: Rng, index: number, target: Target, ctx: GenContext): FuzzCase {
  const host = `host: 127.0.0.1:${target.port}\r\n`;
  const key = target.rpc === 'products' ? `x-api-key: ${ctx.apiKey}\r\n` : '';
  const path =
    target.rpc === 'loms'
      ? '/stock/info?sku=1076963'
      : target.rpc === 'comments'
        ? '/comment/list-by-sku'
        : target.rpc === 'users'
          ? '/api/v1/auth/token'
          : '/healthz';
  const text = rng.pick<string>([
    `GET ${path} HTTP/9.9\r\n${host}\r\n`,
    `GET ${path}\r\n\r\n`,
    `GET  ${path}  HTTP/1.1\r\n${host}\r\n`,
    `GET ${path} HTTP/1.1\n${host.trim()}\n\n`,
    `GET ${path} HTTP/1.1\r\n\r\n`,
    `GET ${path} HTTP/1.1\r\n${host}${host}\r\n`,
    `GET ${path} HTTP/1.1\r\n${host}no-colon-here\r\n\r\n`,
    `GET ${path} HTTP/1.1\r\n${host}x-fuzz : spaced\r\n\r\n`,
    `GET ${path} HTTP/1.1\r\n${host}x-fuzz: a\r\n folded\r\n\r\n`,
    `GET ${path} HTTP/1.1\r\n${host}x-f\u0000uzz: a\r\n\r\n`,
    `GET ${path} HTTP/1.1\r\n${host}x-fuzz: a\u0000b\r\n\r\n`,
    `GET ${path} HTTP/1.1\r\n${host}(bad)name: a\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\n${host}${key}content-length: 5\r\ncontent-length: 6\r\n\r\n{}{}{}`,
    `POST ${path} HTTP/1.1\r\n${host}${key}content-length: 4\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\n${host}${key}transfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\n${host}${key}transfer-encoding: chunked\r\n\r\nffffffffffffffff\r\n{}\r\n0\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\n${host}${key}transfer-encoding: chunked\r\n\r\n2;${'e'.repeat(20_000)}\r\n{}\r\n0\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\n${host}${key}transfer-encoding: chunked\r\n\r\n-2\r\n{}\r\n0\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\n${host}${key}transfer-encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\n${host}${key}transfer-encoding: identity\r\n\r\n{}`,
    `POST ${path} HTTP/1.1\r\n${host}${key}content-length: -1\r\n\r\n{}`,
    `POST ${path} HTTP/1.1\r\n${host}${key}content-length: 1e3\r\n\r\n{}`,
    `POST ${path} HTTP/1.1\r\n${host}${key}content-length: 99999999999999999999\r\n\r\n{}`,
    `POST ${path} HTTP/1.1\r\n${host}${key}content-length: 2, 2\r\n\r\n{}`,
    `POST ${path} HTTP/1.1\r\n${host}${key}content-type: application/json\r\ncontent-length: 2\r\nexpect: 100-continue\r\n\r\n{}`,
    `POST ${path} HTTP/1.1\r\n${host}${key}expect: fuzz\r\ncontent-length: 2\r\n\r\n{}`,
    `GET ${path} HTTP/1.0\r\nconnection: keep-alive\r\n\r\n`,
    `GET ${path} HTTP/1.1\r\n${host}${key}\r\nGET ${path} HTTP/1.1\r\n${host}${key}\r\n\u0000\u0001\u0002garbage\r\n\r\n`,
    `GET ${path} HTTP/1.1\r\n${host}connection: Upgrade, HTTP2-Settings\r\nupgrade: h2c\r\nhttp2-settings: !!!\r\n\r\n`,
    `GET ${path} HTTP/1.1\r\n${host}connection: Upgrade\r\nupgrade: websocket\r\nsec-websocket-key: x\r\nsec-websocket-version: 13\r\n\r\n`,
    `CONNECT 127.0.0.1:22 HTTP/1.1\r\n${host}\r\n`,
    `GET http://evil.example/ HTTP/1.1\r\n${host}\r\n`,
    `GET ${path}#frag HTTP/1.1\r\n${host}\r\n`,
    `\r\n\r\n\r\nGET ${path} HTTP/1.1\r\n${host}\r\n`,
    `G\u00c9T ${path} HTTP/1.1\r\n${host}\r\n`,
    `GET /\u00ff\u00fe HTTP/1.1\r\n${host}\r\n`,
    `GET ${path}\u0000 HTTP/1.1\r\n${host}\r\n`,
    `GET ${path} HTTP/1.1\r\n${host}${'x-many: v\r\n'.repeat(3000)}\r\n`,
  ]);
  const bytes = Buffer.from(text, 'latin1');
  return {
    index,
    kind: 'malformed-http',
    target,
    transport: 'raw TCP',
    what: JSON.stringify(text.split('\r\n')[0]!.slice(0, 60)),
    answerAs: target.listener === 'grpc' ? 'h2-raw' : 'http',
    send: target.listener === 'grpc' ? { via: 'h2-raw', bytes } : { via: 'http1', bytes },
    count: 1,
    preview: preview(bytes, 96),
  };
}

function h2FramesCase(rng: Rng, index: number, target: Target): FuzzCase {
  const service = RPC_SERVICES[target.rpc!];
  const path = `/${service.typeName}/${rng.pick(service.methods).name}`;
  const settings = h2Frame(0x4, 0, 0, Buffer.alloc(0));
  const requestHeaders = (extra: Array<[string, string | Buffer]> = []) =>
    hpackLiterals([
      [':method', 'POST'],
      [':scheme', 'http'],
      [':path', path],
      [':authority', `127.0.0.1:${target.port}`],
      ['content-type', 'application/grpc'],
      ['te', 'trailers'],
      ...extra,
    ]);
  const END_STREAM = 0x1;
  const END_HEADERS = 0x4;
  const [label, frames] = rng.weighted<() => [string, Buffer[]]>([
    [
      () => [
        'random frames',
        Array.from({ length: rng.int(1, 20) }, () =>
          h2Frame(rng.int(0, 12), rng.int(0, 255), rng.int(0, 9), rng.bytes(rng.int(0, 64))),
        ),
      ],
      3,
    ],
    [() => ['garbage HPACK', [h2Frame(0x1, END_HEADERS | END_STREAM, 1, rng.bytes(rng.int(1, 200)))]], 2],
    [
      () => [
        'rapid reset',
        Array.from({ length: 500 }, (_, i) => [
          h2Frame(0x1, END_HEADERS, 2 * i + 1, requestHeaders()),
          h2Frame(0x3, 0, 2 * i + 1, Buffer.from([0, 0, 0, 8])),
        ]).flat(),
      ],
      2,
    ],
    [
      () => [
        'CONTINUATION flood',
        [
          h2Frame(0x1, 0, 1, requestHeaders()),
          ...Array.from({ length: 2000 }, (_, i) =>
            h2Frame(0x9, 0, 1, hpackLiterals([[`x-c${i}`, 'v'.repeat(40)]])),
          ),
        ],
      ],
      2,
    ],
    [() => ['PING flood', Array.from({ length: 2000 }, () => h2Frame(0x6, 0, 0, Buffer.alloc(8)))], 1],
    [
      () => [
        'SETTINGS flood',
        Array.from({ length: 2000 }, () => h2Frame(0x4, 0, 0, Buffer.from([0, 3, 0, 0, 0, 100]))),
      ],
      1,
    ],
    [
      () => [
        'bad SETTINGS',
        [
          h2Frame(
            0x4,
            0,
            0,
            rng.pick([
              Buffer.from([0, 4, 0xff, 0xff, 0xff, 0xff]),
              Buffer.from([0, 5, 0, 0, 0, 1]),
              Buffer.from([0, 2, 0, 0, 0, 7]),
              Buffer.from([0, 1]),
            ]),
          ),
        ],
      ],
      1,
    ],
    [
      () => [
        'WINDOW_UPDATE 0',
        [
          h2Frame(0x8, 0, 0, Buffer.from([0, 0, 0, 0])),
          h2Frame(0x8, 0, 0, Buffer.from([0x7f, 0xff, 0xff, 0xff])),
          h2Frame(0x8, 0, 0, Buffer.from([0x7f, 0xff, 0xff, 0xff])),
        ],
      ],
      1,
    ],
    [() => ['DATA on stream 0', [h2Frame(0x0, 0, 0, Buffer.from('x'))]], 1],
    [() => ['even stream id', [h2Frame(0x1, END_HEADERS | END_STREAM, 2, requestHeaders())]], 1],
    [
      () => [
        'decreasing stream ids',
        [h2Frame(0x1, END_HEADERS, 5, requestHeaders()), h2Frame(0x1, END_HEADERS, 3, requestHeaders())],
      ],
      1,
    ],
    [() => ['oversized frame', [h2Frame(0x0, 0, 1, Buffer.alloc(20_000))]], 1],
    [() => ['self-dependent PRIORITY', [h2Frame(0x2, 0, 1, Buffer.from([0, 0, 0, 1, 16]))]], 1],
    [
      () => [
        'uppercase and NUL header',
        [
          h2Frame(
            0x1,
            END_HEADERS | END_STREAM,
            1,
            requestHeaders([
              ['X-Upper', 'v'],
              ['x-nul', Buffer.from([0x61, 0x00, 0x62])],
              ['connection', 'close'],
            ]),
          ),
        ],
      ],
      2,
    ],
    [
      () => [
        'missing pseudo-headers',
        [h2Frame(0x1, END_HEADERS | END_STREAM, 1, hpackLiterals([['content-type', 'application/grpc']]))],
      ],
      1,
    ],
    [
      () => [
        'DATA past END_STREAM',
        [
          h2Frame(0x1, END_HEADERS | END_STREAM, 1, requestHeaders()),
          h2Frame(0x0, END_STREAM, 1, grpcFrame(Buffer.alloc(0))),
        ],
      ],
      1,
    ],
    [
      () => [
        'PUSH_PROMISE from client',
        [h2Frame(0x5, END_HEADERS, 1, Buffer.concat([Buffer.from([0, 0, 0, 2]), requestHeaders()]))],
      ],
      1,
    ],
  ])();
  const bytes = Buffer.concat([H2_PREFACE, settings, ...frames]);
  return {
    index,
    kind: 'h2-frames',
    target,
    transport: 'HTTP/2 frames',
    what: `${label} (${frames.length} frames)`,
    answerAs: 'h2-raw',
    send: { via: 'h2-raw', bytes },
    count: 1,
    preview: preview(bytes.subarray(H2_PREFACE.length + 9), 64),
  };
}
