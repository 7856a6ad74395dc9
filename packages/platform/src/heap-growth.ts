import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived its last full collection before it
 * collects again: a factor of 1 + HEAP_GROWTH_PERCENT/100. Left to itself V8 picks up to 4x, so a
 * service with ~45 MB of live objects holds 100-150 MB of garbage under steady traffic, valid
 * requests alone (10,000 to products grew its RSS by 75-107 MB). 50 keeps that growth under 10 MB
 * for about 6% more CPU (a products process, 10,000 requests); 0 leaves the choice to V8.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
