import { create } from '@bufbuild/protobuf';
import type { ServiceImpl } from '@connectrpc/connect';
import { validateRequest } from '@marketplace/platform';
import {
  BatchGetProductsResponseSchema,
  CreateProductResponseSchema,
  DeleteProductResponseSchema,
  GetProductResponseSchema,
  ListProductsResponseSchema,
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
import { NAME_MAX_LENGTH } from '../domain/product.ts';
import { productChanges, selectUpdateFields } from '../domain/product-update.ts';
import { toProductMessage } from './product-message.ts';

const MAX_PAGE = 100;
const MAX_BATCH = 100;

type CatalogMethods = Pick<
  ServiceImpl<typeof ProductService>,
  'getProduct' | 'listProducts' | 'batchGetProducts' | 'createProduct' | 'updateProduct' | 'deleteProduct'
>;

/** Decodes and validates each catalogue call, runs its use case and encodes the answer. */
export function createCatalogHandlers(deps: Pick<ProductsDeps, 'store'>): CatalogMethods {
  return {
    async getProduct(req) {
      validateRequest('GetProductRequest').positive('sku', req.sku).assert();
      const product = await getProduct(deps, req.sku);
      return create(GetProductResponseSchema, { product: toProductMessage(product) });
    },

    async listProducts(req) {
      validateRequest('ListProductsRequest')
        .atMost('count', req.count, MAX_PAGE)
        .check('start_after_sku', req.startAfterSku >= 0n, 'value must be greater than or equal to 0')
        .assert();
      const page = await listProducts(deps, req.startAfterSku, req.count || MAX_PAGE);
      return create(ListProductsResponseSchema, {
        products: page.products.map(toProductMessage),
        nextStartAfterSku: page.nextStartAfterSku,
      });
    },

    async batchGetProducts(req) {
      const check = validateRequest('BatchGetProductsRequest').maxItems('skus', req.skus, MAX_BATCH);
      for (const [i, sku] of req.skus.entries()) check.positive(`skus[${i}]`, sku);
      check.assert();
      const { products, missing } = await batchGetProducts(deps, req.skus);
      return create(BatchGetProductsResponseSchema, { products: products.map(toProductMessage), missing });
    },

    async createProduct(req) {
      const product = req.product;
      const check = validateRequest('CreateProductRequest').check('product', !!product, 'value is required');
      if (product) {
        check.positive('product.sku', product.sku).positive('product.price', product.price);
        check.length('product.name', product.name, 1, NAME_MAX_LENGTH);
      }
      check.assert();
      const { sku, name, price } = product!;
      return create(CreateProductResponseSchema, {
        product: toProductMessage(await createProduct(deps, { sku, name, price })),
      });
    },

    async updateProduct(req) {
      const { fields, unknown } = selectUpdateFields(req.updateMask?.paths ?? []);
      const product = req.product ?? { sku: 0n, name: '', price: 0 };
      const check = validateRequest('UpdateProductRequest').positive('sku', req.sku);
      check.check(
        'update_mask',
        unknown.length === 0,
        `unknown field(s) ${unknown.join(', ')}; allowed: name, price`,
      );
      check.check(
        'product.sku',
        product.sku === 0n || product.sku === req.sku,
        'value must be empty or equal to sku: the sku of a product cannot change',
      );
      if (fields.includes('name')) check.length('product.name', product.name, 1, NAME_MAX_LENGTH);
      if (fields.includes('price')) check.positive('product.price', product.price);
      check.assert();
      const updated = await updateProduct(deps, req.sku, productChanges(product, fields));
      return create(UpdateProductResponseSchema, { product: toProductMessage(updated) });
    },

    async deleteProduct(req) {
      validateRequest('DeleteProductRequest').positive('sku', req.sku).assert();
      await deleteProduct(deps, req.sku);
      return create(DeleteProductResponseSchema);
    },
  };
}
