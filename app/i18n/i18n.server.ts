import { DEFAULT_LANGUAGE, LANGUAGE_COOKIE, SUPPORTED_LANGUAGES, isSupportedLanguage, type SupportedLanguage } from "./config";

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

/** Highest-weighted supported language of an Accept-Language header (RFC 9110 q-values). */
export function languageFromAcceptLanguage(header: string | null): SupportedLanguage | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((entry, index) => {
      const [tag, ...params] = entry.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { base: tag.trim().toLowerCase().split("-")[0], weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked.map((entry) => entry.base).find(isSupportedLanguage);
}

/** The person's explicit choice (cookie; later their profile), then the browser's, then English. */
export function detectLanguage(request: Request, userPreference?: string | null): SupportedLanguage {
  const chosen = readCookie(request.headers.get("Cookie"), LANGUAGE_COOKIE);
  if (isSupportedLanguage(chosen)) return chosen;
  if (isSupportedLanguage(userPreference)) return userPreference;
  return languageFromAcceptLanguage(request.headers.get("Accept-Language")) ?? DEFAULT_LANGUAGE;
}

export function languageCookie(language: SupportedLanguage, secure: boolean): string {
  return `${LANGUAGE_COOKIE}=${language}; Path=/; Max-Age=${60 * 60 * 24 * 365}; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export { SUPPORTED_LANGUAGES };
