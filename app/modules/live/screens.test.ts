import { describe, expect, it } from "vitest";
import type { AgendaSession } from "~/modules/agenda/agenda.server";
import { nowAndNext } from "./screens.server";

const room = { id: "room-1", name: "Room 1" };
function session(id: string, start: string, end: string, extra: Partial<AgendaSession> = {}): AgendaSession {
  return {
    id, kind: "plenary", status: "scheduled", title: id, titles: { en: id }, startsAt: start, endsAt: end, delayMinutes: 0, room, capacity: null, seatsTaken: null,
    day: start.slice(0, 10), descriptions: {}, roomNames: {}, track: null, speakers: [], floorLanguage: "en", interpretationLanguages: [], ...extra,
  };
}

describe("now and next on a venue screen", () => {
  const sessions = [
    session("a", "2030-06-01T09:00:00.000Z", "2030-06-01T10:00:00.000Z"),
    session("b", "2030-06-01T10:30:00.000Z", "2030-06-01T11:30:00.000Z"),
    session("c", "2030-06-01T12:00:00.000Z", "2030-06-01T13:00:00.000Z", { status: "cancelled" }),
    session("d", "2030-06-02T09:00:00.000Z", "2030-06-02T10:00:00.000Z"),
    session("elsewhere", "2030-06-01T09:00:00.000Z", "2030-06-01T10:00:00.000Z", { room: { id: "room-2", name: "Room 2" } }),
  ];
  it("shows the running session and the next one in the same room", () => {
    const result = nowAndNext(sessions, "room-1", new Date("2030-06-01T09:30:00Z"));
    expect([result.now?.id, result.next?.id]).toEqual(["a", "b"]);
  });
  it("counts a delay: a late session is still on after its scheduled end", () => {
    const late = sessions.map((s) => (s.id === "a" ? { ...s, delayMinutes: 20, status: "delayed" as const } : s));
    expect(nowAndNext(late, "room-1", new Date("2030-06-01T10:10:00Z")).now?.id).toBe("a");
    expect(nowAndNext(sessions, "room-1", new Date("2030-06-01T10:10:00Z")).now).toBeNull();
  });
  it("skips cancelled sessions and looks into the next days", () => {
    const result = nowAndNext(sessions, "room-1", new Date("2030-06-01T11:45:00Z"));
    expect(result.now).toBeNull();
    expect(result.next?.id).toBe("d");
  });
  it("a session marked live is 'now' even before its slot", () => {
    const early = sessions.map((s) => (s.id === "b" ? { ...s, status: "live" as const } : s));
    expect(nowAndNext(early, "room-1", new Date("2030-06-01T08:00:00Z")).now?.id).toBe("b");
  });
});
