import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PhoneDto } from "../lib/bindings/PhoneDto";
import {
  DEAD_LINK,
  INITIAL,
  PhoneConnection,
  PhoneError,
  TOO_MANY,
  UNREACHABLE,
  errorMessage,
  linkWords,
  nextLink,
  type LinkState,
  type StreamLike,
} from "./connection";

const BASE = "http://192.168.1.23:8421/tok123/";

function dto(over: Partial<PhoneDto> = {}): PhoneDto {
  return {
    teamName: "Payments",
    workshopName: "OpEx 2.0 · 3 May",
    anonymity: "open",
    joined: false,
    me: null,
    names: [],
    aliasAllowed: true,
    presented: null,
    myVote: null,
    canVote: false,
    ...over,
  };
}

/** A stand-in for EventSource that the test drives by hand. */
class FakeStream implements StreamLike {
  readyState = 0;
  onopen: ((this: never, ev: Event) => unknown) | null = null;
  onerror: ((this: never, ev: Event) => unknown) | null = null;
  closed = false;
  private listeners = new Map<string, ((ev: MessageEvent) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  // What the server and the browser do:
  open(): void {
    this.readyState = 1;
    this.onopen?.call(undefined as never, new Event("open"));
  }
  emit(type: string, data: string): void {
    for (const l of this.listeners.get(type) ?? []) l(new MessageEvent(type, { data }));
  }
  /** The browser retries by itself (CONNECTING) or gives up (CLOSED). */
  fail(giveUp: boolean): void {
    this.readyState = giveUp ? 2 : 0;
    this.onerror?.call(undefined as never, new Event("error"));
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function setup(responses: (url: string, init?: RequestInit) => Response | Promise<Response>) {
  const streams: FakeStream[] = [];
  const states: PhoneDto[] = [];
  const links: LinkState[] = [];
  const requests: { url: string; init?: RequestInit }[] = [];
  const conn = new PhoneConnection(
    {
      base: BASE,
      openStream: (url) => {
        const s = new FakeStream(url);
        streams.push(s);
        return s;
      },
      fetch: async (url, init) => {
        requests.push({ url, init });
        return responses(url, init);
      },
    },
    { state: (d) => states.push(d), link: (l) => links.push(l) },
    "light",
  );
  const last = () => streams[streams.length - 1]!;
  return { conn, streams, states, links, requests, last };
}

describe("nextLink", () => {
  it("goes connected, lost, connected again", () => {
    let s = nextLink(INITIAL, { kind: "open" });
    expect(s.link).toBe("connected");
    s = nextLink(s, { kind: "drop" });
    expect(s.link).toBe("lost");
    s = nextLink(s, { kind: "open" });
    expect(s).toEqual({ link: "connected", reason: null });
  });

  it("keeps a stopped link stopped, with its reason", () => {
    const stopped = nextLink(nextLink(INITIAL, { kind: "open" }), { kind: "stopped", message: "The facilitator stopped phone voting." });
    expect(stopped).toEqual({ link: "stopped", reason: "The facilitator stopped phone voting." });
    for (const e of [{ kind: "open" }, { kind: "drop" }, { kind: "dead" }] as const) {
      expect(nextLink(stopped, e)).toBe(stopped);
    }
  });

  it("calls a dead link stopped, and says what to do", () => {
    expect(nextLink(INITIAL, { kind: "dead" })).toEqual({ link: "stopped", reason: DEAD_LINK });
  });

  it("returns the same state when nothing changed, so nobody is told twice", () => {
    const c = nextLink(INITIAL, { kind: "open" });
    expect(nextLink(c, { kind: "open" })).toBe(c);
  });

  it("says every link in words", () => {
    expect(linkWords("lost")).toBe("Connection lost — reconnecting…");
    expect(linkWords("connected")).toBe("Connected");
    expect(linkWords("stopped")).toBe("Disconnected");
  });
});

describe("errorMessage", () => {
  const table: [number, unknown, string][] = [
    [404, { message: "not found" }, DEAD_LINK],
    [429, { message: "slow down" }, TOO_MANY],
    [409, { message: "The facilitator has moved on to question 4." }, "The facilitator has moved on to question 4."],
    [422, { message: "Level 7 is not a level." }, "Level 7 is not a level."],
    [413, null, "That was too long to send."],
    [409, "not json", "The facilitator has moved on: this screen now shows where the workshop is."],
    [500, { message: "  " }, "Something went wrong on the facilitator's laptop (HTTP 500). Try again."],
    [500, { message: 42 }, "Something went wrong on the facilitator's laptop (HTTP 500). Try again."],
  ];
  it.each(table)("status %i with %j says %s", (status, body, expected) => {
    expect(errorMessage(status, body)).toBe(expected);
  });
});

describe("PhoneConnection", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("opens the stream under the token with the theme, and shows its states", () => {
    const t = setup(() => json(200, dto()));
    t.conn.start();
    expect(t.last().url).toBe(`${BASE}api/events?theme=light`);
    t.last().open();
    t.last().emit("state", JSON.stringify(dto({ teamName: "Search" })));
    expect(t.states.map((s) => s.teamName)).toEqual(["Search"]);
    expect(t.links.map((l) => l.link)).toEqual(["connected"]);
  });

  it("says the connection is lost while the browser retries, and connected when it is back", () => {
    const t = setup(() => json(200, dto()));
    t.conn.start();
    t.last().open();
    t.last().fail(false);
    expect(t.conn.linkState.link).toBe("lost");
    expect(t.streams).toHaveLength(1);
    t.last().open();
    expect(t.links.map((l) => l.link)).toEqual(["connected", "lost", "connected"]);
  });

  it("reopens a stream the browser gave up on, after asking for the state", async () => {
    const t = setup(() => json(200, dto({ teamName: "Again" })));
    t.conn.start();
    t.last().open();
    t.last().fail(true);
    expect(t.conn.linkState.link).toBe("lost");
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.requests.map((r) => r.url)).toEqual([`${BASE}api/state?theme=light`]);
    expect(t.states.map((s) => s.teamName)).toEqual(["Again"]);
    expect(t.streams).toHaveLength(2);
    t.last().open();
    expect(t.conn.linkState.link).toBe("connected");
  });

  it("stops for good when the link is dead (404), and never reconnects", async () => {
    const t = setup(() => json(404, { message: "no such session" }));
    t.conn.start();
    t.last().fail(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.conn.linkState).toEqual({ link: "stopped", reason: DEAD_LINK });
    expect(t.streams).toHaveLength(1);
    await t.conn.wake(true);
    await vi.advanceTimersByTimeAsync(60000);
    expect(t.streams).toHaveLength(1);
  });

  it("stops on the stopped event: the stream is closed and waking does not reopen it", async () => {
    const t = setup(() => json(200, dto()));
    t.conn.start();
    const s = t.last();
    s.open();
    s.emit("stopped", "The facilitator stopped phone voting.");
    expect(s.closed).toBe(true);
    expect(t.conn.linkState).toEqual({ link: "stopped", reason: "The facilitator stopped phone voting." });
    s.fail(true);
    await t.conn.wake(true);
    await vi.advanceTimersByTimeAsync(60000);
    expect(t.streams).toHaveLength(1);
    expect(t.requests).toHaveLength(0);
    expect(t.conn.linkState.link).toBe("stopped");
  });

  it("on waking, reopens a closed stream and fetches the state; leaves an open one alone", async () => {
    const t = setup(() => json(200, dto({ teamName: "Woke" })));
    t.conn.start();
    t.last().open();
    await t.conn.wake();
    expect(t.streams).toHaveLength(1);
    t.last().readyState = 2;
    await t.conn.wake();
    expect(t.streams).toHaveLength(2);
    expect(t.states.map((s) => s.teamName)).toEqual(["Woke", "Woke"]);
  });

  it("reopens the stream for a new theme, and ignores the old stream's events", () => {
    const t = setup(() => json(200, dto()));
    t.conn.start();
    const old = t.last();
    old.open();
    t.conn.setTheme("dark");
    expect(old.closed).toBe(true);
    expect(t.last().url).toBe(`${BASE}api/events?theme=dark`);
    old.emit("state", JSON.stringify(dto({ teamName: "Stale" })));
    old.fail(true);
    expect(t.states).toHaveLength(0);
    expect(t.conn.linkState.link).toBe("connected");
  });

  it("joins by POST and reopens the stream so it carries the new cookie", async () => {
    const t = setup(() => json(200, dto({ joined: true, me: "Ana" })));
    t.conn.start();
    t.last().open();
    await t.conn.join({ participantId: 3 });
    const req = t.requests[0]!;
    expect(req.url).toBe(`${BASE}api/join?theme=light`);
    expect(req.init?.method).toBe("POST");
    expect(req.init?.credentials).toBe("same-origin");
    expect(JSON.parse(String(req.init?.body))).toEqual({ participantId: 3 });
    expect(t.states.map((s) => s.me)).toEqual(["Ana"]);
    expect(t.streams).toHaveLength(2);
    expect(t.streams[0]!.closed).toBe(true);
  });

  it("throws the server's words when a vote is refused, and refetches after a conflict", async () => {
    const t = setup((url, init) =>
      init?.method === "POST" ? json(409, { message: "The facilitator has moved on." }) : json(200, dto({ teamName: "Now" })),
    );
    t.conn.start();
    const vote = t.conn.vote({ questionId: "OE-01", round: 1, choice: { kind: "level", level: 3 } });
    await expect(vote).rejects.toEqual(new PhoneError("The facilitator has moved on.", 409));
    expect(t.states.map((s) => s.teamName)).toEqual(["Now"]);
  });

  it("says the laptop could not be reached when fetch fails, without calling a live stream lost", async () => {
    const t = setup(() => {
      throw new TypeError("Failed to fetch");
    });
    t.conn.start();
    t.last().open();
    const vote = t.conn.vote({ questionId: "OE-01", round: 1, choice: { kind: "dontKnow" } });
    await expect(vote).rejects.toEqual(new PhoneError(UNREACHABLE, null));
    expect(t.conn.linkState.link).toBe("connected");
  });

  it("never lets a read begun before a vote overwrite the vote's answer", async () => {
    let release: (r: Response) => void = () => {};
    const t = setup((url, init) =>
      init?.method === "POST"
        ? json(200, dto({ myVote: { kind: "level", level: 4 } }))
        : new Promise<Response>((r) => (release = r)),
    );
    t.conn.start();
    const read = t.conn.refresh();
    await t.conn.vote({ questionId: "OE-01", round: 1, choice: { kind: "level", level: 4 } });
    release(json(200, dto({ myVote: null })));
    await read;
    expect(t.states.map((s) => s.myVote)).toEqual([{ kind: "level", level: 4 }]);
  });
});
