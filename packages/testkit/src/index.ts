export { isListening, resolvePostgres, withDatabase } from './postgres.ts';
export { createTestDatabase, type TestDatabase } from './test-database.ts';
