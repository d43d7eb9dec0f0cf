import { Link, useLocation, useParams } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AnnouncementPublic } from "~/modules/live/live-events";
import { useLiveSocket } from "~/modules/live/live-socket";
import "~/styles/live.css";
import { AnnouncementText } from "./announcement-text";

/**
 * The newest announcement received live on an event page, as an unobtrusive banner (polite live
 * region, dismissible). The full list stays at /events/:slug/announcements. Venue screens show
 * announcements themselves.
 */
export function AnnouncementBanner() {
  const { slug } = useParams();
  const { pathname } = useLocation();
  if (!slug || !pathname.startsWith(`/events/${slug}`) || pathname.includes("/screens/")) return null;
  return <Banner slug={slug} />;
}

function Banner({ slug }: { slug: string }) {
  const { t } = useTranslation("live");
  const [latest, setLatest] = useState<AnnouncementPublic | null>(null);
  useLiveSocket(slug, () => [["announcement", (announcement: AnnouncementPublic) => setLatest(announcement)]]);
  return (
    <div aria-live="polite" aria-atomic="true">
      {latest && (
        <div className="announcement-banner" data-announcement-id={latest.id}>
          <p>
            <strong>{t("announcements.bannerLabel")}</strong>{" "}
            {latest.room && <span>{t("announcements.forRoom", { room: latest.room.name })}: </span>}
            <AnnouncementText announcement={latest} />{" "}
            <Link to={`/events/${slug}/announcements`}>{t("announcements.seeAll")}</Link>
          </p>
          <button type="button" onClick={() => setLatest(null)}>
            {t("announcements.dismiss")}
          </button>
        </div>
      )}
    </div>
  );
}
