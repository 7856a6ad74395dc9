/**
 * The topic products publishes every catalogue change to (ProductChanged, keyed by sku) and every
 * cart replica reads to keep its products cache fresh. Services take it from PRODUCT_EVENTS_TOPIC.
 */
export const PRODUCT_EVENTS_TOPIC = 'products.product-events';
