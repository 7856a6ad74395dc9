import {
  type DescField,
  type DescMessage,
  type DescMethod,
  type DescMethodUnary,
  type DescService,
  getOption,
} from '@bufbuild/protobuf';
import { http } from '@marketplace/proto/google/api/annotations_pb';
import type { HttpRule } from '@marketplace/proto/google/api/http_pb';
import { http_success_status } from '@marketplace/proto/marketplace/api/v1/http_status_pb';
import { protoPath, resolveFieldPath } from './field-path.ts';
import { paramLeaf } from './param-value.ts';
import { type PathTemplate, parsePathTemplate } from './path-template.ts';

/** A unary method bound to one HTTP method and path template by a google.api.http rule. */
export interface Route {
  readonly method: DescMethodUnary;
  readonly httpMethod: string;
  readonly template: PathTemplate;
  /** Field chains bound by path variables, keyed by the variable's field path. */
  readonly pathFields: ReadonlyMap<string, readonly DescField[]>;
  /** `undefined`: no body; `'*'`: the whole request; otherwise the field that receives the body. */
  readonly body: '*' | DescField | undefined;
  /**
   * The `update_mask` field to infer from the body's keys when the client sends none: set for PATCH
   * bindings whose body is a message field and whose request has a FieldMask named `update_mask`.
   */
  readonly updateMask: DescField | undefined;
  /** The response field to answer with instead of the whole response (`response_body`). */
  readonly responseBody: DescField | undefined;
  /** Index of the binding: 0 for the rule itself, 1.. for its additional_bindings. */
  readonly binding: number;
  /** The status of a successful answer: the method's `http_success_status` option, 200 by default. */
  readonly successStatus: number;
}

/** Only unary methods are served; streaming ones are left to the Connect adapter. */
export function isUnary(method: DescMethod): method is DescMethodUnary {
  return method.methodKind === 'unary';
}

/**
 * Builds the routes of every annotated unary method, including additional bindings.
 * Throws at startup when an annotation names a field that does not exist or cannot be bound.
 */
export function collectRoutes(services: readonly DescService[]): Route[] {
  const routes: Route[] = [];
  for (const service of services) {
    for (const method of service.methods) {
      if (!isUnary(method)) continue;
      const rule = getOption(method, http);
      if (rule.pattern.case === undefined) continue;
      const rules = [rule, ...rule.additionalBindings];
      rules.forEach((r, binding) => {
        routes.push(toRoute(method, r, binding));
      });
    }
  }
  return routes;
}

function toRoute(method: DescMethodUnary, rule: HttpRule, binding: number): Route {
  const where = `${method.parent.typeName}.${method.name}`;
  const fail: (why: string) => never = (why) => {
    throw new Error(`google.api.http of ${where}: ${why}`);
  };
  const { pattern } = rule;
  let httpMethod: string;
  let path: string;
  if (pattern.case === 'custom') {
    httpMethod = pattern.value.kind.toUpperCase();
    path = pattern.value.path;
  } else if (pattern.case !== undefined) {
    httpMethod = pattern.case.toUpperCase();
    path = pattern.value;
  } else {
    return fail('additional binding without a pattern');
  }
  const template = parsePathTemplate(path);
  const pathFields = new Map<string, readonly DescField[]>();
  for (const variable of template.variables) {
    const chain = resolveFieldPath(method.input, variable.fieldPath, false);
    const leaf = chain?.[chain.length - 1];
    if (!chain || !leaf || leaf.fieldKind === 'list' || !paramLeaf(leaf)) {
      fail(`path variable "${variable.fieldPath}" is not a singular scalar field of ${method.input.name}`);
    }
    pathFields.set(variable.fieldPath, chain);
  }
  const body = rule.body === '*' ? '*' : topField(method.input, rule.body, fail);
  return {
    method,
    httpMethod,
    template,
    pathFields,
    body,
    updateMask: httpMethod === 'PATCH' ? inferableUpdateMask(method.input, body) : undefined,
    responseBody: topField(method.output, rule.responseBody, fail),
    binding,
    successStatus: successStatusOf(method, fail),
  };
}

function successStatusOf(method: DescMethodUnary, fail: (why: string) => never): number {
  const status = getOption(method, http_success_status) || 200;
  return status >= 200 && status <= 299 ? status : fail(`http_success_status ${status} is not a 2xx status`);
}

/** The request's `update_mask` FieldMask when the body is one message field; undefined otherwise. */
function inferableUpdateMask(input: DescMessage, body: Route['body']): DescField | undefined {
  if (body === undefined || body === '*' || body.fieldKind !== 'message') return undefined;
  const mask = input.fields.find((f) => f.name === 'update_mask');
  return mask?.fieldKind === 'message' && mask.message.typeName === 'google.protobuf.FieldMask'
    ? mask
    : undefined;
}

/** The top-level field a `body` / `response_body` names; undefined when the name is empty. */
function topField(message: DescMessage, name: string, fail: (why: string) => never): DescField | undefined {
  if (name === '') return undefined;
  const field = message.fields.find((f) => f.name === name);
  return field ?? fail(`"${name}" is not a field of ${message.name}`);
}

/** Proto paths set from the path or the body; query parameters for them are ignored. */
export function boundPaths(route: Route): string[] {
  const bound = [...route.pathFields.values()].map(protoPath);
  if (route.body !== undefined && route.body !== '*') bound.push(route.body.name);
  return bound;
}
