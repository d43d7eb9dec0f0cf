// The organisers' session form: one Zod schema for the browser (Conform) and the server action.
// Messages are keys of the `scheduling` namespace ("errors.*"), translated where they are shown.
import { z } from "zod";

export const CONTENT_LANGUAGES = ["en", "fr", "es", "ar"] as const;
export const FORM_KINDS = ["plenary", "workshop", "side_event"] as const;
export const SPEAKER_ROLES = ["speaker", "moderator", "chair"] as const;
/** Speaker rows the form offers beyond the ones already there. */
export const EXTRA_SPEAKER_ROWS = 2;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** An optional field where an empty string means "not given" (as Conform sends it, and plain forms). */
const blank = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

const text = z
  .object({
    title: blank(z.string().trim().max(300, "errors.titleTooLong")),
    description: blank(z.string().trim().max(5000, "errors.descriptionTooLong")),
  })
  .optional();

const speaker = z.object({
  email: blank(z.string().trim().toLowerCase().pipe(z.email("errors.email"))),
  name: blank(z.string().trim().max(200, "errors.nameTooLong")),
  affiliation: blank(z.string().trim().max(200, "errors.nameTooLong")),
  role: z.enum(SPEAKER_ROLES, { message: "errors.role" }).default("speaker"),
});

export const sessionFormSchema = z
  .object({
    kind: z.enum(FORM_KINDS, { message: "errors.kind" }),
    trackId: blank(z.uuid("errors.track")),
    texts: z.object({ en: text, fr: text, es: text, ar: text }).default({}),
    speakers: z
      .array(speaker)
      .default([])
      // Rows left empty are not speakers.
      .transform((rows) => rows.filter((row) => row.email || row.name)),
    roomId: blank(z.uuid("errors.room")),
    day: z.string({ message: "errors.day" }).regex(DATE, "errors.day"),
    startTime: z.string({ message: "errors.time" }).regex(HHMM, "errors.time"),
    endTime: z.string({ message: "errors.time" }).regex(HHMM, "errors.time"),
    capacity: blank(z.coerce.number({ message: "errors.capacity" }).int("errors.capacity").min(1, "errors.capacity").max(100_000, "errors.capacity")),
    floorLanguage: z.enum(CONTENT_LANGUAGES, { message: "errors.language" }).default("en"),
    interpretationLanguages: z.preprocess(
      (value) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]),
      z.array(z.enum(CONTENT_LANGUAGES, { message: "errors.language" })),
    ),
    published: z.preprocess((value) => value === true || value === "on" || value === "true", z.boolean()),
    overrideReason: blank(z.string().trim().max(500, "errors.reasonTooLong")),
  })
  .superRefine((value, ctx) => {
    if (!CONTENT_LANGUAGES.some((language) => value.texts[language]?.title)) {
      ctx.addIssue({ code: "custom", path: ["texts", "en", "title"], message: "errors.titleRequired" });
    }
    if (value.startTime && value.endTime && value.endTime <= value.startTime) {
      ctx.addIssue({ code: "custom", path: ["endTime"], message: "errors.endAfterStart" });
    }
    if (value.kind === "workshop" && value.capacity === undefined) {
      ctx.addIssue({ code: "custom", path: ["capacity"], message: "errors.workshopCapacity" });
    }
    value.speakers.forEach((row, index) => {
      if (!row.email && !row.name) ctx.addIssue({ code: "custom", path: ["speakers", index, "name"], message: "errors.speakerName" });
    });
  });

export type SessionFormValue = z.output<typeof sessionFormSchema>;

/** The grid's move form (keyboard equivalent of a drag and drop). */
export const moveFormSchema = z
  .object({
    sessionId: z.uuid("errors.session"),
    roomId: z.uuid("errors.room"),
    day: z.string({ message: "errors.day" }).regex(DATE, "errors.day"),
    startTime: z.string({ message: "errors.time" }).regex(HHMM, "errors.time"),
    endTime: z.string({ message: "errors.time" }).regex(HHMM, "errors.time"),
    overrideReason: blank(z.string().trim().max(500, "errors.reasonTooLong")),
  })
  .refine((value) => value.endTime > value.startTime, { path: ["endTime"], message: "errors.endAfterStart" });
export type MoveFormValue = z.output<typeof moveFormSchema>;

/** Minutes per row of the grid's time axis. */
export const GRID_STEP_MINUTES = 15;
