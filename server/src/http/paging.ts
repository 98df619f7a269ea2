/** Page-numbered lists: the one place that turns `{ page, pageSize }` into a query window and an answer. */

/** What a paged procedure takes: 1-based page, items per page. */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/** Prisma's `skip`/`take` for a page. */
export function pageWindow(request: PageRequest): { skip: number; take: number } {
  return { skip: (request.page - 1) * request.pageSize, take: request.pageSize };
}

/** The answer of a paged list: `{ items, total, page, pageSize }`. */
export function pageOf<T>(items: T[], total: number, request: PageRequest): { items: T[]; total: number; page: number; pageSize: number } {
  return { items, total, page: request.page, pageSize: request.pageSize };
}
