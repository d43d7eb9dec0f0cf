// Small pieces shared by the organiser pages (accreditation, settings, mail) and the head of
// delegation page: the area navigation, instants shown in the event's zone, and page links.
import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function AdminNav({ slug }: { slug: string }) {
  const { t } = useTranslation("settings");
  const { pathname } = useLocation();
  const base = `/events/${slug}/admin`;
  const items = [
    { to: `${base}/accreditation`, label: t("nav.accreditation") },
    { to: `${base}/settings`, label: t("nav.settings") },
    { to: `${base}/settings/delegations`, label: t("nav.delegations") },
    { to: `${base}/sessions`, label: t("scheduling:nav.sessions") },
    { to: `${base}/schedule`, label: t("scheduling:nav.schedule") },
    { to: `${base}/rooms`, label: t("rooms:nav") },
    { to: `${base}/workshops`, label: t("workshops:admin.nav") },
    { to: `${base}/bilaterals`, label: t("bilaterals:adminNav") },
    { to: `${base}/announcements`, label: t("live:nav.announcements") },
    { to: `${base}/attendance`, label: t("live:nav.attendance") },
    { to: `/events/${slug}/checkin`, label: t("checkin:nav") },
    { to: `${base}/mail`, label: t("nav.mail") },
  ];
  // The longest matching prefix is the current page.
  const current = items
    .filter((item) => pathname === item.to || pathname.startsWith(`${item.to}/`))
    .sort((a, b) => b.to.length - a.to.length)[0]?.to;
  return (
    <nav aria-label={t("nav.label")} className="admin-nav">
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <Link to={item.to} aria-current={item.to === current ? "page" : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** An instant as date and time in the event's zone, in the reader's language. */
export function formatInstant(instant: Date | string | null | undefined, timeZone: string, locale: string): string {
  if (!instant) return "";
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "medium", timeStyle: "short", hourCycle: "h23" }).format(new Date(instant));
}

/** Previous/next links that keep the other search parameters. */
export function Pager({ page, pageCount, label }: { page: number; pageCount: number; label: string }) {
  const { t } = useTranslation("settings");
  const location = useLocation();
  if (pageCount <= 1) return null;
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(target));
    return `?${params.toString()}`;
  };
  return (
    <nav aria-label={label} className="pager">
      {page > 1 ? <Link to={hrefFor(page - 1)}>{t("pager.previous")}</Link> : <span aria-hidden="true" />}
      <span>{t("pager.position", { page, pageCount })}</span>
      {page < pageCount ? <Link to={hrefFor(page + 1)}>{t("pager.next")}</Link> : <span aria-hidden="true" />}
    </nav>
  );
}
