// The room form's one schema: the server action parses with it (through Conform) and so does the
// browser before sending, so both give the same field messages. No server-only imports here.
import { z } from "zod";

/** Languages a room's name can be given in (the demo assembly's four working languages). */
export const ROOM_NAME_LANGUAGES = ["en", "fr", "es", "ar"] as const;
/** Languages an interpretation booth can serve, offered as check boxes. */
export const BOOTH_LANGUAGES = ["ar", "en", "es", "fr"] as const;
/** Equipment offered as check boxes; anything else goes in "other equipment". */
export const EQUIPMENT = ["projector", "microphones", "video link", "interpretation booths", "hearing loop", "live stream", "whiteboard"] as const;
export const LAYOUTS = ["theatre", "classroom", "boardroom", "U-shape", "cabaret", "workshop tables", "reception"] as const;

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;
const optionalText = (max: number) => z.string().trim().max(max).optional();

/**
 * Field errors carry no text of their own: the page shows `rooms:errors.<field>` for a field with
 * an error (one message per field, in the reader's language).
 */
export const roomFormSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    names: z
      .object(Object.fromEntries(ROOM_NAME_LANGUAGES.map((language) => [language, optionalText(120)])) as Record<(typeof ROOM_NAME_LANGUAGES)[number], z.ZodOptional<z.ZodString>>)
      .optional(),
    building: optionalText(120),
    floor: optionalText(40),
    capacity: z.number().int().min(1).max(100_000),
    layout: optionalText(40),
    equipment: z.array(z.string().trim().min(1).max(60)).max(30).optional(),
    /** Comma-separated extra equipment. */
    otherEquipment: optionalText(500),
    stepFreeAccess: z.boolean().optional(),
    interpretationLanguages: z.array(z.string().regex(LANGUAGE)).max(20).optional(),
    opensAt: z.string().regex(HHMM).optional(),
    closesAt: z.string().regex(HHMM).optional(),
  })
  .superRefine((value, ctx) => {
    // Both or neither; a closing time before the opening time means "after midnight".
    if (!value.opensAt !== !value.closesAt || (value.opensAt && value.opensAt === value.closesAt)) {
      ctx.addIssue({ code: "custom", path: ["closesAt"], message: "Give both an opening and a closing time, and make them differ." });
    }
    const extra = splitEquipment(value.otherEquipment);
    if (extra.some((item) => item.length > 60) || extra.length + (value.equipment?.length ?? 0) > 30) {
      ctx.addIssue({ code: "custom", path: ["otherEquipment"], message: "At most 30 items of equipment, each up to 60 characters." });
    }
  });

export type RoomFormInput = z.input<typeof roomFormSchema>;
export type RoomFormValue = z.output<typeof roomFormSchema>;

export function splitEquipment(text: string | undefined): string[] {
  return (text ?? "")
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The room's columns from a valid form: names without blanks, equipment de-duplicated. */
export function roomColumns(value: RoomFormValue) {
  const names = Object.fromEntries(Object.entries(value.names ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== ""));
  const equipment = [...new Set([...(value.equipment ?? []), ...splitEquipment(value.otherEquipment)])];
  return {
    name: value.name,
    names,
    building: value.building || null,
    floor: value.floor || null,
    capacity: value.capacity,
    layout: value.layout || null,
    equipment,
    stepFreeAccess: value.stepFreeAccess ?? false,
    interpretationLanguages: [...new Set(value.interpretationLanguages ?? [])].sort(),
    opensAt: value.opensAt ?? null,
    closesAt: value.closesAt ?? null,
  };
}

export const retireSchema = z.object({
  /** How many sessions the organiser was shown and agreed to take out of the room (absent: none). */
  confirmSessions: z.coerce.number().int().min(0).max(100_000).optional(),
});
