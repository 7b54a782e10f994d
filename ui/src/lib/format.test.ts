import { describe, expect, it } from "vitest";
import { answered, change, score } from "./format";

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
});
