import { type PageRequest, resolvePage, totalPages } from '../domain/page.ts';
import type { User } from '../domain/user.ts';
import type { UserFilter, UsersDeps } from './ports.ts';

export interface UserPage {
  users: User[];
  total: bigint;
  page: number;
  pageSize: number;
  totalPages: number;
}

/** One page of the users matching `filter`, newest first, with the totals over every page. */
export async function listUsers(
  deps: Pick<UsersDeps, 'repos'>,
  filter: UserFilter,
  request: PageRequest,
): Promise<UserPage> {
  const { page, pageSize, offset } = resolvePage(request);
  const { users, total } = await deps.repos.users.list(filter, { limit: pageSize, offset });
  return { users, total, page, pageSize, totalPages: totalPages(total, pageSize) };
}
