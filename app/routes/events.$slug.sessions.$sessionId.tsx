import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { LiveIndicator } from "~/components/live-indicator";
import { KindBadge, LocalizedText, StatusBadge } from "~/components/session-badges";
import { formatCalendarDate, formatTime } from "~/lib/format";
import { orHttpError } from "~/lib/http.server";
import { getPublicSession } from "~/modules/agenda/agenda.server";
import { displayZoneInfo } from "~/modules/agenda/agenda-page.server";
import { AgendaTiming } from "~/modules/agenda/timing";
import { WorkshopSignupForm } from "~/modules/agenda/workshop-signup-form";
import { handleStarForm, isStarIntent } from "~/modules/agenda/star-action.server";
import { StarButton } from "~/modules/agenda/star-button";
import { isStarred } from "~/modules/agenda/stars.server";
import { ForbiddenError } from "~/modules/auth/actor";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { getPublishedEvent } from "~/modules/events/events.server";
import { useLiveSessions } from "~/modules/live/use-live-sessions";
import { cancelSignup, findSignupEvent, getMySignup, getSignupWindow, signUp, SignupConflictError } from "~/modules/workshops/signup.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.session.title} · Plenary` : "Plenary" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  return orHttpError(async () => {
    const event = await getPublishedEvent(context.services.db, params.slug ?? "");
    const session = await getPublicSession(context.services.db, event, params.sessionId ?? "");
    // The viewer's own place, for workshops that take sign-ups.
    const registration =
      context.viewer && session.kind === "workshop" && session.capacity !== null
        ? await context.services.db.registration.findUnique({
            where: { eventId_userId: { eventId: event.id, userId: context.viewer.user.id } },
            select: { id: true },
          })
        : null;
    const signup = registration ? await getMySignup(context.services.db, registration.id, session.id) : null;
    const signupWindow = session.kind === "workshop" && session.capacity !== null ? await getSignupWindow(context.services.db, session.id) : null;
    const starred = await isStarred(context.services.db, actorOf(context.viewer), event, session.id);
    // Times as the server computes them (browsers' tz databases differ: see decision 009).
    const zone = displayZoneInfo(event, event.timeZone, session.day);
    return { event, session, signedIn: context.viewer !== null, signup, signupWindow, starred, zone };
  });
}

type SignupActionData =
  | { ok: true; status: "confirmed" | "waitlisted" | "cancelled"; position?: number }
  | { ok: false; reason: "clash"; session: string; sessionId: string }
  | { ok: false; reason: "delegation_cap" | "full" | "not_accredited" | "not_open" | "closed" | "forbidden" };

/** Sign up or cancel from the page: the same domain functions as the JSON API. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  return orHttpError(async () => {
    if (isStarIntent(form)) return handleStarForm(context, await getPublishedEvent(context.services.db, params.slug ?? ""), form);
    const event = await findSignupEvent(context.services.db, params.slug ?? "");
    const sessionId = params.sessionId ?? "";
    try {
      if (form.get("intent") === "cancel") {
        await cancelSignup(context.services, actorOf(viewer), event, sessionId);
        return data<SignupActionData>({ ok: true, status: "cancelled" });
      }
      // "Switch": give up the clashing seat only if this one is confirmed (one transaction).
      const switchFrom = form.get("switchFrom");
      const result = await signUp(context.services, actorOf(viewer), event, sessionId, typeof switchFrom === "string" && switchFrom ? { switchFrom } : {});
      return data<SignupActionData>({ ok: true, ...result });
    } catch (error) {
      if (error instanceof SignupConflictError) {
        const body = error.body;
        return data<SignupActionData>(
          body.reason === "clash" ? { ok: false, reason: "clash", session: body.session.title, sessionId: body.session.id } : { ok: false, reason: body.reason === "delegation_cap" ? "delegation_cap" : "full" },
          { status: 409 },
        );
      }
      if (error instanceof ForbiddenError && error.status === 403) {
        const reason = error.code === "not_accredited" || error.code === "not_open" || error.code === "closed" ? error.code : "forbidden";
        return data<SignupActionData>({ ok: false, reason }, { status: 403 });
      }
      throw error;
    }
  });
}

const SIGNUP_ERROR_KEYS: Record<Exclude<SignupActionData, { ok: true }>["reason"], string> = {
  clash: "signup.errors.clash",
  delegation_cap: "signup.errors.delegationCap",
  full: "signup.errors.full",
  not_accredited: "signup.errors.notAccredited",
  not_open: "signup.errors.notOpenYet",
  closed: "signup.errors.closed",
  forbidden: "signup.errors.notAllowed",
};

function SignupWindow({ openWindow, timeZone }: { openWindow: { opensAt: string | null; closesAt: string | null } | null; timeZone: string }) {
  const { t, i18n } = useTranslation("workshops");
  if (!openWindow) return null;
  const when = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { timeZone, dateStyle: "medium", timeStyle: "short", hourCycle: "h23" }).format(new Date(iso));
  const now = Date.now();
  const { opensAt, closesAt } = openWindow;
  if (opensAt && now < new Date(opensAt).getTime()) return <p className="muted">{t("signup.window.opens", { date: when(opensAt) })}</p>;
  if (closesAt && now >= new Date(closesAt).getTime()) return <p className="muted">{t("signup.window.closed")}</p>;
  if (closesAt) return <p className="muted">{t("signup.window.openUntil", { date: when(closesAt) })}</p>;
  return null;
}

function SignupPanel({
  sessionId,
  signup,
  full,
  signedIn,
  timeZone,
  openWindow,
}: {
  sessionId: string;
  signup: Awaited<ReturnType<typeof getMySignup>> | null;
  full: boolean;
  signedIn: boolean;
  timeZone: string;
  openWindow: { opensAt: string | null; closesAt: string | null } | null;
}) {
  const { t, i18n } = useTranslation("workshops");
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  if (!signedIn) return <SignupWindow openWindow={openWindow} timeZone={timeZone} />;
  return (
    <section className="card signup-panel" aria-labelledby="signup-title">
      <h2 id="signup-title">{t("signup.title")}</h2>
      <SignupWindow openWindow={openWindow} timeZone={timeZone} />
      <div role="status" aria-live="polite" data-signup-status={signup?.status ?? "none"}>
        {signup?.status === "confirmed" && <p>{t("signup.status.confirmed")}</p>}
        {signup?.status === "waitlisted" && <p>{t("signup.status.waitlisted", { position: signup.position })}</p>}
        {signup?.status === "offered" && <p>{t("signup.status.offered", { expires: signup.offerExpiresAt ? formatTime(signup.offerExpiresAt, timeZone, i18n.language) : "" })}</p>}
      </div>
      {result && !result.ok && (
        <p className="form-error" role="alert">
          {t(SIGNUP_ERROR_KEYS[result.reason], { session: result.reason === "clash" ? result.session : "" })}
        </p>
      )}
      {result && !result.ok && result.reason === "clash" && (
        <Form method="post" replace>
          <input type="hidden" name="switchFrom" value={result.sessionId} />
          <button type="submit" name="intent" value="signup" disabled={busy}>
            {t("signup.switch", { session: result.session })}
          </button>
        </Form>
      )}
      <WorkshopSignupForm sessionId={sessionId} holdsPlace={!!signup && signup.status !== "none"} full={full} busy={busy} />
    </section>
  );
}

export default function SessionPage() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const initial = useMemo(() => [data.session], [data.session]);
  const { sessions, status } = useLiveSessions(data.event.slug, initial, data.signedIn ? { follow: data.session.id } : {});
  const session = sessions[0];
  // Someone ahead of me left the waitlist or took a seat: my position may have moved.
  const revalidator = useRevalidator();
  const waitlisted = data.signup?.status === "waitlisted";
  useEffect(() => {
    if (waitlisted && session !== initial[0] && revalidator.state === "idle") revalidator.revalidate();
  }, [session, initial, waitlisted, revalidator]);
  const fallbacks = data.event.languages;
  const languageName = (code: string) => t(`language.names.${code}`, { defaultValue: code });

  return (
    <article className="session-page" data-session-id={session.id}>
      <p>
        <Link to={`/events/${data.event.slug}/agenda?day=${session.day}`}>{t("session.backToAgenda")}</Link>
      </p>
      <header className="page-header">
        <LocalizedText as="h1" texts={session.titles} fallbacks={fallbacks} />
        <LiveIndicator status={status} />
      </header>
      <p className="session-meta">
        <KindBadge kind={session.kind} /> <StatusBadge status={session.status} />
      </p>
      {data.signedIn && <StarButton sessionId={session.id} starred={data.starred} title={session.titles[i18n.language] ?? session.title} />}
      <dl className="facts">
        <dt>{t("session.when")}</dt>
        <dd>
          {formatCalendarDate(session.day, i18n.language)} · <AgendaTiming session={session} offsets={data.zone.offsets} /> (
          {data.zone.label}, {data.event.timeZone})
        </dd>
        <dt>{t("session.where")}</dt>
        <dd>{session.room ? (session.roomNames[i18n.language] ?? session.room.name) : t("agenda.noRoom")}</dd>
        {session.track && (
          <>
            <dt>{t("session.track")}</dt>
            <dd>{session.track.names[i18n.language] ?? session.track.name}</dd>
          </>
        )}
        <dt>{t("session.floorLanguage")}</dt>
        <dd>{languageName(session.floorLanguage)}</dd>
        <dt>{t("session.interpretation")}</dt>
        <dd>
          {session.interpretationLanguages.length > 0
            ? session.interpretationLanguages.map(languageName).join(", ")
            : t("session.noInterpretation")}
        </dd>
        {session.capacity !== null && session.seatsTaken !== null && (
          <>
            <dt>{t("session.capacity")}</dt>
            <dd className="seats">{t("agenda.seats", { taken: session.seatsTaken, capacity: session.capacity })}</dd>
          </>
        )}
      </dl>
      {session.kind === "workshop" && session.capacity !== null && (
        <SignupPanel
          sessionId={session.id}
          signup={data.signup}
          signedIn={data.signedIn}
          full={(session.seatsTaken ?? 0) >= session.capacity}
          timeZone={data.event.timeZone}
          openWindow={data.signupWindow}
        />
      )}
      {session.speakers.length > 0 && (
        <section>
          <h2>{t("session.speakers")}</h2>
          <ul className="speakers">
            {session.speakers.map((speaker, index) => (
              <li key={index}>
                <span className="speaker-name">{speaker.name}</span>
                {speaker.affiliation && <span className="muted"> · {speaker.affiliation}</span>}
                <span className="muted"> · {t(`speakerRole.${speaker.role}`)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {Object.keys(session.descriptions).length > 0 && (
        <section>
          <h2>{t("session.description")}</h2>
          <LocalizedText as="p" texts={session.descriptions} fallbacks={fallbacks} />
        </section>
      )}
    </article>
  );
}
