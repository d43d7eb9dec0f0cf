import { describe, expect, it } from "vitest";
import { NAMESPACES, SUPPORTED_LANGUAGES, resources } from "./config";

// Every catalog is complete: a key present in one language is present in all, never empty.
function flatten(value: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof child === "string") out.set(path, child);
    else for (const [k, v] of flatten(child, path)) out.set(k, v);
  }
  return out;
}

describe("message catalogs", () => {
  for (const namespace of NAMESPACES) {
    it(`"${namespace}" has the same non-empty keys and placeholders in every language`, () => {
      const [reference, ...others] = SUPPORTED_LANGUAGES.map((language) => flatten(resources[language][namespace]));
      for (const catalog of others) {
        expect([...catalog.keys()].sort()).toEqual([...reference.keys()].sort());
        for (const [key, text] of catalog) {
          expect(text.trim(), key).not.toBe("");
          const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
          expect(placeholders(text), key).toEqual(placeholders(reference.get(key)!));
        }
      }
    });
  }
});
