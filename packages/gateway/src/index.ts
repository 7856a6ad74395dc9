export { errorBody } from './errors.ts';
export type { Gateway, GatewayOptions } from './gateway.ts';
export { createGateway } from './gateway.ts';
export { defaultCopyResponseHeader, defaultForwardHeader } from './headers.ts';
export { httpStatusFromCode } from './http-status.ts';
export type { OpenApiInfo } from './openapi/document.ts';
export { notFound } from './respond.ts';
