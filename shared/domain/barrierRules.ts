/**
 * What makes a barrier's dates acceptable, said once for the person page (barriers.add,
 * barriers.update) and the barriers import alike.
 */

/** The reason a lifted date is refused, or null when it may be recorded. */
export function barrierLiftIssue(identifiedOn: string, liftedOn: string | null): string | null {
  if (liftedOn && liftedOn < identifiedOn) {
    return "Un frein ne peut pas être levé avant d'avoir été identifié.";
  }
  return null;
}
