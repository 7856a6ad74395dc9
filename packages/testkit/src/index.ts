export {
  cpuMsOf,
  type LoadResult,
  loadRows,
  type MeasureOptions,
  measureEach,
  printTable,
  quantile,
  readBenchSettings,
  runLoad,
  writeBenchResults,
} from './bench.ts';
export { type BenchService, startBenchService } from './bench-service.ts';
export { eventually } from './eventually.ts';
export {
  type ExposedMetrics,
  missingMetricNames,
  parseExposedMetrics,
  sampleValue,
  scrapeMetrics,
} from './exposed-metrics.ts';
export { type FetchedAnswer, fetchAnswer } from './fetch-answer.ts';
export { createGrpcJsClient, type GrpcJsClient } from './grpc-js-client.ts';
export { type H2cServer, startH2cServer } from './h2c-server.ts';
export { dedicatedKafka, resolveKafka } from './kafka.ts';
export { type LomsAnswer, type LomsProcess, startLomsProcess } from './loms-process.ts';
export {
  type MarketplaceService,
  type ServiceOptions,
  startMarketplaceService,
} from './marketplace-service.ts';
export {
  type MarketplaceServiceName,
  planStartWaves,
  STACK_ADMIN,
  STACK_PRODUCTS_API_KEY,
} from './marketplace-services.ts';
export {
  type MarketplaceStack,
  type StackOptions,
  type StartedService,
  startMarketplaceServices,
} from './marketplace-stack.ts';
export { type ReceivedSpan, startOtlpReceiver } from './otlp-receiver.ts';
export { isListening, resolvePostgres, withDatabase } from './postgres.ts';
export { metricNamesInPromQL } from './promql-metric-names.ts';
export { randomInt63 } from './random-ids.ts';
export { type DescribedService, reflect } from './reflection-client.ts';
export { freePort, type ServiceProcess, startServiceProcess } from './service-process.ts';
export {
  type CallResult,
  type RestRoute,
  type ServiceTransport,
  type ServiceTransportOptions,
  serviceTransports,
  type TransportTarget,
} from './service-transports.ts';
export { createTestDatabase, type TestDatabase } from './test-database.ts';
export {
  startTestTokenIssuer,
  type TestSigningKey,
  type TestTokenClaims,
  type TestTokenIssuer,
} from './test-token-issuer.ts';
export { createTestTopic, productsRelayingTo, readTopicEvents, type TestTopic } from './test-topic.ts';
