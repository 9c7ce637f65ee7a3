/**
 * Request parameters a handler may read: only those its operation declares, so the operation
 * table (which the fidelity tests check against the specs) is the whole truth about what is read.
 */
export class DeclaredParams {
  constructor(
    private readonly values: ReadonlyMap<string, readonly string[]>,
    private readonly declared: readonly string[],
    private readonly describe: string,
  ) {}

  static fromSearchParams(params: URLSearchParams, declared: readonly string[], describe: string): DeclaredParams {
    const values = new Map<string, string[]>();
    for (const [name, value] of params) values.set(name, [...(values.get(name) ?? []), value]);
    return new DeclaredParams(values, declared, describe);
  }

  get(name: string): string | undefined {
    return this.getAll(name)[0];
  }

  getAll(name: string): string[] {
    this.assertDeclared(name);
    return [...(this.values.get(name) ?? [])];
  }

  has(name: string): boolean {
    return this.getAll(name).length > 0;
  }

  private assertDeclared(name: string): void {
    // Names compare case-insensitively only for headers, which arrive lower-cased.
    if (!this.declared.some((declared) => declared === name || declared.toLowerCase() === name.toLowerCase())) {
      throw new Error(`${this.describe}: reads undeclared parameter ${name}`);
    }
  }
}

/** Headers keyed by lower-case name, read through the same declared-only rule. */
export function declaredHeaders(
  headers: Record<string, string | string[] | undefined>,
  declared: readonly string[],
  describe: string,
): DeclaredParams {
  const values = new Map<string, string[]>();
  for (const name of declared) {
    const value = headers[name.toLowerCase()];
    if (value !== undefined) values.set(name, Array.isArray(value) ? value : [value]);
  }
  return new DeclaredParams(values, declared, describe);
}
