import { afterEach, describe, expect, it } from "vitest";
import { guardLeaving, leaveThrough } from "./leave";

describe("leaving a screen", () => {
  let remove: (() => void) | null = null;
  afterEach(() => remove?.());

  it("goes at once when no screen has unsaved edits", () => {
    let left = 0;
    leaveThrough(() => left++);
    expect(left).toBe(1);
  });

  it("waits for the person when the screen asks, and goes only if they choose to", () => {
    const asked: { leave?: () => void } = {};
    remove = guardLeaving((leave) => {
      asked.leave = leave;
      return true;
    });
    let left = 0;
    leaveThrough(() => left++);
    expect(left).toBe(0);
    asked.leave?.();
    expect(left).toBe(1);
  });

  it("goes at once when the guard has nothing to ask about, and stops asking once removed", () => {
    let dirty = false;
    remove = guardLeaving(() => dirty);
    let left = 0;
    leaveThrough(() => left++);
    expect(left).toBe(1);
    dirty = true;
    leaveThrough(() => left++);
    expect(left).toBe(1);
    remove();
    leaveThrough(() => left++);
    expect(left).toBe(2);
  });

  it("a guard removed late does not remove the next screen's guard", () => {
    const first = guardLeaving(() => true);
    remove = guardLeaving(() => true);
    first();
    let left = 0;
    leaveThrough(() => left++);
    expect(left).toBe(0);
  });
});
