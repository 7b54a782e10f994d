import { describe, expect, it } from "vitest";
import { answerText, day, differs, fileStem, moved, progress, score, stamp, time } from "./format";

describe("format", () => {
  it("shows a missing score as a dash, never as zero", () => {
    expect(score(null)).toBe("–");
    expect(score(3.25)).toBe("3.3");
    expect(score(1)).toBe("1.0");
  });

  it("shows a change with the before and after it is the difference of", () => {
    expect(moved({ before: 2.6, after: 3.4, delta: 0.8, compared: 4, real: true })).toEqual({ text: "2.6 → 3.4 ▲ +0.8", delta: "▲ +0.8", dir: "up" });
    expect(moved({ before: 3.3, after: 3.0, delta: -0.3, compared: 3, real: true })).toEqual({ text: "3.3 → 3.0 ▼ −0.3", delta: "▼ −0.3", dir: "down" });
    // Within noise the real difference is shown, marked, never a made-up +0.0.
    expect(moved({ before: 3.0, after: 3.2, delta: 0.2, compared: 4, real: false })).toEqual({ text: "3.0 → 3.2 ≈ +0.2", delta: "≈ +0.2", dir: "same" });
    expect(moved(null)).toEqual({ text: "", delta: "", dir: "none" });
    expect(differs(3.33, 3.4)).toBe(true);
    expect(differs(3.36, 3.4)).toBe(false);
    expect(differs(null, 3.4)).toBe(false);
  });

  it("writes dates and times the same on every call, and leaves what is not one", () => {
    const iso = "2026-10-28T14:05:00Z";
    const local = new Date(iso);
    expect(day(iso)).toBe(local.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" }));
    expect(day(iso)).toMatch(/^2[89] Oct 2026$/);
    expect(day(iso)).toBe(day(iso));
    expect(time(iso)).toBe(local.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" }));
    expect(time(iso)).toMatch(/^\d\d:05$/);
    expect(stamp(iso)).toBe(local.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }));
    expect(day("not a date")).toBe("not a date");
    expect(time("not a date")).toBe("");
    expect(stamp("")).toBe("");
  });

  it("says progress as done, never as answered", () => {
    expect(progress(12, 54)).toBe("12 of 54 done");
  });

  it("names an answer", () => {
    expect(answerText({ kind: "level", level: 3 })).toBe("Level 3");
    expect(answerText({ kind: "notApplicable", reason: "no such team" })).toBe("Not applicable");
    expect(answerText({ kind: "dontKnow" })).toBe("Don't know");
  });
});

describe("fileStem", () => {
  it("keeps letters and digits, joins the rest with dashes, and never returns nothing", () => {
    expect(fileStem("Payments <Team> & Co")).toBe("payments-team-co");
    expect(fileStem("Équipe 7")).toBe("équipe-7");
    expect(fileStem("../..")).toBe("team");
  });
});
