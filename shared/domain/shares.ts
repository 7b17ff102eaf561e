/**
 * Shares of a whole, rounded so that they add up to the printed total (largest-remainder
 * method): a table whose rows say 20 %, 27 %, 7 %… under « Total 100 % » must add up to 100,
 * not 101. Pure; used by every report table with a « Part » column.
 */

/**
 * Each count's share of `units` (100 for whole percents), as integers adding up to exactly
 * `units` when the counts add up to more than zero (all zeros otherwise). Each share is its
 * exact value rounded down, plus one for the largest remainders until the total is reached;
 * ties go to the larger count, then to the earlier row, so the result is deterministic.
 */
export function largestRemainderShares(counts: readonly number[], units = 100): number[] {
  for (const count of counts)
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`Effectif invalide pour un partage : ${count}`);
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return counts.map(() => 0);
  // Integer arithmetic: count × units = floor × total + remainder, no float drift.
  const floors = counts.map((count) => Math.floor((count * units) / total));
  const remainders = counts.map((count, index) => count * units - floors[index]! * total);
  let missing = units - floors.reduce((sum, value) => sum + value, 0);
  const order = counts
    .map((count, index) => ({ index, count, remainder: remainders[index]! }))
    .sort((a, b) => b.remainder - a.remainder || b.count - a.count || a.index - b.index);
  for (const entry of order) {
    if (missing <= 0) break;
    if (entry.remainder === 0) continue;
    floors[entry.index] = floors[entry.index]! + 1;
    missing -= 1;
  }
  return floors;
}
