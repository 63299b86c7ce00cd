// Order statistics for the benchmark's samples.

/** Linear-interpolated quantile of an ascending list. */
export function quantile(sorted, q) {
  if (!sorted.length) return null;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** {n, min, p25, median, p75, p95, max, mean} of a list of numbers, rounded to 0.01. */
export function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  const r = (x) => (x == null || Number.isNaN(x) ? null : Math.round(x * 100) / 100);
  return {
    n: s.length, min: r(s[0]), p25: r(quantile(s, 0.25)), median: r(quantile(s, 0.5)),
    p75: r(quantile(s, 0.75)), p95: r(quantile(s, 0.95)), max: r(s[s.length - 1]),
    mean: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
  };
}
