import { Code, createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { Health, HealthCheckResponse_ServingStatus } from '@marketplace/proto/grpc/health/v1/health_pb';
import { reflect } from '@marketplace/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestComments, type TestComments } from '../support/test-comments.ts';

let t: TestComments;
beforeAll(async () => {
  t = await startTestComments();
});
afterAll(() => t?.stop());

const SERVICE = 'marketplace.comments.v1.CommentsService';

describe('gRPC discovery on the comments port', () => {
  it('lists and describes CommentsService through server reflection, as grpcurl does', async () => {
    const { services, described } = await reflect(t.grpcAddress, [SERVICE]);
    expect(services).toEqual(expect.arrayContaining([SERVICE, 'grpc.health.v1.Health']));
    expect(described[0]?.methods.map((m) => m.name)).toEqual([
      'CommentAdd',
      'CommentGetByID',
      'CommentEdit',
      'CommentListBySKU',
      'CommentListByUser',
    ]);
    expect(described[0]?.methods[3]).toEqual({
      name: 'CommentListBySKU',
      input: 'marketplace.comments.v1.CommentListBySKURequest',
      output: 'marketplace.comments.v1.CommentListBySKUResponse',
    });
  });

  it('reports SERVING through grpc.health.v1, and NotFound for an unknown service', async () => {
    const health = createClient(Health, createGrpcTransport({ baseUrl: `http://${t.grpcAddress}` }));
    expect((await health.check({ service: SERVICE })).status).toBe(HealthCheckResponse_ServingStatus.SERVING);
    await expect(health.check({ service: 'no.such.Service' })).rejects.toMatchObject({ code: Code.NotFound });
  });
});
