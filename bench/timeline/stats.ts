// Percentiles for the benchmark reports.

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summary(values: readonly number[]): string {
  const f = (v: number): string => v.toFixed(1);
  return `n=${values.length} p50=${f(percentile(values, 50))} ms p95=${f(percentile(values, 95))} ms max=${f(Math.max(...values))} ms`;
}
