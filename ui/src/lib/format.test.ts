import { describe, expect, it } from "vitest";
import { answerText, answered, change, score } from "./format";

describe("format", () => {
  it("shows a missing score as a dash, never as zero", () => {
    expect(score(null)).toBe("–");
    expect(score(3.25)).toBe("3.3");
    expect(score(1)).toBe("1.0");
  });

  it("writes changes with an arrow and a sign", () => {
    expect(change(0.4)).toEqual({ text: "▲ +0.4", dir: "up" });
    expect(change(-0.26)).toEqual({ text: "▼ −0.3", dir: "down" });
    expect(change(0.01)).toEqual({ text: "= no change", dir: "same" });
    expect(change(null)).toEqual({ text: "", dir: "none" });
  });

  it("counts answers in words", () => {
    expect(answered(12, 54)).toBe("12 of 54 answered");
  });

  it("names an answer", () => {
    expect(answerText({ kind: "level", level: 3 })).toBe("Level 3");
    expect(answerText({ kind: "notApplicable", reason: "no such team" })).toBe("Not applicable");
    expect(answerText({ kind: "dontKnow" })).toBe("Don't know");
  });
});
