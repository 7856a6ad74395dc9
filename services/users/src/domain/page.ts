/** The page size of ListUsers when the request gives none. */
export const DEFAULT_PAGE_SIZE = 20;

/** A page of a list, 1-based, as the request asks for it (0 meaning the default). */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/** The page to read: defaults applied, with the rows to skip. */
export function resolvePage(request: PageRequest): { page: number; pageSize: number; offset: number } {
  const page = request.page || 1;
  const pageSize = request.pageSize || DEFAULT_PAGE_SIZE;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** How many pages `total` rows fill (0 when there are none). */
export const totalPages = (total: bigint, pageSize: number): number =>
  Number((total + BigInt(pageSize) - 1n) / BigInt(pageSize));
