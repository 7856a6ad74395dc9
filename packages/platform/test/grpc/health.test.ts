import { create } from '@bufbuild/protobuf';
import { Client, credentials, status } from '@grpc/grpc-js';
import {
  HealthCheckRequestSchema,
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus as Serving,
} from '@marketplace/proto/grpc/health/v1/health_pb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHealthState, type HealthState } from '../../src/grpc/health-state.ts';
import { serverStream, unary } from './grpc-calls.ts';
import type { H2cServer } from './h2c-server.ts';
import { startLomsServer } from './loms-server.ts';

const LOMS = 'marketplace.loms.v1.LomsService';
const schemas = [HealthCheckRequestSchema, HealthCheckResponseSchema] as const;

describe('grpc.health.v1.Health through a real h2c server and a grpc-js client', () => {
  let state: HealthState;
  let listeners: number;
  let server: H2cServer;
  let client: Client;

  beforeEach(async () => {
    const real = createHealthState([LOMS]);
    listeners = 0;
    // Counts live subscriptions, so a test can see a Watch handler let go of the state.
    state = {
      ...real,
      onChange(listener) {
        listeners++;
        const off = real.onChange(listener);
        return () => {
          listeners--;
          off();
        };
      },
    };
    server = await startLomsServer(state);
    client = new Client(server.address, credentials.createInsecure());
  });

  afterEach(async () => {
    client.close();
    await server.close();
  });

  const check = (service: string) =>
    unary(
      client,
      '/grpc.health.v1.Health/Check',
      [...schemas],
      create(HealthCheckRequestSchema, { service }),
    );
  const watch = (service: string) =>
    serverStream(
      client,
      '/grpc.health.v1.Health/Watch',
      [...schemas],
      create(HealthCheckRequestSchema, { service }),
    );

  it('reports the whole server as SERVING under the empty name', async () => {
    expect((await check('')).status).toBe(Serving.SERVING);
  });

  it('reports a registered service by its fully-qualified name', async () => {
    state.set(LOMS, 'NOT_SERVING');
    expect((await check(LOMS)).status).toBe(Serving.NOT_SERVING);
  });

  it('fails Check with NOT_FOUND for an unknown service', async () => {
    await expect(check('no.such.Service')).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('sends the current status at once, then each change', async () => {
    const { next, call } = watch(LOMS);
    expect((await next()).status).toBe(Serving.SERVING);
    state.set(LOMS, 'NOT_SERVING');
    expect((await next()).status).toBe(Serving.NOT_SERVING);
    state.set(LOMS, 'SERVING');
    expect((await next()).status).toBe(Serving.SERVING);
    call.cancel();
  });

  it('watches an unknown service as SERVICE_UNKNOWN until it becomes known', async () => {
    const { next, call } = watch('later.Service');
    expect((await next()).status).toBe(Serving.SERVICE_UNKNOWN);
    state.set('later.Service', 'SERVING');
    expect((await next()).status).toBe(Serving.SERVING);
    call.cancel();
  });

  it('tells watchers NOT_SERVING when the server shuts down', async () => {
    const { next, call } = watch('');
    expect((await next()).status).toBe(Serving.SERVING);
    state.shutdown();
    expect((await next()).status).toBe(Serving.NOT_SERVING);
    expect((await check(LOMS)).status).toBe(Serving.NOT_SERVING);
    call.cancel();
  });

  it('stops watching when the client cancels', async () => {
    const { next, call } = watch(LOMS);
    await next();
    expect(listeners).toBe(1);
    call.cancel();
    await vi.waitFor(() => expect(listeners).toBe(0));
  });
});
