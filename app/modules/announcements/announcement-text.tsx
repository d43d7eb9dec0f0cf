import { useTranslation } from "react-i18next";
import { pickText } from "~/modules/agenda/session-public";
import type { AnnouncementPublic } from "~/modules/live/live-events";

/** An announcement's text in the reader's language, else the first given (marked with its language). */
export function AnnouncementText({ announcement, fallbacks = ["en"] }: { announcement: AnnouncementPublic; fallbacks?: readonly string[] }) {
  const { i18n } = useTranslation();
  const picked = pickText(announcement.messages, i18n.language, fallbacks);
  if (!picked) return null;
  return (
    <span lang={picked.language} dir="auto">
      {picked.text}
    </span>
  );
}
