import { describe, expect, it } from "vitest";
import type { WorkshopDto } from "./bindings/WorkshopDto";
import {
  applyElsewhere,
  firstToVote,
  NA_VOTE,
  nextToVote,
  shortcut,
  stepSelection,
  takesKey,
  VoteQueue,
  type KeyContext,
  type KeyPress,
} from "./workshop.svelte";

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  modified: false,
  target: "other",
  dialogOpen: false,
  ...more,
});
const voting: KeyContext = { state: "voting", anonymous: false, presenting: false };
const revealed: KeyContext = { ...voting, state: "revealed" };
const agreed: KeyContext = { ...voting, state: "agreed" };
const skipped: KeyContext = { ...voting, state: "skipped" };

describe("workshop keys", () => {
  it("votes, moves the selection and reveals while the team votes", () => {
    expect(shortcut(press("3"), voting)).toEqual({ kind: "vote", answer: { kind: "level", level: 3 } });
    expect(shortcut(press("x"), voting)).toEqual({ kind: "vote", answer: NA_VOTE });
    expect(shortcut(press("?"), voting)).toEqual({ kind: "vote", answer: { kind: "dontKnow" } });
    expect(shortcut(press("Backspace"), voting)).toEqual({ kind: "unvote" });
    expect(shortcut(press("ArrowDown"), voting)).toEqual({ kind: "select", step: 1 });
    expect(shortcut(press("ArrowUp"), voting)).toEqual({ kind: "select", step: -1 });
    expect(shortcut(press("r"), voting)).toEqual({ kind: "reveal" });
    expect(shortcut(press("0"), voting)).toBeNull();
    expect(shortcut(press("6"), voting)).toBeNull();
    expect(shortcut(press("Enter"), voting)).toBeNull();
    expect(shortcut(press("v"), voting)).toBeNull();
  });

  it("takes back the last count of an anonymous tally with Backspace", () => {
    expect(shortcut(press("Backspace"), { ...voting, anonymous: true })).toEqual({ kind: "unvote" });
  });

  it("chooses, agrees, re-votes and adds actions after the reveal", () => {
    expect(shortcut(press("4"), revealed)).toEqual({ kind: "choose", answer: { kind: "level", level: 4 } });
    expect(shortcut(press("Enter"), revealed)).toEqual({ kind: "agree" });
    expect(shortcut(press("v"), revealed)).toEqual({ kind: "revote" });
    expect(shortcut(press("a"), revealed)).toBeNull();
    expect(shortcut(press("a"), agreed)).toEqual({ kind: "addAction" });
    expect(shortcut(press("r"), revealed)).toBeNull();
    expect(shortcut(press("x"), revealed)).toBeNull();
  });

  it("neither chooses nor agrees on a skipped question, but can re-vote", () => {
    expect(shortcut(press("2"), skipped)).toBeNull();
    expect(shortcut(press("Enter"), skipped)).toBeNull();
    expect(shortcut(press("v"), skipped)).toEqual({ kind: "revote" });
  });

  it("moves, skips and presents in every state", () => {
    for (const ctx of [voting, revealed, agreed, skipped]) {
      expect(shortcut(press("ArrowRight"), ctx)).toEqual({ kind: "go", step: 1 });
      expect(shortcut(press("ArrowLeft"), ctx)).toEqual({ kind: "go", step: -1 });
      expect(shortcut(press("s"), ctx)).toEqual({ kind: "skip" });
      expect(shortcut(press("p"), ctx)).toEqual({ kind: "present" });
    }
  });

  it("leaves the presented view with Escape or p, and ignores everything else there", () => {
    const presenting = { ...voting, presenting: true };
    expect(shortcut(press("Escape"), presenting)).toEqual({ kind: "unpresent" });
    expect(shortcut(press("p"), presenting)).toEqual({ kind: "unpresent" });
    expect(shortcut(press("3"), presenting)).toBeNull();
    expect(shortcut(press("ArrowRight"), presenting)).toBeNull();
  });

  it("leaves keys to text fields, focused buttons, dialogs and the system", () => {
    expect(shortcut(press("3", { target: "text" }), voting)).toBeNull();
    expect(shortcut(press("Escape", { target: "text" }), voting)).toEqual({ kind: "blur" });
    expect(shortcut(press("Enter", { target: "button" }), revealed)).toBeNull();
    expect(shortcut(press(" ", { target: "button" }), revealed)).toBeNull();
    expect(shortcut(press("3", { target: "button" }), voting)).toEqual({
      kind: "vote",
      answer: { kind: "level", level: 3 },
    });
    expect(shortcut(press("3", { dialogOpen: true }), voting)).toBeNull();
    expect(shortcut(press("3", { modified: true }), voting)).toBeNull();
    expect(shortcut(press("p", { modified: true }), { ...voting, presenting: true })).toBeNull();
  });

  it("takes the key from the browser except when leaving a field or the presented view", () => {
    expect(takesKey({ kind: "reveal" })).toBe(true);
    expect(takesKey({ kind: "go", step: 1 })).toBe(true);
    expect(takesKey({ kind: "blur" })).toBe(false);
    expect(takesKey({ kind: "unpresent" })).toBe(false);
  });
});

describe("vote queue", () => {
  const people = [10, 20, 30, 40];

  it("starts on the first person who has not voted", () => {
    expect(firstToVote(people, [])).toBe(0);
    expect(firstToVote(people, [10, 20])).toBe(2);
    expect(firstToVote(people, people)).toBe(0);
    expect(firstToVote([], [])).toBe(0);
  });

  it("moves on to the next who has not voted, going round the list", () => {
    expect(nextToVote(people, [10], 0)).toBe(1);
    expect(nextToVote(people, [10, 20, 30], 1)).toBe(3);
    expect(nextToVote(people, [30, 40], 3)).toBe(0);
    expect(nextToVote(people, [20, 40], 3)).toBe(0);
    expect(nextToVote(people, people, 2)).toBe(2);
  });

  it("steps up and down within the list", () => {
    expect(stepSelection(0, 1, 4)).toBe(1);
    expect(stepSelection(3, 1, 4)).toBe(3);
    expect(stepSelection(2, -1, 4)).toBe(1);
    expect(stepSelection(0, -1, 4)).toBe(0);
  });

  it("moves the selection at once, past votes still on their way", async () => {
    const queue = new VoteQueue();
    queue.start(people, [20]);
    expect(queue.selected).toBe(0);
    const sent: number[] = [];
    const release: (() => void)[] = [];
    const slow = (person: number) => () =>
      new Promise<void>((done) => {
        sent.push(person);
        release.push(done);
      });
    queue.cast(10, people, [20], slow(10));
    expect(queue.selected).toBe(2);
    // The first save has not returned: 10 is still pending, 20 voted before.
    queue.cast(30, people, [20], slow(30));
    expect(queue.selected).toBe(3);
    await Promise.resolve();
    expect(sent).toEqual([10]);
    release[0]?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual([10, 30]);
    release[1]?.();
    await new Promise((r) => setTimeout(r, 0));
    // Both saves returned: nobody is pending, so a vote that was not stored is asked again.
    queue.cast(40, people, [20], async () => {});
    expect(queue.selected).toBe(0);
  });

  it("keeps sending after a failed vote", async () => {
    const queue = new VoteQueue();
    const sent: string[] = [];
    queue.cast(null, [], [], () => Promise.reject(new Error("offline")));
    await queue.cast(null, [], [], async () => void sent.push("second"));
    expect(sent).toEqual(["second"]);
    expect(queue.selected).toBe(0);
  });

  it("lets ↑/↓ and a click choose the person", () => {
    const queue = new VoteQueue();
    queue.step(1, 4);
    queue.step(1, 4);
    expect(queue.selected).toBe(2);
    queue.step(-1, 4);
    expect(queue.selected).toBe(1);
    queue.select(3);
    expect(queue.selected).toBe(3);
  });
});

describe("applyElsewhere", () => {
  // Only the fields the rule reads; the rest of a real view rides along untouched.
  const view = (over: Partial<WorkshopDto["current"]> = {}, participants = [{ id: 1, name: "Ana" }]) =>
    ({
      participants,
      headcount: 7,
      current: {
        question: { id: "OE-01" },
        state: "voting",
        round: 1,
        voted: [],
        votedCount: 0,
        overcount: null,
        facilitatorNote: "typed here",
        ...over,
      },
    }) as unknown as WorkshopDto;

  it("copies in a phone's vote and a phone's new name, and nothing else", () => {
    const w = view();
    const current = w.current;
    const next = view({ voted: [1, 2], votedCount: 2, facilitatorNote: "stale" }, [
      { id: 1, name: "Ana" },
      { id: 2, name: "Bo (phone)" },
    ]);
    expect(applyElsewhere(w, next)).toBe(true);
    expect(w.current).toBe(current);
    expect(w.current.voted).toEqual([1, 2]);
    expect(w.current.votedCount).toBe(2);
    expect(w.participants.map((p) => p.name)).toEqual(["Ana", "Bo (phone)"]);
    expect(w.current.facilitatorNote).toBe("typed here");
  });

  it("asks for the whole view when the workshop moved on", () => {
    expect(applyElsewhere(view(), view({ state: "revealed" }))).toBe(false);
    expect(applyElsewhere(view(), view({ round: 2 }))).toBe(false);
    expect(applyElsewhere(view(), view({ question: { id: "OE-02" } } as Partial<WorkshopDto["current"]>))).toBe(false);
  });
});
