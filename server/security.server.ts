import crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { NextFunction, Request, Response } from "express";
import helmet from "helmet";

/** The origins a browser may send state-changing requests from: this server's own and the configured ones. */
export function isAllowedOrigin(origin: string, host: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (allowedOrigins.includes(origin)) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === "http:" || url.protocol === "https:") && host !== undefined && url.host === host.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * CSRF defence for every non-GET request: a browser that says the request is cross-site, or sends
 * a foreign Origin, gets 403. Requests with no Origin (curl, native tools) are not browsers' forms.
 */
export function rejectCrossSiteWrites(allowedOrigins: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    const origin = req.get("origin");
    const fetchSite = req.get("sec-fetch-site");
    const foreignOrigin = origin !== undefined && origin !== "null" ? !isAllowedOrigin(origin, req.get("host"), allowedOrigins) : origin === "null";
    if (fetchSite === "cross-site" || foreignOrigin) {
      req.log?.warn({ origin, fetchSite, path: req.path }, "cross-site write refused");
      res.status(403).json({ error: "Cross-site request refused." });
      return;
    }
    next();
  };
}

/** Socket.IO handshake check: a browser's foreign Origin is refused; clients without Origin may connect. */
export function allowSocketRequest(allowedOrigins: readonly string[]) {
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
    const origin = req.headers.origin;
    callback(null, origin === undefined || isAllowedOrigin(origin, req.headers.host, allowedOrigins));
  };
}

export function cspNonce(_req: Request, res: Response, next: NextFunction) {
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  next();
}

export function securityHeaders(options: { development: boolean; https: boolean }) {
  const { development, https } = options;
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // Remix's inline hydration scripts carry the per-request nonce. Vite's dev client needs inline scripts.
        scriptSrc: development ? ["'self'", "'unsafe-inline'"] : ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
        styleSrc: development ? ["'self'", "'unsafe-inline'"] : ["'self'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'"],
        connectSrc: development ? ["'self'", "ws:", "wss:"] : ["'self'"],
        mediaSrc: ["'self'", "blob:"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https && { upgradeInsecureRequests: [] }),
      },
    },
    strictTransportSecurity: https ? { maxAge: 63_072_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
  });
}

// Paths whose last segment is a secret (e-mailed single-use links, personal calendar feeds): the
// request log keeps the route and drops the secret.
const SECRET_PATH = /^(\/(?:verify-email|activate|reset-password)\/|\/events\/[^/]+\/feeds\/)[^/?#]+/;

/** The URL as it may be logged: secret path segments replaced by "[redacted]". */
export function redactSecretPath(url: string): string {
  return url.replace(SECRET_PATH, "$1[redacted]");
}
