// Forms of self-registration, registering others, CSV import and password setting. Shared by the
// server (authoritative validation) and the browser. Every message is a key in the "registration"
// i18n namespace (e.g. "errors.required"), so the page shows it in the reader's language.
import { z } from "zod";

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/** Categories a person may ask for themselves; HEAD_OF_DELEGATION is only given by organisers. */
export const SELF_CATEGORIES = ["DELEGATE", "OBSERVER", "PRESS", "GUEST"] as const;
export const ALL_CATEGORIES = ["DELEGATE", "HEAD_OF_DELEGATION", "OBSERVER", "PRESS", "GUEST"] as const;
export type SelfCategory = (typeof SELF_CATEGORIES)[number];
export type AnyCategory = (typeof ALL_CATEGORIES)[number];

/** Languages a person may receive mail and pages in. */
export const PREFERRED_LANGUAGES = ["en", "fr", "es", "ar"] as const;
/** Offered as check boxes for "languages spoken". */
export const SPOKEN_LANGUAGE_CHOICES = ["en", "fr", "es", "ar", "ru", "zh", "pt", "de"] as const;

// C0/C1 control characters, and the bidi embeddings/overrides/isolates that can disguise a name.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const CONTROL_EXCEPT_NEWLINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

export function hasForbiddenCharacters(value: string, allowNewlines = false): boolean {
  return (allowNewlines ? CONTROL_EXCEPT_NEWLINES : CONTROL).test(value) || BIDI.test(value);
}

const emptyToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** A one-line human text in any script: trimmed, 1..max characters, no control or bidi characters. */
const lineText = (max: number) =>
  z
    .string({ error: "errors.required" })
    .trim()
    .min(1, { error: "errors.required" })
    .max(max, { error: "errors.tooLong" })
    .refine((value) => !hasForbiddenCharacters(value), { error: "errors.forbiddenCharacters" });

const optionalLine = (max: number) => z.preprocess(emptyToUndefined, lineText(max).optional());

const optionalMultiline = (max: number) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string({ error: "errors.invalid" })
      .trim()
      .max(max, { error: "errors.tooLong" })
      .refine((value) => !hasForbiddenCharacters(value, true), { error: "errors.forbiddenCharacters" })
      .optional(),
  );

export const emailField = z
  .string({ error: "errors.required" })
  .trim()
  .toLowerCase()
  .min(1, { error: "errors.required" })
  .max(254, { error: "errors.tooLong" })
  .pipe(z.email({ error: "errors.email" }));

const category = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: "errors.category" });

const preferredLanguage = z.preprocess(
  (value) => emptyToUndefined(value) ?? "en",
  z.enum(PREFERRED_LANGUAGES, { error: "errors.language" }),
);

/** Check boxes arrive as one string or several; CSV and APIs may send "en, fr". */
const languagesSpoken = z.preprocess(
  (value) => {
    if (value === undefined || value === null || value === "") return [];
    const list = Array.isArray(value) ? value : String(value).split(/[,;\s]+/);
    return [...new Set(list.map((v) => String(v).trim().toLowerCase()).filter(Boolean))];
  },
  z.array(z.string().regex(/^[a-z]{2,3}$/, { error: "errors.language" })).max(20, { error: "errors.tooMany" }),
);

const checkbox = (error: string) =>
  z.preprocess(
    (value) => value === true || value === "on" || value === "true" || value === "yes" || value === "1",
    z.literal(true, { error }),
  );

/** The fields every way of registering a person has: name, function, category, address, language. */
export const personFields = {
  email: emailField,
  givenName: lineText(100),
  familyName: lineText(100),
  title: optionalLine(120),
  organisation: optionalLine(200),
  preferredLanguage,
};

/** Public self-registration with an invitation code. */
export const selfRegistrationSchema = z.object({
  ...personFields,
  invitationCode: z
    .string({ error: "errors.required" })
    .trim()
    .min(1, { error: "errors.required" })
    .max(32, { error: "errors.code" })
    .regex(/^[A-Za-z0-9-]+$/, { error: "errors.code" })
    .transform((value) => value.toUpperCase()),
  category: category(SELF_CATEGORIES),
  languagesSpoken,
  accessibilityNeeds: optionalMultiline(1000),
  dietaryNeeds: optionalMultiline(1000),
  identityDocumentNumber: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .max(64, { error: "errors.tooLong" })
      .regex(/^[\p{L}\p{N}][\p{L}\p{N} ./-]*$/u, { error: "errors.documentNumber" })
      .optional(),
  ),
  consent: checkbox("errors.consent"),
});
export type SelfRegistrationInput = z.input<typeof selfRegistrationSchema>;
export type SelfRegistration = z.output<typeof selfRegistrationSchema>;

/** A person registered by a head of delegation or an organiser (form and each CSV row). */
export const personRegistrationSchema = z.object({
  ...personFields,
  category: category(ALL_CATEGORIES),
  /** Organisers only: which delegation (ISO country code) when registering across delegations. */
  delegationCountryCode: z.preprocess(
    (value) => (typeof value === "string" ? emptyToUndefined(value.trim().toUpperCase()) : value),
    z.string().regex(/^[A-Z]{2}$/, { error: "errors.country" }).optional(),
  ),
});
export type PersonRegistrationInput = z.input<typeof personRegistrationSchema>;
export type PersonRegistration = z.output<typeof personRegistrationSchema>;

/** Setting a password from an e-mailed link (verification, activation, reset). */
export const setPasswordSchema = z
  .object({
    password: z
      .string({ error: "errors.passwordLength" })
      .min(PASSWORD_MIN, { error: "errors.passwordLength" })
      .max(PASSWORD_MAX, { error: "errors.passwordLength" }),
    confirmPassword: z.string({ error: "errors.passwordMismatch" }),
  })
  .refine((value) => value.password === value.confirmPassword, { error: "errors.passwordMismatch", path: ["confirmPassword"] });

/** Activation also completes the profile and records consent to the data-protection notice. */
export const activationSchema = z
  .object({
    password: z
      .string({ error: "errors.passwordLength" })
      .min(PASSWORD_MIN, { error: "errors.passwordLength" })
      .max(PASSWORD_MAX, { error: "errors.passwordLength" }),
    confirmPassword: z.string({ error: "errors.passwordMismatch" }),
    languagesSpoken,
    accessibilityNeeds: optionalMultiline(1000),
    dietaryNeeds: optionalMultiline(1000),
    consent: checkbox("errors.consent"),
  })
  .refine((value) => value.password === value.confirmPassword, { error: "errors.passwordMismatch", path: ["confirmPassword"] });

export const forgotPasswordSchema = z.object({ email: emailField });

export type FieldErrors = Record<string, string[]>;

/** Zod issues as `{ field: [messageKey, …] }`; an issue without a path goes under "form". */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : "form";
    const message = issue.message.startsWith("errors.") ? issue.message : "errors.invalid";
    (out[key] ??= []).includes(message) || out[key].push(message);
  }
  return out;
}

/** FormData as a plain object; a name given several times (check boxes) becomes an array. Files are dropped. */
export function formDataToObject(formData: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of formData) {
    if (typeof value !== "string") continue;
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}
