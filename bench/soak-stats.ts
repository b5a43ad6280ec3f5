// Figures for the soak summary: percentiles of latency and the RSS trend between thirds of the run.

/** The q-quantile (0..1) of `values` by nearest rank; 0 for an empty list. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

export interface RssFigures {
  samples: number;
  min: number;
  median: number;
  max: number;
  firstThirdMedian: number;
  lastThirdMedian: number;
  /** lastThirdMedian − firstThirdMedian, bytes */
  growth: number;
  /** every tenth sample (one per 10 s), to show the trend */
  trend: number[];
}

export function rssFigures(samples: readonly number[]): RssFigures {
  const third = Math.max(1, Math.floor(samples.length / 3));
  const first = quantile(samples.slice(0, third), 0.5);
  const last = quantile(samples.slice(-third), 0.5);
  return {
    samples: samples.length,
    min: samples.length ? Math.min(...samples) : 0,
    median: quantile(samples, 0.5),
    max: samples.length ? Math.max(...samples) : 0,
    firstThirdMedian: first,
    lastThirdMedian: last,
    growth: last - first,
    trend: samples.filter((_, i) => i % 10 === 9),
  };
}

export const MB = 1024 * 1024;

export function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}
