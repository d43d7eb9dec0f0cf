import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { LiveIndicator } from "~/components/live-indicator";
import { formatTime } from "~/lib/format";
import { orHttpError } from "~/lib/http.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { AttendanceChart } from "~/modules/checkin/attendance-chart";
import { getAttendance } from "~/modules/checkin/attendance.server";
import type { CheckInPublic } from "~/modules/live/live-events";
import { useLiveSocket } from "~/modules/live/live-socket";
import { AdminNav } from "~/modules/settings/admin-ui";
import { requireWorkshopAdmin } from "~/modules/workshops/admin.server";
import adminStyles from "~/styles/admin.css?url";
import liveStyles from "~/styles/live.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: adminStyles },
  { rel: "stylesheet", href: liveStyles },
];
export const meta: MetaFunction = () => [{ title: "Plenary" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const actor = actorOf(viewer);
    const event = await requireWorkshopAdmin(context.services.db, actor, params.slug ?? "");
    const attendance = await getAttendance(context.services.db, actor, event);
    return { event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone }, attendance };
  });
}

export default function AttendanceFeed() {
  const { event, attendance } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("live");
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  // Arrivals show at once; the counts follow with a (debounced) reload of the figures.
  const [live, setLive] = useState<CheckInPublic[]>([]);
  const pending = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => setLive([]), [attendance]);
  useEffect(() => () => clearTimeout(pending.current), []);
  const status = useLiveSocket(
    event.slug,
    () => [
      [
        "checkin",
        (checkIn: CheckInPublic) => {
          if (checkIn.sessionId === null) setLive((current) => [checkIn, ...current].slice(0, 30));
          clearTimeout(pending.current);
          pending.current = setTimeout(() => revalidate.current(), 1_000);
        },
      ],
    ],
    () => revalidate.current(),
  );
  const seen = new Set(live.map((c) => c.id));
  const arrivals = [...live, ...attendance.recent.filter((c) => !seen.has(c.id))].slice(0, 30);
  const countries = new Intl.DisplayNames([i18n.language], { type: "region" });
  const eventName = event.names[i18n.language] ?? event.name;
  return (
    <section>
      <div className="page-header">
        <h1>{t("attendance.title", { event: eventName })}</h1>
        <LiveIndicator status={status} />
      </div>
      <AdminNav slug={event.slug} />
      <p data-testid="attendance-total">{t("attendance.total", { arrived: attendance.arrived, accredited: attendance.accredited })}</p>
      <div className="attendance-grid">
        <div>
          <h2>{t("attendance.arrivals")}</h2>
          {arrivals.length === 0 && <p>{t("attendance.noArrivals")}</p>}
          <ol className="arrivals" aria-live="polite" data-testid="arrivals">
            {arrivals.map((c) => (
              <li key={c.id}>
                <time dateTime={c.scannedAt}>{formatTime(c.scannedAt, event.timeZone, i18n.language)}</time> · <span dir="auto">{c.name}</span>
                {c.delegation && (
                  <>
                    {" "}
                    · <span dir="auto">{c.delegation}</span>
                  </>
                )}{" "}
                · {t(`accreditation:category.${c.category.toUpperCase()}`)}
              </li>
            ))}
          </ol>
        </div>
        <div>
          <h2>{t("attendance.byCategory")}</h2>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("attendance.category")}</th>
                <th scope="col">{t("attendance.arrived")}</th>
                <th scope="col">{t("attendance.accredited")}</th>
              </tr>
            </thead>
            <tbody>
              {attendance.byCategory.map((row) => (
                <tr key={row.category}>
                  <td>{t(`accreditation:category.${row.category}`)}</td>
                  <td>{row.arrived}</td>
                  <td>{row.accredited}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <h2>{t("attendance.bySession", { day: attendance.day })}</h2>
      <AttendanceChart
        bars={attendance.bySession.map((s) => ({ label: `${formatTime(s.startsAt, event.timeZone, i18n.language)} ${s.room ?? ""}`.trim(), value: s.checkedIn, capacity: s.roomCapacity }))}
        labels={{ attendance: t("attendance.checkedIn"), capacity: t("attendance.roomCapacity"), title: t("attendance.chartTitle") }}
      />
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t("attendance.session")}</th>
            <th scope="col">{t("attendance.room")}</th>
            <th scope="col">{t("attendance.checkedIn")}</th>
            <th scope="col">{t("attendance.roomCapacity")}</th>
          </tr>
        </thead>
        <tbody>
          {attendance.bySession.length === 0 && (
            <tr>
              <td colSpan={4}>{t("attendance.noSessions")}</td>
            </tr>
          )}
          {attendance.bySession.map((s) => (
            <tr key={s.id} data-session-id={s.id}>
              <td dir="auto">
                {formatTime(s.startsAt, event.timeZone, i18n.language)} {s.title}
              </td>
              <td dir="auto">{s.room ?? "—"}</td>
              <td>{s.checkedIn}</td>
              <td>
                {s.roomCapacity ?? "—"}
                {s.roomCapacity ? (
                  <>
                    {" "}
                    <meter className="meter" min={0} max={s.roomCapacity} value={s.checkedIn} aria-label={t("attendance.fill", { percent: Math.round((100 * s.checkedIn) / s.roomCapacity) })} />
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("attendance.byCountry")}</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t("attendance.delegation")}</th>
            <th scope="col">{t("attendance.arrived")}</th>
            <th scope="col">{t("attendance.accredited")}</th>
          </tr>
        </thead>
        <tbody>
          {attendance.byCountry.map((row) => (
            <tr key={`${row.delegation}-${row.countryCode}`}>
              <td dir="auto">{row.delegation ?? (row.countryCode ? countries.of(row.countryCode) : t("attendance.noDelegation"))}</td>
              <td>{row.arrived}</td>
              <td>{row.accredited}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
