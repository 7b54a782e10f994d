import { describe, expect, it } from "vitest";

// Every source file under src/, as text, keyed by its path from this folder ("../lib/format.ts").
const sources = import.meta.glob<string>(["../**/*.ts", "../**/*.svelte", "!../**/*.test.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
});

/** Where a file's imports lead: relative ones resolved against it, the rest as written. */
function imports(file: string, text: string): string[] {
  const dir = file.slice(0, file.lastIndexOf("/") + 1);
  return [...text.matchAll(/(?:import|export)\s[^"';]*?from\s+["']([^"']+)["']|import\s+["']([^"']+)["']/g)].map((m) => {
    const spec = (m[1] ?? m[2])!;
    if (!spec.startsWith(".")) return spec;
    const parts: string[] = [];
    for (const part of (dir + spec).split("/")) {
      if (part === "..") {
        if (parts.length && parts[parts.length - 1] !== "..") parts.pop();
        else parts.push(part);
      } else if (part !== ".") parts.push(part);
    }
    const path = parts.join("/");
    return path.startsWith("../") ? path : `./${path}`;
  });
}

describe("the phone page", () => {
  it("never reaches Tauri, directly or through a shared module", () => {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const queue = ["./main.ts"];
    while (queue.length) {
      const spec = queue.pop()!;
      if (spec.endsWith(".css")) continue;
      const file = spec in sources ? spec : `${spec}.ts`;
      if (seen.has(file)) continue;
      const text = sources[file];
      if (text === undefined) throw new Error(`cannot read ${spec}`);
      seen.add(file);
      for (const next of imports(file, text)) {
        if (next.startsWith(".")) queue.push(next);
        else packages.add(next);
      }
    }
    expect(seen.has("../lib/format.ts")).toBe(true);
    expect([...packages].filter((p) => p.includes("tauri"))).toEqual([]);
    expect([...packages].sort()).toEqual(["svelte"]);
  });
});
