import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { addMinutes, formatTime } from "~/lib/format";
import { pickText } from "~/modules/agenda/session-public";
import { AnnouncementText } from "~/modules/announcements/announcement-text";
import { useLiveSocket } from "./live-socket";
import type { ScreenData, ScreenSession } from "./screens.server";

/** Screens run all day: re-read the data this often even when nothing arrives live. */
const REVALIDATE_EVERY_MS = 60_000;
const CLOCK_EVERY_MS = 15_000;

/**
 * Keeps a screen's data fresh: any live change to the event's programme or announcements reloads
 * it (debounced), and so does a timer. Every timer and listener is removed on unmount, and the
 * page holds no growing state (the loader data is replaced, never appended to).
 */
function useSelfUpdating(eventSlug: string) {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const pending = useRef<ReturnType<typeof setTimeout>>();
  const soon = () => {
    clearTimeout(pending.current);
    pending.current = setTimeout(() => revalidate.current(), 300);
  };
  const status = useLiveSocket(eventSlug, () => [["session:updated", soon], ["announcement", soon]], soon);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const refresh = setInterval(() => revalidate.current(), REVALIDATE_EVERY_MS);
    const clock = setInterval(() => setNow(Date.now()), CLOCK_EVERY_MS);
    return () => {
      clearInterval(refresh);
      clearInterval(clock);
      clearTimeout(pending.current);
    };
  }, []);
  return { status, now };
}

function Slot({ label, session, timeZone, languages, big }: { label: string; session: ScreenSession | null; timeZone: string; languages: string[]; big?: boolean }) {
  const { t, i18n } = useTranslation("live");
  if (!session) {
    return (
      <div className="screen-slot">
        <div className="screen-label">{label}</div>
        <div className="screen-title">{t("screens.nothing")}</div>
      </div>
    );
  }
  const title = pickText(session.titles, i18n.language, languages);
  const time = (iso: string) => formatTime(addMinutes(iso, session.delayMinutes), timeZone, i18n.language);
  return (
    <div className={`screen-slot${big ? " screen-now" : ""}`} data-session-id={session.id} data-status={session.status}>
      <div className="screen-label">{label}</div>
      <div className="screen-title" lang={title?.language} dir="auto">
        {title?.text ?? session.title}
      </div>
      <div>
        <time dateTime={session.startsAt}>{time(session.startsAt)}</time>–<time dateTime={session.endsAt}>{time(session.endsAt)}</time>
        {session.delayMinutes > 0 && <span className="screen-status"> · {t("screens.delayed", { count: session.delayMinutes })}</span>}
        {session.status === "moved" && <span className="screen-status"> · {t("screens.moved")}</span>}
      </div>
    </div>
  );
}

export function ScreenView({ event, data, single }: { event: { slug: string; name: string; names: Record<string, string>; timeZone: string; languages: string[] }; data: ScreenData; single: boolean }) {
  const { t, i18n } = useTranslation("live");
  const { status, now } = useSelfUpdating(event.slug);
  const eventName = event.names[i18n.language] ?? event.name;
  const roomName = (room: ScreenData["rooms"][number]) => room.names[i18n.language] ?? room.name;
  return (
    <div className={`screen${single ? " screen-single" : ""}`} data-live-status={status}>
      <div className="screen-clock" aria-hidden="true">
        {formatTime(new Date(now).toISOString(), event.timeZone, i18n.language)}
      </div>
      <h1>{single && data.rooms[0] ? roomName(data.rooms[0]) : eventName}</h1>
      {status === "offline" && (
        <p className="screen-offline" role="status">
          {t("screens.offline")}
        </p>
      )}
      {data.announcements.map((a) => (
        <p key={a.id} className="screen-announcement" data-announcement-id={a.id}>
          <AnnouncementText announcement={a} fallbacks={event.languages} />
        </p>
      ))}
      <ul className="screen-rooms">
        {data.rooms.map((room) => (
          <li key={room.id} className="screen-room" data-room-id={room.id}>
            {!single && <h2>{roomName(room)}</h2>}
            <Slot label={t("screens.now")} session={room.now} timeZone={event.timeZone} languages={event.languages} big />
            <Slot label={t("screens.next")} session={room.next} timeZone={event.timeZone} languages={event.languages} />
          </li>
        ))}
      </ul>
    </div>
  );
}
