import path from "node:path";
import { z } from "zod";

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine(
      (value) => value === undefined || protocols.some((p) => value.startsWith(`${p}://`)),
      { message: `must start with ${protocols.map((p) => `${p}://`).join(" or ")}` },
    );

const booleanFlag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((value) => value === "1" || value === "true" || value === "yes");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /// Without it Plenary runs on the embedded PGlite database under DATA_DIR.
  DATABASE_URL: optionalUrl(["postgres", "postgresql"]),
  DATA_DIR: z.string().default("./data"),
  /// With it Socket.IO joins all nodes through Redis streams.
  REDIS_URL: optionalUrl(["redis", "rediss"]),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /// Demo data: "auto" seeds an empty database (never production + DATABASE_URL), "always" forces it,
  /// "never" skips it.
  DEMO_DATA: z.enum(["auto", "always", "never"]).default("auto"),
  DEMO_PASSWORD: z.string().min(12).max(128).default("plenary-demo"),
  /// First day of the demo assembly (YYYY-MM-DD); default: today in the event's zone.
  DEMO_START_DATE: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD")
    .optional(),
  /// Origins (scheme://host:port) allowed besides the server's own, comma-separated.
  ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(",").map((o) => o.trim()).filter(Boolean) : [])),
  /// Set when served over HTTPS (behind a TLS proxy): secure cookies, HSTS.
  TRUST_PROXY: booleanFlag,
  /// A session unused this long ends (sliding).
  SESSION_INACTIVITY_MINUTES: z.coerce.number().int().min(5).max(60 * 24 * 30).default(12 * 60),
  /// No session lives longer than this, however active.
  SESSION_ABSOLUTE_DAYS: z.coerce.number().min(0.01).max(90).default(7),
  /// Failed attempts per account per minute on login, registration, reset and 2FA (ten times that per IP).
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  /// smtp:// or smtps:// URL for outgoing mail; without it mail stays in the outbox organisers can read.
  SMTP_URL: optionalUrl(["smtp", "smtps"]),
  /// Sender of Plenary's e-mails.
  MAIL_FROM: z.string().default("Plenary <no-reply@plenary.invalid>"),
  /// Public base URL used in e-mailed links (default: http://localhost:PORT).
  PUBLIC_URL: optionalUrl(["http", "https"]),
});

export type Env = z.infer<typeof envSchema> & { dataDir: string };

/** Reads and validates the environment once at start-up; a bad value stops the process with a clear message. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}
