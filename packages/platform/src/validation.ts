import { Code, ConnectError } from '@connectrpc/connect';

/**
 * Collects rule violations of one request message and throws a single InvalidArgument naming each
 * field and rule: `invalid OrderCreateRequest.user_id: value must be greater than 0`.
 */
export class RequestValidator {
  private readonly violations: string[] = [];

  constructor(private readonly messageName: string) {}

  /** Records a violation of `rule` on `field` unless `ok`. */
  check(field: string, ok: boolean, rule: string): this {
    if (!ok) this.violations.push(`invalid ${this.messageName}.${field}: ${rule}`);
    return this;
  }

  positive(field: string, value: bigint | number): this {
    return this.check(field, value > 0, 'value must be greater than 0');
  }

  atMost(field: string, value: bigint | number, max: bigint | number): this {
    return this.check(field, value <= max, `value must be less than or equal to ${max}`);
  }

  nonEmpty(field: string, list: readonly unknown[]): this {
    return this.check(field, list.length > 0, 'value must contain at least 1 item(s)');
  }

  maxItems(field: string, list: readonly unknown[], max: number): this {
    return this.check(field, list.length <= max, `value must contain no more than ${max} item(s)`);
  }

  /** Length in characters (code points), as protovalidate counts runes. */
  length(field: string, text: string, min: number, max: number): this {
    const length = [...text].length;
    return this.check(
      field,
      length >= min && length <= max,
      `value length must be between ${min} and ${max} runes, inclusive`,
    );
  }

  /** Throws when any rule failed. */
  assert(): void {
    if (this.violations.length > 0) throw new ConnectError(this.violations.join('; '), Code.InvalidArgument);
  }
}

/** Starts validating a request message named `messageName` (the proto message name). */
export function validateRequest(messageName: string): RequestValidator {
  return new RequestValidator(messageName);
}
