import { describe, expect, it } from "vitest";
import type { DistributionDto } from "./bindings/DistributionDto";
import { disagreementText, medianText, previousRoundText, spreadText } from "./reveal";

const spread: DistributionDto = {
  counts: [0, 1, 2, 0, 1],
  notApplicable: 1,
  dontKnow: 0,
  voters: 4,
  median: 3,
  range: [2, 5],
  iqr: [2.5, 3.5],
  disagrees: true,
};
const alone: DistributionDto = { ...spread, counts: [0, 0, 1, 0, 0], voters: 1, range: null, iqr: null, disagrees: false };

describe("reveal words", () => {
  it("reads a spread the same on the projector and the phones", () => {
    expect(medianText(spread)).toBe("Median 3.0");
    expect(spreadText(spread)).toBe("Range 2–5 · middle half 2.5–3.5");
    expect(disagreementText(spread)).toBe("The team disagrees: level 2 to level 5");
    expect(previousRoundText(spread, 1)).toBe("Round 1: median 3.0, range 2–5");
  });

  it("hides the spread of one vote and names no disagreement", () => {
    expect(spreadText(alone)).toBeNull();
    expect(disagreementText(alone)).toBeNull();
    expect(previousRoundText(alone, 2)).toBe("Round 2: median 3.0");
    expect(medianText({ ...alone, median: null })).toBe("Median –");
  });
});
