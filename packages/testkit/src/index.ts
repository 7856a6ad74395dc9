export { type LoadResult, printTable, quantile, runLoad, writeBenchResults } from './bench.ts';
export { createGrpcJsClient, type GrpcJsClient } from './grpc-js-client.ts';
export { dedicatedKafka, resolveKafka } from './kafka.ts';
export { isListening, resolvePostgres, withDatabase } from './postgres.ts';
export { type DescribedService, reflect } from './reflection-client.ts';
export { freePort, type ServiceProcess, startServiceProcess } from './service-process.ts';
export { createTestDatabase, type TestDatabase } from './test-database.ts';
