import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { LiveIndicator } from "~/components/live-indicator";
import { KindBadge, LocalizedText, StatusBadge } from "~/components/session-badges";
import { AgendaTiming, formatDayCached } from "~/modules/agenda/timing";
import { orHttpError } from "~/lib/http.server";
import agendaStyles from "~/modules/agenda/agenda.css?url";
import { displayZoneInfo, parseAgendaQuery, resolveDisplayZone } from "~/modules/agenda/agenda-page.server";
import { changeMyFeed, feedIntentSchema, getMyFeed } from "~/modules/agenda/feeds.server";
import { loadPersonalAgenda } from "~/modules/agenda/personal.server";
import { handleSignupForm, isSignupIntent, type SignupFormResult } from "~/modules/agenda/signup-form.server";
import { handleStarForm, isStarIntent } from "~/modules/agenda/star-action.server";
import { StarButton } from "~/modules/agenda/star-button";
import { WorkshopSignupForm } from "~/modules/agenda/workshop-signup-form";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { getPublishedEvent } from "~/modules/events/events.server";
import { useLiveSessions } from "~/modules/live/use-live-sessions";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: agendaStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.event.name} · Plenary` : "Plenary" }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const event = await getPublishedEvent(context.services.db, params.slug ?? "");
    const { zone, setCookie } = resolveDisplayZone(request, parseAgendaQuery(new URL(request.url)), event.timeZone);
    const actor = actorOf(viewer);
    const [agenda, feed] = await Promise.all([loadPersonalAgenda(context.services, actor, event), getMyFeed(context.services.db, actor, event)]);
    const { offsets, label } = displayZoneInfo(event, zone, agenda.days[0]?.day ?? event.startsOn);
    return data(
      { event, ...agenda, feed, origin: new URL(request.url).origin, displayZone: zone, zoneOffsets: offsets, zoneLabel: label },
      { headers: { "Cache-Control": "private, no-store", ...(setCookie && { "Set-Cookie": setCookie }) } },
    );
  });
}

type FeedResult = { ok: true; feed: "created" | "revoked" };

/** Star/unstar, workshop sign-up/cancel (same domain functions as the session page and the API), and the calendar feed. */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  return orHttpError(async () => {
    const slug = params.slug ?? "";
    const event = await getPublishedEvent(context.services.db, slug);
    if (isStarIntent(form)) return handleStarForm(context, event, form);
    if (isSignupIntent(form)) return handleSignupForm(context, slug, form);
    const intent = z.object({ intent: z.string().transform((v) => v.replace(/^feed-/, "")).pipe(feedIntentSchema) }).parse({ intent: form.get("intent") }).intent;
    const feed = await changeMyFeed(context.services, actorOf(viewer), event, intent, { ipAddress: context.request.ipAddress });
    return data<FeedResult>({ ok: true, feed: feed ? "created" : "revoked" });
  });
}

const SIGNUP_ERROR_KEYS = {
  clash: "signup.errors.clash",
  delegation_cap: "signup.errors.delegationCap",
  full: "signup.errors.full",
  not_accredited: "signup.errors.notAccredited",
  not_open: "signup.errors.notOpenYet",
  closed: "signup.errors.closed",
  forbidden: "signup.errors.notAllowed",
} as const;

function ActionMessage() {
  const result = useActionData<typeof action>() as SignupFormResult | FeedResult | { ok: true; starred: boolean } | undefined;
  const { t } = useTranslation("agenda");
  const { t: tw } = useTranslation("workshops");
  const navigation = useNavigation();
  if (!result) return null;
  if ("feed" in result) return <p role="status">{result.feed === "created" ? t("feed.created") : t("feed.revoked")}</p>;
  if (!("intent" in result)) return null;
  if (result.ok) {
    return (
      <p role="status" data-signup-result={result.status}>
        {t(`my.signupResult.${result.status}`, { position: result.position ?? "" })}
      </p>
    );
  }
  return (
    <div role="alert" className="form-error">
      <p>{tw(SIGNUP_ERROR_KEYS[result.reason], { session: result.reason === "clash" ? result.session : "" })}</p>
      {result.reason === "clash" && (
        <Form method="post" replace>
          <input type="hidden" name="sessionId" value={result.sessionId} />
          <input type="hidden" name="switchFrom" value={result.clashId} />
          <button type="submit" name="intent" value="signup" disabled={navigation.state !== "idle"}>
            {tw("signup.switch", { session: result.session })}
          </button>
        </Form>
      )}
    </div>
  );
}

export default function MyAgenda() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const { t: ta } = useTranslation("agenda");
  const { t: tw } = useTranslation("workshops");
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const allItems = useMemo(() => data.days.flatMap((day) => day.items), [data.days]);
  const { sessions: live, status } = useLiveSessions(data.event.slug, allItems);
  const liveByKey = useMemo(() => new Map(live.map((item) => [item.key, item])), [live]);
  const titleOf = useMemo(() => new Map(allItems.map((item) => [item.key, item.titles[i18n.language] ?? item.title])), [allItems, i18n.language]);
  const fallbacks = data.event.languages;
  const zone = data.displayZone;
  const eventName = data.event.names[i18n.language] ?? data.event.name;

  return (
    <section className="agenda my-agenda">
      <header className="page-header">
        <h1>{ta("my.heading", { event: eventName })}</h1>
        <LiveIndicator status={status} />
      </header>
      <p>{ta("my.intro", { zone, offset: data.zoneLabel })}</p>
      <p>
        <Link to={`/events/${data.event.slug}/agenda`}>{ta("my.browse")}</Link>
      </p>
      <ActionMessage />
      <p className="muted" role="status">
        {ta("my.itemCount", { count: data.itemCount })}
        {data.overlapCount > 0 && (
          <>
            {" · "}
            <strong className="overlap-count">{ta("my.overlapCount", { count: data.overlapCount })}</strong>
          </>
        )}
      </p>

      {data.days.length === 0 && <p>{ta("my.empty")}</p>}
      {data.days.map((day) => (
        <section key={day.day} aria-labelledby={`day-${day.day}`}>
          <h2 id={`day-${day.day}`}>{formatDayCached(day.day, i18n.language)}</h2>
          <ol className="session-list">
            {day.items.map((original) => {
              const item = { ...original, ...liveByKey.get(original.key) } as typeof original;
              const overlaps = original.overlapsWith;
              const until = original.continuesUntil;
              const plainTitle = item.titles[i18n.language] ?? item.title;
              const takesSignups = item.kind === "workshop" && item.capacity !== null && item.sessionId;
              const full = item.capacity !== null && (item.seatsTaken ?? 0) >= item.capacity;
              return (
                <li
                  key={item.key}
                  className={`session-item status-${item.status}${overlaps.length > 0 ? " overlaps" : ""}`}
                  data-session-id={item.sessionId ?? undefined}
                  data-item-key={item.key}
                  data-overlaps={overlaps.length > 0 ? "true" : "false"}
                >
                  <div className="session-when">
                    <AgendaTiming session={item} offsets={data.zoneOffsets} />
                    {until && <span className="continues-note">{ta("continuesUntil", { date: formatDayCached(until, i18n.language) })}</span>}
                  </div>
                  <div className="session-what">
                    <h3>
                      {item.href ? (
                        <Link to={item.href}>
                          <LocalizedText texts={item.titles} fallbacks={fallbacks} />
                        </Link>
                      ) : (
                        <LocalizedText texts={item.titles} fallbacks={fallbacks} />
                      )}
                    </h3>
                    <p className="session-meta">
                      <KindBadge kind={item.kind} /> <StatusBadge status={item.status} />{" "}
                      <span className="room">{item.room ? (item.roomNames[i18n.language] ?? item.room.name) : t("agenda.noRoom")}</span>
                    </p>
                    <p className="personal-sources">
                      {item.starred && <span className="badge">{ta("my.source.starred")}</span>}{" "}
                      {item.signup && (
                        <span className="badge" data-signup-status={item.signup.status}>
                          {ta(`my.source.${item.signup.status}`, { position: item.signup.position ?? "" })}
                        </span>
                      )}
                    </p>
                    {overlaps.length > 0 && (
                      <p className="overlap-note">
                        <span aria-hidden="true">⚠ </span>
                        {ta("my.overlapsWith", { titles: overlaps.map((key) => titleOf.get(key) ?? key).join("; ") })}
                      </p>
                    )}
                    <div className="personal-actions">
                      {item.sessionId && (item.starred || !item.signup) && <StarButton sessionId={item.sessionId} starred={item.starred} title={plainTitle} />}
                      {takesSignups && (item.signup || item.status !== "cancelled") && (
                        <WorkshopSignupForm sessionId={item.sessionId!} holdsPlace={item.signup !== null} full={full} busy={busy} />
                      )}
                    </div>
                  </div>
                </li>
              );
            })}
          </ol>
        </section>
      ))}

      <section className="card" aria-labelledby="feed-title">
        <h2 id="feed-title">{ta("feed.title")}</h2>
        <p>{ta("feed.explain")}</p>
        {data.feed ? (
          <>
            <label htmlFor="feed-url">{ta("feed.address")}</label>
            <input id="feed-url" className="feed-url" type="text" readOnly value={`${data.origin}${data.feed.path}`} size={60} data-feed-url />
            <p>
              <a href={`${data.origin.replace(/^https?:/, "webcal:")}${data.feed.path}`} rel="noreferrer">
                {ta("feed.subscribe")}
              </a>
            </p>
            <Form method="post" className="personal-actions">
              <button type="submit" name="intent" value="feed-reissue" disabled={busy}>
                {ta("feed.reissue")}
              </button>
              <button type="submit" name="intent" value="feed-revoke" disabled={busy}>
                {ta("feed.revoke")}
              </button>
            </Form>
          </>
        ) : (
          <>
            <p>{ta("feed.none")}</p>
            <Form method="post">
              <button type="submit" name="intent" value="feed-create" disabled={busy}>
                {ta("feed.create")}
              </button>
            </Form>
          </>
        )}
        <p>
          <a href={`/events/${data.event.slug}/agenda.ics`}>{ta("feed.publicFeed")}</a>
        </p>
      </section>
    </section>
  );
}
