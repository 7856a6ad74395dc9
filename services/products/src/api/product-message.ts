import { create } from '@bufbuild/protobuf';
import {
  type Product as ProductMessage,
  ProductSchema,
} from '@marketplace/proto/marketplace/products/v1/products_pb';
import type { Product } from '../domain/product.ts';

/** A domain product as its protobuf message. */
export const toProductMessage = (product: Product): ProductMessage => create(ProductSchema, product);
