import { CommentsService } from '@marketplace/proto/marketplace/comments/v1/comments_pb';
import { type RestRoute, serviceTransports } from '@marketplace/testkit';
import type { TestComments } from './test-comments.ts';

type Method = keyof typeof CommentsService.method;

const post =
  (path: string): RestRoute =>
  (body) => ({ method: 'POST', path, body });

const restRoutes: Record<Method, RestRoute> = {
  commentAdd: post('/comment/add'),
  commentGetByID: post('/comment/get-by-id'),
  commentEdit: post('/comment/edit'),
  commentListBySKU: post('/comment/list-by-sku'),
  commentListByUser: post('/comment/list-by-user'),
};

/** gRPC (grpc-js), Connect JSON and REST calls to the running test service. */
export const commentsTransports = (t: () => TestComments) =>
  serviceTransports(CommentsService, t, restRoutes);
