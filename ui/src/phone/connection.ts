// The phone page's link to opex-phone: the live stream of the workshop (Server-
// Sent Events), its reconnection after a phone sleeps or changes network, and
// the two things a phone may send (join, vote). No Tauri here: this runs in a
// participant's browser. Every URL is relative to the page, which lives under
// the session's secret token.
import type { PhoneDto } from "../lib/bindings/PhoneDto";
import type { PhoneJoinDto } from "../lib/bindings/PhoneJoinDto";
import type { PhoneVoteDto } from "../lib/bindings/PhoneVoteDto";
import type { ThemeDto } from "../lib/bindings/ThemeDto";

/** How the page is linked to the laptop; "stopped" is final. */
export type Link = "connecting" | "connected" | "lost" | "stopped";

export type LinkState = {
  link: Link;
  /** Once stopped: why, in the server's words or ours. */
  reason: string | null;
};

/** What happened to the link. */
export type LinkEvent =
  /** The stream is open, or a request got an answer. */
  | { kind: "open" }
  /** The stream failed; it is being retried. */
  | { kind: "drop" }
  /** The facilitator stopped phone voting, or the workshop closed. */
  | { kind: "stopped"; message: string }
  /** The server answered 404: this link's session is over. */
  | { kind: "dead" };

export const DEAD_LINK = "This link no longer works: ask the facilitator for the new one.";
export const TOO_MANY = "Too many taps — wait a second, then try again.";
export const UNREACHABLE =
  "The facilitator's laptop could not be reached: check that this phone is on the same network, then try again.";

export const INITIAL: LinkState = { link: "connecting", reason: null };

/** The link after an event. Nothing brings a stopped link back. */
export function nextLink(s: LinkState, e: LinkEvent): LinkState {
  if (s.link === "stopped") return s;
  switch (e.kind) {
    case "open":
      return s.link === "connected" ? s : { link: "connected", reason: null };
    case "drop":
      return s.link === "lost" ? s : { link: "lost", reason: null };
    case "stopped":
      return { link: "stopped", reason: e.message.trim() || "The facilitator stopped phone voting." };
    case "dead":
      return { link: "stopped", reason: DEAD_LINK };
  }
}

/** The link in words, as the page shows it. */
export function linkWords(link: Link): string {
  switch (link) {
    case "connecting":
      return "Connecting…";
    case "connected":
      return "Connected";
    case "lost":
      return "Connection lost — reconnecting…";
    case "stopped":
      return "Disconnected";
  }
}

/** What to tell the person when a request failed with this status and body. */
export function errorMessage(status: number, body: unknown): string {
  if (status === 404) return DEAD_LINK;
  if (status === 429) return TOO_MANY;
  const message =
    body && typeof body === "object" && "message" in body && typeof body.message === "string" ? body.message.trim() : "";
  if (message) return message;
  if (status === 413) return "That was too long to send.";
  if (status === 409) return "The facilitator has moved on: this screen now shows where the workshop is.";
  if (status === 422 || status === 400) return "The laptop could not accept that.";
  return `Something went wrong on the facilitator's laptop (HTTP ${status}). Try again.`;
}

/** A request that failed, with the words to show. */
export class PhoneError extends Error {
  constructor(
    message: string,
    /** The HTTP status, or null when the laptop could not be reached. */
    readonly status: number | null,
  ) {
    super(message);
    this.name = "PhoneError";
  }
}

/** The parts of EventSource used here, so tests can stand in for it. */
export interface StreamLike {
  readonly readyState: number;
  onopen: ((this: never, ev: Event) => unknown) | null;
  onerror: ((this: never, ev: Event) => unknown) | null;
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  close(): void;
}

export type Deps = {
  /** The page's folder, ending in "/": `http://HOST:PORT/<token>/`. */
  base: string;
  openStream: (url: string) => StreamLike;
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
};

export type Handlers = {
  /** The workshop as this phone sees it, newest first. */
  state: (dto: PhoneDto) => void;
  link: (s: LinkState) => void;
};

/** EventSource.CLOSED, spelled out so the module runs where EventSource is missing (tests). */
const CLOSED = 2;
const OPEN = 1;
/** Waits before reopening a stream the browser gave up on, growing on each failure. */
export const RETRY_MS = [1000, 2000, 4000, 8000, 15000];
/** A request that takes longer than this has failed. */
const TIMEOUT_MS = 10000;

/**
 * The page's connection: one stream at a time, reopened when the browser gives
 * up on it (and at once when the phone wakes), and requests whose answers
 * update the page like the stream's events do.
 */
export class PhoneConnection {
  private stream: StreamLike | null = null;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  /** Counts writes started, so a read begun before a write never overwrites its result. */
  private writes = 0;
  private status: LinkState = INITIAL;
  private theme: ThemeDto;

  constructor(
    private readonly deps: Deps,
    private readonly on: Handlers,
    theme: ThemeDto,
  ) {
    this.theme = theme;
  }

  get linkState(): LinkState {
    return this.status;
  }

  /** Opens the stream: its first event is the workshop as it is now. */
  start(): void {
    this.open();
  }

  /** The chart is drawn for a theme: a new theme asks for a new stream (and so a redrawn state). */
  setTheme(theme: ThemeDto): void {
    if (theme === this.theme) return;
    this.theme = theme;
    if (this.stopped) return;
    this.open();
  }

  /**
   * The phone woke, came back online or the page became visible again: reopen
   * a stream the browser closed (or every stream, when `restart`, since a
   * stream from before a long sleep may be silently dead) and fetch the state.
   */
  wake(restart = false): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (restart || !this.stream || this.stream.readyState === CLOSED) {
      this.attempt = 0;
      this.open();
    }
    return this.refresh();
  }

  /** Fetches the state once, as a fallback to the stream. */
  async refresh(): Promise<void> {
    const at = this.writes;
    try {
      const dto = await this.request("GET", "api/state");
      if (this.writes === at) this.on.state(dto);
    } catch {
      // The link has already been reported; the stream's retries carry on.
    }
  }

  /** Joins the workshop; the stream is reopened so it carries the cookie just set. */
  async join(join: PhoneJoinDto): Promise<void> {
    this.writes += 1;
    const dto = await this.request("POST", "api/join", join);
    this.on.state(dto);
    if (!this.stopped) this.open();
  }

  /** Votes on the question and round the page showed. */
  async vote(vote: PhoneVoteDto): Promise<void> {
    this.writes += 1;
    try {
      this.on.state(await this.request("POST", "api/vote", vote));
    } catch (e) {
      // The facilitator moved on: show where the workshop is now.
      if (e instanceof PhoneError && e.status === 409) await this.refresh();
      throw e;
    }
  }

  /** Closes the stream for good (the page is going away). */
  close(): void {
    clearTimeout(this.retry);
    this.stream?.close();
    this.stream = null;
  }

  private get stopped(): boolean {
    return this.status.link === "stopped";
  }

  private report(e: LinkEvent): void {
    const next = nextLink(this.status, e);
    if (next === this.status) return;
    this.status = next;
    if (next.link === "stopped") this.close();
    this.on.link(next);
  }

  private url(path: string): string {
    return new URL(`${path}?theme=${this.theme}`, this.deps.base).href;
  }

  private open(): void {
    clearTimeout(this.retry);
    this.stream?.close();
    const stream = this.deps.openStream(this.url("api/events"));
    this.stream = stream;
    // Events from a stream replaced since are ignored.
    const live = () => this.stream === stream;
    stream.onopen = () => {
      if (!live()) return;
      this.attempt = 0;
      this.report({ kind: "open" });
    };
    stream.addEventListener("state", (ev) => {
      if (!live()) return;
      let dto: PhoneDto;
      try {
        dto = JSON.parse(String(ev.data)) as PhoneDto;
      } catch {
        return;
      }
      this.report({ kind: "open" });
      this.on.state(dto);
    });
    stream.addEventListener("stopped", (ev) => {
      if (!live()) return;
      this.report({ kind: "stopped", message: String(ev.data ?? "") });
    });
    stream.onerror = () => {
      if (!live() || this.stopped) return;
      this.report({ kind: "drop" });
      // CONNECTING: the browser retries by itself. CLOSED: it gave up (an error
      // status, such as 404 for a dead link), so find out why and retry later.
      if (stream.readyState === CLOSED) {
        this.stream = null;
        this.scheduleRetry();
      }
    };
  }

  private scheduleRetry(): void {
    clearTimeout(this.retry);
    const delay = RETRY_MS[Math.min(this.attempt, RETRY_MS.length - 1)] ?? 15000;
    this.attempt += 1;
    this.retry = setTimeout(() => {
      // The state says whether the link is dead (404) before a new stream is tried.
      void this.refresh().then(() => {
        if (!this.stopped && (!this.stream || this.stream.readyState !== OPEN)) this.open();
      });
    }, delay);
  }

  private async request(method: "GET" | "POST", path: string, body?: unknown): Promise<PhoneDto> {
    let res: Response;
    try {
      res = await this.deps.fetch(this.url(path), {
        method,
        credentials: "same-origin",
        cache: "no-store",
        headers: body === undefined ? { Accept: "application/json" } : { Accept: "application/json", "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: typeof AbortSignal.timeout === "function" ? AbortSignal.timeout(TIMEOUT_MS) : undefined,
      });
    } catch {
      // Only the stream says whether the page is connected: one failed request
      // beside a healthy stream is not a lost connection.
      throw new PhoneError(UNREACHABLE, null);
    }
    if (!res.ok) {
      const payload: unknown = await res.json().catch(() => null);
      if (res.status === 404) this.report({ kind: "dead" });
      throw new PhoneError(errorMessage(res.status, payload), res.status);
    }
    try {
      return (await res.json()) as PhoneDto;
    } catch {
      throw new PhoneError("The laptop's answer could not be read. Try again.", res.status);
    }
  }
}

/** The connection for the page at `location`, with the browser's EventSource and fetch. */
export function browserConnection(handlers: Handlers, theme: ThemeDto): PhoneConnection {
  return new PhoneConnection(
    {
      base: new URL("./", window.location.href).href,
      openStream: (url) => new EventSource(url) as unknown as StreamLike,
      fetch: (url, init) => window.fetch(url, init),
    },
    handlers,
    theme,
  );
}
