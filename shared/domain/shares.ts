/**
 * Shares of a whole, rounded so that they add up to the printed total (largest-remainder
 * method): a table whose rows say 20 %, 27 %, 7 %… under « Total 100 % » must add up to 100,
 * not 101. Pure; used by every report table with a « Part » column.
 */

/**
 * Each count's share of `units` (100 for whole percents), as integers. Each share is its exact
 * value rounded down, plus one for the largest remainders until `units` is reached. Equal
 * counts always get equal shares (a reader seeing two rows of 25 people print 32 % and 31 %
 * would think one of them wrong): rows of the same count take the extra point together, and
 * when a group of them no longer fits in what is missing, that group and the ones after it
 * are rounded to the nearest (never a smaller count above a larger one). The shares then add
 * up to a little more or less than `units`: the caller prints their sum as the total (see
 * `sharesTotal`). All zeros when the counts add up to zero.
 */
export function largestRemainderShares(counts: readonly number[], units = 100): number[] {
  for (const count of counts)
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`Effectif invalide pour un partage : ${count}`);
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return counts.map(() => 0);
  // Integer arithmetic: count × units = floor × total + remainder, no float drift.
  const floors = counts.map((count) => Math.floor((count * units) / total));
  let missing = units - floors.reduce((sum, value) => sum + value, 0);
  // Equal counts have equal remainders: one group per distinct count, largest remainder
  // first (then larger count, which has the larger exact share).
  const groups = [...new Set(counts)]
    .map((count) => ({
      count,
      remainder: count * units - Math.floor((count * units) / total) * total,
      members: counts.flatMap((value, index) => (value === count ? [index] : [])),
    }))
    .filter((group) => group.remainder > 0)
    .sort((a, b) => b.remainder - a.remainder || b.count - a.count);
  // Once a group no longer fits in the points missing, it and every group after it (smaller
  // remainders) is rounded to the nearest: 25 / 79 = 31.6 % prints 32 % on both rows, as
  // the same share prints anywhere else, and the total says 101 %.
  let nearest = false;
  for (const group of groups) {
    if (!nearest && missing <= 0) break;
    if (group.members.length > missing) nearest = true;
    if (nearest && group.remainder * 2 < total) break;
    for (const index of group.members) floors[index] = floors[index]! + 1;
    missing -= group.members.length;
  }
  return floors;
}

/** What the shares of `largestRemainderShares` add up to: the total a table prints. */
export function sharesTotal(shares: readonly number[]): number {
  return shares.reduce((sum, share) => sum + share, 0);
}
