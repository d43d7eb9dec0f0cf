/**
 * Only same-site paths are allowed as redirect targets: no scheme, no host, no protocol-relative
 * `//host`, no backslash tricks browsers normalise into `//`.
 */
export function safeRedirectPath(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || target.length === 0 || target.length > 2048) return fallback;
  if (!target.startsWith("/") || target.startsWith("//") || target.includes("\\")) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(target)) return fallback;
  try {
    const resolved = new URL(target, "http://plenary.invalid");
    if (resolved.origin !== "http://plenary.invalid") return fallback;
    return resolved.pathname + resolved.search + resolved.hash;
  } catch {
    return fallback;
  }
}
