import { describe, expect, it } from "vitest";
import { closedText, isChoice, votedText, voteText } from "./ballot";

const NAMES = ["Initial", "Repeatable", "Defined", "Managed", "Optimising"];

describe("ballot", () => {
  it("marks the choice that is this phone's vote, and no other", () => {
    const three = { kind: "level", level: 3 } as const;
    expect(isChoice(three, { kind: "level", level: 3 })).toBe(true);
    expect(isChoice(three, { kind: "level", level: 4 })).toBe(false);
    expect(isChoice(three, { kind: "dontKnow" })).toBe(false);
    expect(isChoice({ kind: "notApplicable", reason: "voted not applicable" }, { kind: "notApplicable" })).toBe(true);
    expect(isChoice({ kind: "dontKnow" }, { kind: "dontKnow" })).toBe(true);
    expect(isChoice(null, { kind: "dontKnow" })).toBe(false);
  });

  it("reads a vote with its level's name", () => {
    expect(voteText({ kind: "level", level: 3 }, NAMES)).toBe("Level 3 · Defined");
    expect(voteText({ kind: "level", level: 3 }, [])).toBe("Level 3");
    expect(voteText({ kind: "dontKnow" }, NAMES)).toBe("Don't know");
  });

  it("counts votes against how many can vote, when known", () => {
    expect(votedText({ votedCount: 3, of: 8 })).toBe("3 of 8 voted");
    expect(votedText({ votedCount: 5, of: null })).toBe("5 voted");
  });

  it("says why a ballot is closed", () => {
    expect(closedText({ state: "voting", finished: false }, true)).toBeNull();
    expect(closedText({ state: "revealed", finished: false }, false)).toMatch(/revealed/);
    expect(closedText({ state: "skipped", finished: false }, false)).toBe("The facilitator skipped this question.");
    expect(closedText({ state: "voting", finished: true }, false)).toBe("The workshop is finished.");
  });
});
