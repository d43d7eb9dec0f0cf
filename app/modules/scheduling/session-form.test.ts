// The organisers' form schemas, shared by the browser (Conform) and the server.
import { describe, expect, it } from "vitest";
import { moveFormSchema, sessionFormSchema } from "./session-form";

const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`).sort();

describe("sessionFormSchema", () => {
  it("reads a form as the browser sends it: empty fields absent, one checkbox a list, 'on' true", () => {
    const value = sessionFormSchema.parse({
      kind: "side_event",
      trackId: "",
      roomId: "",
      texts: { fr: { title: " Point du soir ", description: "" }, en: { title: "" } },
      speakers: [{ email: "", name: "", affiliation: "", role: "speaker" }, { email: " Amina@Example.ORG ", role: "moderator" }],
      day: "2030-05-06",
      startTime: "09:00",
      endTime: "09:30",
      capacity: "",
      interpretationLanguages: "ar",
      published: "on",
    });
    expect(value).toMatchObject({ kind: "side_event", trackId: undefined, roomId: undefined, capacity: undefined, interpretationLanguages: ["ar"], published: true });
    expect(value.texts.fr).toEqual({ title: "Point du soir", description: undefined });
    expect(value.speakers).toEqual([{ email: "amina@example.org", role: "moderator", name: undefined, affiliation: undefined }]);
  });

  it("explains what is missing or wrong with catalog keys", () => {
    expect(issues(sessionFormSchema.safeParse({ kind: "workshop", day: "2030-05-06", startTime: "11:00", endTime: "10:00" }))).toEqual([
      "capacity: errors.workshopCapacity",
      "endTime: errors.endAfterStart",
      "texts.en.title: errors.titleRequired",
    ]);
    expect(
      issues(sessionFormSchema.safeParse({ kind: "gala", texts: { en: { title: "x" } }, day: "6 May", startTime: "9h", endTime: "25:00", capacity: "0", interpretationLanguages: ["xx"] })),
    ).toEqual(["capacity: errors.capacity", "day: errors.day", "endTime: errors.time", "interpretationLanguages.0: errors.language", "kind: errors.kind", "startTime: errors.time"]);
  });
});

describe("moveFormSchema", () => {
  it("needs a session, a room and an end after the start", () => {
    const ok = moveFormSchema.safeParse({ sessionId: "01900000-0000-7000-8000-000000000001", roomId: "01900000-0000-7000-8000-000000000002", day: "2030-05-06", startTime: "10:00", endTime: "11:00", overrideReason: "" });
    expect(ok.success).toBe(true);
    expect(ok.data?.overrideReason).toBeUndefined();
    expect(issues(moveFormSchema.safeParse({ sessionId: "x", roomId: "", day: "2030-05-06", startTime: "10:00", endTime: "10:00" }))).toEqual([
      "endTime: errors.endAfterStart",
      "roomId: errors.room",
      "sessionId: errors.session",
    ]);
  });
});
