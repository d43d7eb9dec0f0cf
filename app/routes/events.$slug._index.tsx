import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatShortDate } from "~/lib/format";
import { orHttpError } from "~/lib/http.server";
import { getPublishedEvent } from "~/modules/events/events.server";
import { getOwnParticipation } from "~/modules/events/participation.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.event.name} · Plenary` : "Plenary" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  return orHttpError(async () => {
    const event = await getPublishedEvent(context.services.db, params.slug ?? "");
    const participation = await getOwnParticipation(context.services.db, context.viewer, event.id);
    return { event, participation, signedIn: context.viewer !== null };
  });
}

export default function EventHome() {
  const { event, participation, signedIn } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const base = `/events/${event.slug}`;
  return (
    <section className="event-home">
      <h1>{event.names[i18n.language] ?? event.name}</h1>
      <p className="lede">
        {event.venue} · {t("home.dates", { start: formatShortDate(event.startsOn, i18n.language), end: formatShortDate(event.endsOn, i18n.language) })} ·{" "}
        {event.timeZone}
      </p>

      {participation ? (
        <section className="card" aria-labelledby="my-status">
          <h2 id="my-status">{t("event.yourAccreditation")}</h2>
          <p className={`accreditation accreditation-${participation.status}`} data-accreditation={participation.status}>
            <strong>{t(`event.status.${participation.status}`)}</strong>
            {participation.status === "pending" && participation.endorsement === "endorsed" && <> · {t("event.endorsed")}</>}
          </p>
          {participation.statusReason && participation.status === "rejected" && <p>{t("event.reason", { reason: participation.statusReason })}</p>}
          {participation.delegation && <p>{t("event.delegation", { name: participation.delegation.name })}</p>}
        </section>
      ) : (
        <p>
          <Link to={`${base}/register`}>{t("event.register")}</Link>
          {!signedIn && (
            <>
              {" · "}
              <Link to={`/login?redirectTo=${encodeURIComponent(base)}`}>{t("auth:signIn")}</Link>
            </>
          )}
        </p>
      )}

      <nav aria-label={t("event.sections")}>
        <ul className="link-list">
          <li>
            <Link to={`${base}/agenda`}>{t("agenda.title")}</Link>
          </li>
          {participation && (
            <li>
              <Link to={`${base}/my-agenda`}>{t("agenda:nav.myAgenda")}</Link>
            </li>
          )}
          {participation?.status === "approved" && (
            <li>
              <Link to={`${base}/badge`}>{t("checkin:badgeNav")}</Link>
            </li>
          )}
          {participation?.can.manageDelegation && (
            <li>
              <Link to={`${base}/delegation`}>{t("event.myDelegation")}</Link>
            </li>
          )}
          {participation?.can.manageDelegation && (
            <li>
              <Link to={`${base}/bilaterals`}>{t("bilaterals:nav")}</Link>
            </li>
          )}
          {participation?.can.checkIn && (
            <li>
              <Link to={`${base}/checkin`}>{t("checkin:nav")}</Link>
            </li>
          )}
          {participation?.can.organise && (
            <>
              <li>
                <Link to={`${base}/admin/accreditation`}>{t("event.accreditationQueue")}</Link>
              </li>
              <li>
                <Link to={`${base}/admin/schedule`}>{t("scheduling:nav.schedule")}</Link>
              </li>
              <li>
                <Link to={`${base}/admin/attendance`}>{t("live:nav.attendance")}</Link>
              </li>
              <li>
                <Link to={`${base}/admin/settings`}>{t("event.settings")}</Link>
              </li>
              <li>
                <Link to={`${base}/admin/mail`}>{t("event.mailOutbox")}</Link>
              </li>
            </>
          )}
          <li>
            <Link to={`${base}/announcements`}>{t("live:nav.publicAnnouncements")}</Link>
          </li>
          <li>
            <Link to={`${base}/screens/now`}>{t("live:nav.screens")}</Link>
          </li>
        </ul>
      </nav>
    </section>
  );
}
