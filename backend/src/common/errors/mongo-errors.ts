/** MongoDB's duplicate key error: a unique index refused the write (FerretDB answers the same code). */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
