import { describe, expect, it } from "vitest";
import { elapsedMs, mmss, timerState } from "./clock.svelte";

describe("clock", () => {
  it("adds the time since arriving to the stored time", () => {
    const since = new Date(1_000_000).toISOString();
    expect(elapsedMs(30_000, since, 1_060_000)).toBe(90_000);
    expect(elapsedMs(30_000, null, 1_060_000)).toBe(30_000);
  });

  it("turns amber at the plan and red at 150% of it", () => {
    expect(timerState(239_000, 240)).toBe("ok");
    expect(timerState(240_000, 240)).toBe("amber");
    expect(timerState(359_000, 240)).toBe("amber");
    expect(timerState(360_000, 240)).toBe("red");
  });

  it("writes minutes and seconds", () => {
    expect(mmss(245_000)).toBe("4:05");
    expect(mmss(0)).toBe("0:00");
  });
});
