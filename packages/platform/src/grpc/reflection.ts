import { create, type DescService } from '@bufbuild/protobuf';
import type { ConnectRouter, ServiceImpl } from '@connectrpc/connect';
import * as v1 from '@marketplace/proto/grpc/reflection/v1/reflection_pb';
import * as v1alpha from '@marketplace/proto/grpc/reflection/v1alpha/reflection_pb';
import { createDescriptorIndex, type DescriptorIndex } from './descriptor-index.ts';
import { answerReflectionRequest } from './reflection-answer.ts';

/**
 * Registers gRPC server reflection, both grpc.reflection.v1 and grpc.reflection.v1alpha (grpcurl
 * tries v1 first and falls back to v1alpha), describing `services` and the two reflection
 * services themselves. Pass every service the router serves, health included, so that
 * `grpcurl list` shows them all.
 */
export function reflectionRoutes(services: readonly DescService[]): (router: ConnectRouter) => void {
  const index = createDescriptorIndex([...services, v1.ServerReflection, v1alpha.ServerReflection]);
  return (router) => {
    router.service(v1.ServerReflection, createReflectionV1(index));
    router.service(v1alpha.ServerReflection, createReflectionV1alpha(index));
  };
}

// The two versions share message shapes but not message types, hence one small adapter each.
// Each request is answered as soon as it arrives: the stream is a conversation, not a batch.

function createReflectionV1(index: DescriptorIndex): ServiceImpl<typeof v1.ServerReflection> {
  return {
    async *serverReflectionInfo(requests) {
      for await (const request of requests) {
        yield create(v1.ServerReflectionResponseSchema, {
          validHost: request.host,
          originalRequest: request,
          messageResponse: answerReflectionRequest(index, request),
        });
      }
    },
  };
}

function createReflectionV1alpha(index: DescriptorIndex): ServiceImpl<typeof v1alpha.ServerReflection> {
  return {
    async *serverReflectionInfo(requests) {
      for await (const request of requests) {
        yield create(v1alpha.ServerReflectionResponseSchema, {
          validHost: request.host,
          originalRequest: request,
          messageResponse: answerReflectionRequest(index, request),
        });
      }
    },
  };
}
