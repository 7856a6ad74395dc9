export { httpStatusFromCode } from '@marketplace/gateway';
export {
  DuplicateKeyError,
  parseJson,
  protectLargeNumbers,
  readInt64,
  stringifyJson,
} from '@marketplace/json';
export { allOrCancel } from './all-or-cancel.ts';
export { ACCESS_TOKEN_ALGORITHM, callerFromClaims, describeTokenError } from './auth/access-token-claims.ts';
export { createApiKeyCheck, DEVELOPMENT_API_KEY } from './auth/api-key-check.ts';
export {
  type AccessPolicies,
  type AccessPolicy,
  type AuthGuardOptions,
  adminOnly,
  bearerChallenge,
  callerIsTheUser,
  createAuthGuard,
} from './auth/auth-guard.ts';
export {
  type AuthMode,
  type AuthSettings,
  readAuthSettings,
  type TokenSettings,
} from './auth/auth-settings.ts';
export { type BearerHookReply, type BearerHookRequest, createBearerHook } from './auth/bearer-hook.ts';
export {
  AccessTokenError,
  AdminRequiredError,
  assertAdmin,
  assertCallerIs,
  type Caller,
  type CallerRole,
  callerOf,
} from './auth/caller.ts';
export { createTokenVerifier, type TokenVerifier, type TokenVerifierOptions } from './auth/token-verifier.ts';
export type { CircuitBreaker, CircuitBreakerOptions, CircuitStateName } from './circuit-breaker.ts';
export { createClientInterceptors } from './client-interceptors.ts';
export { type ClientBreakerSettings, type ClientPolicies, createClientPolicies } from './client-policies.ts';
export type { ClientPolicyMetrics } from './client-policy-metrics.ts';
export { readClientBreakerSettings, readClientCallSettings } from './client-settings.ts';
export {
  type ConcurrencyGate,
  type ConcurrencyGateOptions,
  createConcurrencyGate,
  GateFullError,
} from './concurrency-gate.ts';
export { ConfigError, createEnvReader, type EnvReader, readConfig } from './config.ts';
export {
  createDatabase,
  type Database,
  type DatabaseOptions,
  type Executor,
  inTransaction,
  pingDatabase,
  type ServiceDatabaseSettings,
  withMigratedDatabase,
} from './database.ts';
export { isDatabaseUnavailable } from './database-unavailable.ts';
export { type ClientAddressOf, clientAddressResolver } from './edge/client-address.ts';
export { answerClientError } from './edge/client-errors.ts';
export type { ClientRateLimiter, ClientRateLimiterOptions } from './edge/client-rate-limiter.ts';
export { limitConnections } from './edge/connection-limit.ts';
export {
  boundHttp2Session,
  http1ServerOptions,
  readServerLimits,
  type ServerLimits,
} from './edge/server-limits.ts';
export {
  AbortedError,
  AlreadyExistsError,
  DomainError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  ResourceExhaustedError,
  UnauthenticatedError,
  UnavailableError,
} from './errors.ts';
export {
  createFleetRateLimiter,
  type FleetRateLimiter,
  type FleetRateLimiterOptions,
} from './fleet-rate-limit/fleet-rate-limiter.ts';
export {
  type BucketLimit,
  createPostgresRateBuckets,
  type SharedGrant,
  type SharedRateBuckets,
} from './fleet-rate-limit/shared-rate-buckets.ts';
export type { HealthListener, HealthState, ServingStatus } from './grpc/health-state.ts';
export { ruleViolations } from './grpc/validation-interceptor.ts';
export { createGrpcClient, type GrpcClient } from './grpc-client.ts';
export {
  type GrpcFirstListenSettings,
  type GrpcFirstServerOptions,
  type RunningGrpcFirstServer,
  type RunningGrpcFirstService,
  runningService,
  startGrpcFirstServer,
} from './grpc-first-server.ts';
export { createHashRing, type HashRing, RING_SIZE, ringPosition } from './hash-ring.ts';
export { createHttpEdges, type HttpEdgeOptions, type HttpEdges, readHttpEdgeOptions } from './http-edges.ts';
export {
  type ConsumerOptions,
  type IncomingEvent,
  type RunningConsumer,
  runKafkaConsumer,
} from './kafka/event-consumer.ts';
export { createKafkaPublisher, type EventPublisher, type OutgoingEvent } from './kafka/event-publisher.ts';
export { createKafka, ensureTopics, type KafkaOptions } from './kafka/kafka-client.ts';
export type { KafkaMetrics } from './kafka/kafka-metrics.ts';
export {
  createReadiness,
  type Lifecycle,
  type LifecycleOptions,
  type Readiness,
  type ReadinessProbe,
  readinessCheck,
  runWithReadiness,
} from './lifecycle.ts';
export { createLogger, type Logger } from './logger.ts';
export { createCounterByLabels, createServiceMetrics, type ServiceMetrics } from './metrics.ts';
export { ensureDatabase, migrateDatabase } from './migrations.ts';
export { executeAsOneStatement } from './one-statement.ts';
export { closeHttpServer, createOpsHandler, type OpsOptions, startOpsServer } from './ops-endpoints.ts';
export {
  decodePageToken,
  encodePageToken,
  type PageTokenField,
  tokenInt64,
  tokenMillis,
} from './page-token.ts';
export { listPage, type PageTokens } from './paged-list.ts';
export { type PeriodicTask, startPeriodicTask } from './periodic-task.ts';
export { type NamedPool, registerPoolSetMetrics } from './pool-set-metrics.ts';
export { currentRequestId, withRequestId } from './request-context.ts';
export {
  type AttemptOptions,
  createResilientCall,
  type ResilientCall,
  type ResilientCallOptions,
} from './resilient-call.ts';
export { backoffDelayMs, type RetryOptions, sleep } from './retry.ts';
export { isServerFailure, isTransientRpcError, retryAfterMs } from './rpc-client-errors.ts';
export { type RunningService, readProcessSettings, runService } from './run-service.ts';
export type { HttpHandler } from './server.ts';
export { openServiceBasics } from './service-basics.ts';
export { readServiceConfig } from './service-config.ts';
export { type ListenSettings, readDatabaseSettings, readOutboundApiKey } from './service-settings.ts';
export { settlesWithin } from './settles-within.ts';
export { currentTraceHeaders, SpanKind, startTelemetry, type Telemetry, withSpan } from './telemetry.ts';
export type { TakeResult, TokenBucket, TokenBucketOptions } from './token-bucket.ts';
export { RequestValidator, validateRequest } from './validation.ts';
