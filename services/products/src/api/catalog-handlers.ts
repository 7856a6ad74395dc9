import { create } from '@bufbuild/protobuf';
import type { ServiceImpl } from '@connectrpc/connect';
import { validateRequest } from '@marketplace/platform';
import {
  BatchGetProductsResponseSchema,
  CreateProductResponseSchema,
  DeleteProductResponseSchema,
  GetProductResponseSchema,
  ListProductsResponseSchema,
  ProductSchema,
  type ProductService,
  UpdateProductResponseSchema,
} from '@marketplace/proto/marketplace/products/v1/products_pb';
import { batchGetProducts } from '../app/batch-get-products.ts';
import { createProduct } from '../app/create-product.ts';
import { deleteProduct } from '../app/delete-product.ts';
import { getProduct } from '../app/get-product.ts';
import { listProducts } from '../app/list-products.ts';
import type { ProductsDeps } from '../app/ports.ts';
import { updateProduct } from '../app/update-product.ts';
import { productChanges, selectUpdateFields } from '../domain/product-update.ts';
import { toProductMessage } from './product-message.ts';

/** The page size when a request gives none (products.proto allows 1..100). */
const DEFAULT_PAGE = 100;

type CatalogMethods = Pick<
  ServiceImpl<typeof ProductService>,
  'getProduct' | 'listProducts' | 'batchGetProducts' | 'createProduct' | 'updateProduct' | 'deleteProduct'
>;

/**
 * Runs each catalogue call's use case and encodes the answer. Requests arrive checked against the
 * rules of products.proto (the validation interceptor); the update mask and the rules it governs are
 * checked here.
 */
export function createCatalogHandlers(deps: Pick<ProductsDeps, 'store'>): CatalogMethods {
  return {
    async getProduct(req) {
      const product = await getProduct(deps, req.sku);
      return create(GetProductResponseSchema, { product: toProductMessage(product) });
    },

    async listProducts(req) {
      const page = await listProducts(deps, req.startAfterSku, req.count || DEFAULT_PAGE);
      return create(ListProductsResponseSchema, {
        products: page.products.map(toProductMessage),
        nextStartAfterSku: page.nextStartAfterSku,
      });
    },

    async batchGetProducts(req) {
      const { products, missing } = await batchGetProducts(deps, req.skus);
      return create(BatchGetProductsResponseSchema, { products: products.map(toProductMessage), missing });
    },

    async createProduct(req) {
      const { sku, name, price } = req.product!;
      return create(CreateProductResponseSchema, {
        product: toProductMessage(await createProduct(deps, { sku, name, price })),
      });
    },

    async updateProduct(req) {
      const { fields, unknown } = selectUpdateFields(req.updateMask?.paths ?? []);
      const product = req.product ?? create(ProductSchema);
      validateRequest('UpdateProductRequest')
        .check(
          'update_mask',
          unknown.length === 0,
          `unknown field(s) ${unknown.join(', ')}; allowed: name, price`,
        )
        .check(
          'product.sku',
          product.sku === 0n || product.sku === req.sku,
          'value must be empty or equal to sku: the sku of a product cannot change',
        )
        .rules('product', ProductSchema, product, fields)
        .assert();
      const updated = await updateProduct(deps, req.sku, productChanges(product, fields));
      return create(UpdateProductResponseSchema, { product: toProductMessage(updated) });
    },

    async deleteProduct(req) {
      await deleteProduct(deps, req.sku);
      return create(DeleteProductResponseSchema);
    },
  };
}
