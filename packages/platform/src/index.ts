export { ConfigError, createEnvReader, deepFreeze, type EnvReader, parseDuration } from './config.ts';
export {
  createDatabase,
  type Database,
  type DatabaseOptions,
  type Executor,
  inTransaction,
  pingDatabase,
} from './database.ts';
export {
  AlreadyExistsError,
  DomainError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  ResourceExhaustedError,
  toConnectError,
  UnauthenticatedError,
  UnavailableError,
} from './errors.ts';
export { createHealthService, healthRoutes } from './grpc/health.ts';
export {
  createHealthState,
  type HealthListener,
  type HealthState,
  type ServingStatus,
} from './grpc/health-state.ts';
export { reflectionRoutes } from './grpc/reflection.ts';
export { createServerInterceptors } from './interceptors.ts';
export { createLifecycle, type Lifecycle } from './lifecycle.ts';
export { createLogger, type Logger } from './logger.ts';
export { createServiceMetrics, registerPoolMetrics, type ServiceMetrics } from './metrics.ts';
export { ensureDatabase, migrateDatabase } from './migrations.ts';
export { type PeriodicTask, startPeriodicTask } from './periodic-task.ts';
export { type HttpHandler, type ServerOptions, ServiceServer } from './server.ts';
export { currentTraceHeaders, SpanKind, startTelemetry, type Telemetry, withSpan } from './telemetry.ts';
export { RequestValidator, validateRequest } from './validation.ts';
