import type { Interceptor } from '@connectrpc/connect';
import {
  type AccessPolicies,
  callerIsTheUser,
  createAuthGuard,
  type TokenVerifier,
} from '@marketplace/platform';
import { CommentsService } from '@marketplace/proto/marketplace/comments/v1/comments_pb';

/**
 * Who may call what with AUTH_MODE=jwt: every call needs a signed-in user, and a user writes and
 * lists by user only as themselves.
 */
const POLICIES: AccessPolicies<typeof CommentsService> = {
  commentAdd: callerIsTheUser,
  commentEdit: callerIsTheUser,
  commentListByUser: callerIsTheUser,
  commentGetByID: 'signed-in',
  commentListBySKU: 'signed-in',
};

/** The guard of the comments service's calls (AUTH_MODE=jwt). */
export function createCommentsGuard(verifier: TokenVerifier): Interceptor {
  return createAuthGuard({ service: CommentsService, verifier, policies: POLICIES });
}
