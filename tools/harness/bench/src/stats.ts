/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface Distribution {
  samples: number;
  p50: number;
  p99: number;
}

export function distribution(samples: readonly number[]): Distribution {
  return { samples: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99) };
}
