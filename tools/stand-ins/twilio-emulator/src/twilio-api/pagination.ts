import type { DeclaredParams } from './declared-params';
import { invalidParameter } from './twilio-error';

/** Query parameters every list operation takes, as the specs name them. */
export const PAGING_PARAMS = ['PageSize', 'Page', 'PageToken'] as const;

const DEFAULT_PAGE_SIZE = 50;

export interface PageSlice<T> {
  items: T[];
  page: number;
  pageSize: number;
  offset: number;
  pageToken: string | undefined;
  nextPageToken: string | null;
  previousPageToken: string | null;
}

/**
 * Cuts one page out of a list. Page tokens name the SID next to the page boundary
 * (`PA{sid}` = after that item, `PB{sid}` = before it), like Twilio's, so a page stays stable
 * while items are added.
 */
export function slicePage<T extends { sid: string }>(
  all: readonly T[],
  query: DeclaredParams,
  maxPageSize: number,
): PageSlice<T> {
  const pageSize = Math.min(readInteger(query, 'PageSize', DEFAULT_PAGE_SIZE, 1), maxPageSize);
  const page = readInteger(query, 'Page', 0, 0);
  const pageToken = query.get('PageToken');
  let offset = page * pageSize;
  const tokenSid = pageToken?.slice(2);
  const tokenIndex = tokenSid ? all.findIndex((item) => item.sid === tokenSid) : -1;
  if (pageToken?.startsWith('PA') && tokenIndex >= 0) offset = tokenIndex + 1;
  if (pageToken?.startsWith('PB') && tokenIndex >= 0) offset = Math.max(0, tokenIndex - pageSize);

  const items = all.slice(offset, offset + pageSize);
  const hasNext = offset + pageSize < all.length;
  return {
    items,
    page,
    pageSize,
    offset,
    pageToken,
    nextPageToken: hasNext ? `PA${all[offset + pageSize - 1].sid}` : null,
    previousPageToken: page > 0 && items.length > 0 ? `PB${items[0].sid}` : null,
  };
}

type Filters = [name: string, value: string][];

function pageQuery(filters: Filters, pageSize: number, page: number, pageToken?: string | null): string {
  const query = new URLSearchParams(filters);
  query.set('PageSize', String(pageSize));
  query.set('Page', String(page));
  if (pageToken) query.set('PageToken', pageToken);
  return query.toString();
}

/** The 2010-04-01 list envelope: relative `*_uri` fields, `start`/`end`, the items under `key`. */
export function v2010ListBody<T>(
  key: string,
  slice: PageSlice<unknown>,
  items: T[],
  listPath: string,
  filters: Filters,
): Record<string, unknown> {
  const at = (page: number, token?: string | null) => `${listPath}?${pageQuery(filters, slice.pageSize, page, token)}`;
  return {
    end: slice.items.length === 0 ? slice.offset : slice.offset + slice.items.length - 1,
    first_page_uri: at(0),
    next_page_uri: slice.nextPageToken ? at(slice.page + 1, slice.nextPageToken) : null,
    page: slice.page,
    page_size: slice.pageSize,
    previous_page_uri: slice.previousPageToken ? at(slice.page - 1, slice.previousPageToken) : null,
    start: slice.offset,
    uri: at(slice.page, slice.pageToken),
    [key]: items,
  };
}

/** The v1 list envelope: the items under `key`, absolute URLs in `meta`. */
export function v1ListBody<T>(
  key: string,
  slice: PageSlice<unknown>,
  items: T[],
  listUrl: string,
  filters: Filters,
): Record<string, unknown> {
  const at = (page: number, token?: string | null) => `${listUrl}?${pageQuery(filters, slice.pageSize, page, token)}`;
  return {
    [key]: items,
    meta: {
      page: slice.page,
      page_size: slice.pageSize,
      first_page_url: at(0),
      previous_page_url: slice.previousPageToken ? at(slice.page - 1, slice.previousPageToken) : null,
      url: at(slice.page, slice.pageToken),
      next_page_url: slice.nextPageToken ? at(slice.page + 1, slice.nextPageToken) : null,
      key,
    },
  };
}

function readInteger(query: DeclaredParams, name: string, fallback: number, minimum: number): number {
  const raw = query.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum) throw invalidParameter(`Invalid ${name}: ${raw}`);
  return value;
}
