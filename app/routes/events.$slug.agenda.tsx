import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { LiveIndicator } from "~/components/live-indicator";
import { KindBadge, LocalizedText, StatusBadge } from "~/components/session-badges";
import { AgendaTiming, formatDayCached } from "~/modules/agenda/timing";
import { orHttpError } from "~/lib/http.server";
import agendaStyles from "~/modules/agenda/agenda.css?url";
import { displayZoneInfo, loadAgendaPage, parseAgendaQuery, resolveDisplayZone } from "~/modules/agenda/agenda-page.server";
import { nowAndNext } from "~/modules/agenda/agenda-view";
import { handleStarForm } from "~/modules/agenda/star-action.server";
import { StarButton } from "~/modules/agenda/star-button";
import { getPublishedEvent } from "~/modules/events/events.server";
import { useLiveSessions } from "~/modules/live/use-live-sessions";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: agendaStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.event.name} · Plenary` : "Plenary" }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  return orHttpError(async () => {
    const event = await getPublishedEvent(context.services.db, params.slug ?? "");
    const url = new URL(request.url);
    const query = parseAgendaQuery(url);
    const rejectedZone = url.searchParams.get("tz") && !query.tz ? url.searchParams.get("tz")!.slice(0, 64) : null;
    const { zone, setCookie } = resolveDisplayZone(request, query, event.timeZone);
    const now = new Date();
    const page = await loadAgendaPage(context.services.db, context.viewer, event, query, now);
    const { offsets, label } = displayZoneInfo(event, zone, page.day);
    return data(
      { event, ...page, displayZone: zone, zoneOffsets: offsets, zoneLabel: label, rejectedZone, signedIn: context.viewer !== null, now: now.toISOString() },
      setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined,
    );
  });
}

/** Star and unstar (signed-in people); the loader then shows the new state. */
export async function action({ params, request, context }: ActionFunctionArgs) {
  return orHttpError(async () => {
    const event = await getPublishedEvent(context.services.db, params.slug ?? "");
    return handleStarForm(context, event, await request.formData());
  });
}

function useClock(initialIso: string) {
  const [now, setNow] = useState(() => new Date(initialIso).getTime());
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

type Filters = Record<string, string | undefined>;

function queryString(values: Filters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export default function Agenda() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const { t: ta } = useTranslation("agenda");
  const { sessions, status } = useLiveSessions(data.event.slug, data.sessions);
  const now = useClock(data.now);
  const [browserZone, setBrowserZone] = useState<string | null>(null);
  useEffect(() => setBrowserZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);

  const eventZone = data.event.timeZone;
  const displayZone = data.displayZone;
  const showingOwnZone = displayZone !== eventZone;
  const fallbacks = data.event.languages;
  const { current, next } = useMemo(() => nowAndNext(sessions, now), [sessions, now]);
  const starred = useMemo(() => new Set(data.starred), [data.starred]);
  const eventName = data.event.names[i18n.language] ?? data.event.name;
  const filters: Filters = { ...data.filters };
  const languageName = (code: string) => t(`language.names.${code}`, { defaultValue: code });
  const name = (item: { name: string; names: Record<string, string> }) => item.names[i18n.language] ?? item.name;

  return (
    <section className="agenda">
      <header className="page-header">
        <h1>{t("agenda.heading", { event: eventName })}</h1>
        <LiveIndicator status={status} />
      </header>
      {data.signedIn && (
        <p>
          <Link to={`/events/${data.event.slug}/my-agenda`}>{ta("nav.myAgenda")}</Link>
        </p>
      )}

      <div className="zone-bar" data-display-zone={displayZone}>
        <p>
          {t("agenda.timesShownIn", { zone: displayZone, offset: data.zoneLabel })}
          {showingOwnZone ? ` · ${ta("zone.yours")}` : ` · ${ta("zone.event")}`}
        </p>
        {showingOwnZone ? (
          <Form method="get">
            <HiddenFilters values={{ ...filters, day: data.day }} />
            <button type="submit" name="tz" value="event">
              {t("agenda.showInEventZone")}
            </button>
          </Form>
        ) : (
          browserZone &&
          browserZone !== eventZone && (
            <Form method="get">
              <HiddenFilters values={{ ...filters, day: data.day }} />
              <button type="submit" name="tz" value={browserZone}>
                {ta("zone.showMine", { zone: browserZone })}
              </button>
            </Form>
          )
        )}
        <details>
          <summary>{ta("zone.other")}</summary>
          <Form method="get">
            <HiddenFilters values={{ ...filters, day: data.day }} />
            <label>
              {ta("zone.name")} <input type="text" name="tz" placeholder="Europe/Paris" maxLength={64} autoComplete="off" spellCheck={false} />
            </label>{" "}
            <button type="submit">{ta("zone.apply")}</button>
          </Form>
        </details>
        {data.rejectedZone && (
          <p role="alert" className="form-error">
            {ta("zone.unknown", { zone: data.rejectedZone, shown: displayZone })}
          </p>
        )}
      </div>

      <Form method="get" className="agenda-filters" role="search" aria-label={ta("filters.label")}>
        <input type="hidden" name="day" value={data.day} />
        <label>
          {ta("filters.search")}
          <input type="search" name="q" defaultValue={data.filters.q ?? ""} placeholder={ta("filters.searchPlaceholder")} maxLength={200} />
        </label>
        <label>
          {ta("filters.kind")}
          <select name="kind" defaultValue={data.filters.kind ?? ""}>
            <option value="">{ta("filters.any")}</option>
            {data.options.kinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        {data.options.tracks.length > 0 && (
          <label>
            {ta("filters.track")}
            <select name="track" defaultValue={data.filters.track ?? ""}>
              <option value="">{ta("filters.any")}</option>
              {data.options.tracks.map((track) => (
                <option key={track.id} value={track.id}>
                  {name(track)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {ta("filters.room")}
          <select name="room" defaultValue={data.filters.room ?? ""}>
            <option value="">{ta("filters.any")}</option>
            {data.options.rooms.map((room) => (
              <option key={room.id} value={room.id}>
                {name(room)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {ta("filters.language")}
          <select name="lang" defaultValue={data.filters.lang ?? ""}>
            <option value="">{ta("filters.any")}</option>
            {data.options.languages.map((code) => (
              <option key={code} value={code}>
                {languageName(code)}
              </option>
            ))}
          </select>
        </label>
        <div className="filter-actions">
          <button type="submit">{ta("filters.apply")}</button>
          {data.filtering && <Link to={queryString({ day: data.day })}>{ta("filters.clear")}</Link>}
        </div>
      </Form>

      <nav aria-label={t("agenda.days")} className="day-tabs">
        <ul>
          {data.days.map((day, index) => (
            <li key={day}>
              <Link to={queryString({ ...filters, day })} aria-current={day === data.day ? "page" : undefined} preventScrollReset>
                <span className="day-number">{t("agenda.dayTab", { number: index + 1 })}</span>{" "}
                <span className="day-date">{formatDayCached(day, i18n.language)}</span>
                {data.filtering && <span className="day-count"> · {ta("filters.matches", { count: data.countsByDay[day] ?? 0 })}</span>}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <h2 className="visually-hidden">{formatDayCached(data.day, i18n.language)}</h2>
      <p className="muted" role="status" aria-live="polite">
        {data.filtering ? ta("filters.resultCount", { count: sessions.length }) : t("agenda.sessionCount", { count: sessions.length })}
      </p>
      {sessions.length === 0 ? (
        <p>{data.filtering ? ta("filters.noMatch") : t("agenda.noSessions")}</p>
      ) : (
        <ol className="session-list">
          {sessions.map((session) => {
            const marker = current.has(session.id) ? "now" : next.has(session.id) ? "next" : null;
            const plainTitle = session.titles[i18n.language] ?? session.title;
            return (
              <li key={session.id} className={`session-item status-${session.status}`} data-session-id={session.id}>
                <div className="session-when">
                  <AgendaTiming session={session} offsets={data.zoneOffsets} />
                  {marker && <span className={`marker marker-${marker}`}>{t(`agenda.${marker}`)}</span>}
                  {session.continuesUntil && (
                    <span className="continues-note">{ta("continuesUntil", { date: formatDayCached(session.continuesUntil, i18n.language) })}</span>
                  )}
                </div>
                <div className="session-what">
                  <h3>
                    <Link to={`/events/${data.event.slug}/sessions/${session.id}`}>
                      <LocalizedText texts={session.titles} fallbacks={fallbacks} />
                    </Link>
                  </h3>
                  <p className="session-meta">
                    <KindBadge kind={session.kind} /> <StatusBadge status={session.status} />{" "}
                    <span className="room">
                      {session.status === "moved" && `${ta("movedTo")} `}
                      {session.room ? (session.roomNames[i18n.language] ?? session.room.name) : t("agenda.noRoom")}
                    </span>
                    {session.track && <span className="track"> · {name(session.track)}</span>}
                    {session.capacity !== null && session.seatsTaken !== null && (
                      <span className="seats">
                        {" · "}
                        {session.seatsTaken >= session.capacity ? t("agenda.full") : t("agenda.seats", { taken: session.seatsTaken, capacity: session.capacity })}
                      </span>
                    )}
                  </p>
                  <p className="interpretation">
                    {ta("languages", {
                      floor: languageName(session.floorLanguage),
                      channels: session.interpretationLanguages.length > 0 ? session.interpretationLanguages.map(languageName).join(", ") : ta("noInterpretation"),
                    })}
                  </p>
                  {session.speakers.length > 0 && (
                    <p className="muted speakers-line">
                      {session.speakers.map((speaker, index) => (
                        <span key={index}>
                          {index > 0 && ", "}
                          <bdi>{speaker.name}</bdi>
                        </span>
                      ))}
                    </p>
                  )}
                  {data.signedIn && <StarButton sessionId={session.id} starred={starred.has(session.id)} title={plainTitle} />}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function HiddenFilters({ values }: { values: Filters }) {
  return (
    <>
      {Object.entries(values).map(([key, value]) => (value ? <input key={key} type="hidden" name={key} value={value} /> : null))}
    </>
  );
}
