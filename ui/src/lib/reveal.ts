// The words beside a revealed vote, shared by the projector and the phones:
// one place says how a spread, a disagreement and an earlier round read.
import type { DistributionDto } from "./bindings/DistributionDto";
import { score } from "./format";

/** "Median 3.0" (an en dash when nobody voted a level). */
export function medianText(d: DistributionDto): string {
  return `Median ${score(d.median)}`;
}

/** "Range 2–4 · middle half 2.5–3.5", or null when the spread is hidden (fewer than two level votes). */
export function spreadText(d: DistributionDto): string | null {
  if (!d.range || !d.iqr) return null;
  return `Range ${d.range[0]}–${d.range[1]} · middle half ${d.iqr[0].toFixed(1)}–${d.iqr[1].toFixed(1)}`;
}

/** "The team disagrees: level 2 to level 5", or null when it does not. */
export function disagreementText(d: DistributionDto): string | null {
  if (!d.disagrees || !d.range) return null;
  return `The team disagrees: level ${d.range[0]} to level ${d.range[1]}`;
}

/** "Round 1: median 3.0, range 2–4": the round before this one, as it was revealed. */
export function previousRoundText(d: DistributionDto, round: number): string {
  return `Round ${round}: median ${score(d.median)}${d.range ? `, range ${d.range[0]}–${d.range[1]}` : ""}`;
}
