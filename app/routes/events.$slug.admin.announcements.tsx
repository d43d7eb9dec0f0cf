import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ZodError } from "zod";
import { orHttpError } from "~/lib/http.server";
import { zonedWallTimeToUtc } from "~/lib/zoned-time";
import {
  listAnnouncementsForAdmin,
  listAudiences,
  publishAnnouncement,
  withdrawAnnouncement,
} from "~/modules/announcements/announcements.server";
import { MAX_ANNOUNCEMENT_LENGTH } from "~/modules/announcements/constants";
import { NotFoundError } from "~/modules/auth/actor";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { AdminNav, formatInstant } from "~/modules/settings/admin-ui";
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
    const [announcements, audiences] = await Promise.all([listAnnouncementsForAdmin(context.services.db, actor, event), listAudiences(context.services.db, event)]);
    return { event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone, languages: event.languages }, announcements, audiences };
  });
}

type ActionAnswer = { ok: true; intent: "publish" | "withdraw" } | { ok: false; errors: string[] };
const ERROR_KEYS: Record<string, string> = { messages: "announcements.errors.messages", roomId: "announcements.errors.room", delegationId: "announcements.errors.delegation" };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const actor = actorOf(viewer);
  return orHttpError(async () => {
    // Only organisers of this event get as far as reading the form.
    const event = await requireWorkshopAdmin(context.services.db, actor, params.slug ?? "");
    const form = await request.formData();
    try {
      if (form.get("intent") === "withdraw") {
        await withdrawAnnouncement(context.services, actor, event, String(form.get("announcementId") ?? ""));
        return data<ActionAnswer>({ ok: true, intent: "withdraw" });
      }
      const messages: Record<string, string> = {};
      for (const [key, value] of form) if (key.startsWith("message.") && typeof value === "string") messages[key.slice("message.".length)] = value;
      const text = (name: string) => {
        const value = form.get(name);
        return typeof value === "string" && value ? value : undefined;
      };
      // "Show until", typed as a wall time in the event's zone.
      const until = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(text("expiresAt") ?? "");
      if (text("expiresAt") && !until) return data<ActionAnswer>({ ok: false, errors: ["announcements.errors.expiresAt"] }, { status: 400 });
      const expiresAt = until ? zonedWallTimeToUtc(until[1], until[2], event.timeZone) : undefined;
      if (expiresAt && expiresAt.getTime() <= Date.now()) return data<ActionAnswer>({ ok: false, errors: ["announcements.errors.expiresAt"] }, { status: 400 });
      await publishAnnouncement(context.services, actor, event, {
        expiresAt,
        audience: (text("audience") ?? "event") as "event",
        roomId: text("audience") === "room" ? text("roomId") : undefined,
        delegationId: text("audience") === "delegation" ? text("delegationId") : undefined,
        messages,
      });
      return data<ActionAnswer>({ ok: true, intent: "publish" });
    } catch (error) {
      if (error instanceof ZodError) {
        const keys = [...new Set(error.issues.map((issue) => ERROR_KEYS[String(issue.path[0])] ?? "announcements.errors.invalid"))];
        return data<ActionAnswer>({ ok: false, errors: keys }, { status: 400 });
      }
      if (error instanceof NotFoundError) return data<ActionAnswer>({ ok: false, errors: ["announcements.errors.notFound"] }, { status: 404 });
      throw error;
    }
  });
}

export default function AnnouncementsAdmin() {
  const { event, announcements, audiences } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, i18n } = useTranslation("live");
  const languageName = new Intl.DisplayNames([i18n.language], { type: "language" });
  const eventName = event.names[i18n.language] ?? event.name;
  return (
    <section>
      <h1>{t("announcements.adminTitle", { event: eventName })}</h1>
      <AdminNav slug={event.slug} />
      {answer && !answer.ok && (
        <div className="notice notice-error" role="alert">
          {answer.errors.map((key) => (
            <p key={key}>{t(key)}</p>
          ))}
        </div>
      )}
      {answer?.ok && (
        <p className="notice" role="status">
          {t(answer.intent === "publish" ? "announcements.published" : "announcements.withdrawnNotice")}
        </p>
      )}
      <Form method="post" className="stack" key={answer?.ok ? announcements[0]?.id : "form"}>
        <input type="hidden" name="intent" value="publish" />
        <fieldset>
          <legend>{t("announcements.audience")}</legend>
          <label>
            <input type="radio" name="audience" value="event" defaultChecked /> {t("announcements.audienceEvent")}
          </label>{" "}
          <label>
            <input type="radio" name="audience" value="room" /> {t("announcements.audienceRoom")}
          </label>{" "}
          <label>
            <input type="radio" name="audience" value="delegation" /> {t("announcements.audienceDelegation")}
          </label>
        </fieldset>
        <label htmlFor="announcement-room">{t("announcements.room")}</label>
        <select id="announcement-room" name="roomId" defaultValue="">
          <option value="">—</option>
          {audiences.rooms.map((room) => (
            <option key={room.id} value={room.id}>
              {room.name}
            </option>
          ))}
        </select>
        <label htmlFor="announcement-delegation">{t("announcements.delegation")}</label>
        <select id="announcement-delegation" name="delegationId" defaultValue="">
          <option value="">—</option>
          {audiences.delegations.map((delegation) => (
            <option key={delegation.id} value={delegation.id}>
              {delegation.name}
            </option>
          ))}
        </select>
        {event.languages.map((language) => (
          <div key={language} className="stack">
            <label htmlFor={`announcement-${language}`}>{t("announcements.messageIn", { language: languageName.of(language) ?? language })}</label>
            <textarea id={`announcement-${language}`} name={`message.${language}`} lang={language} dir="auto" rows={3} maxLength={MAX_ANNOUNCEMENT_LENGTH} />
          </div>
        ))}
        <label htmlFor="announcement-until">{t("announcements.expiresAt", { zone: event.timeZone })}</label>
        <input id="announcement-until" name="expiresAt" type="datetime-local" />
        <button type="submit" disabled={busy}>
          {t("announcements.publish")}
        </button>
      </Form>
      <h2>{t("announcements.history")}</h2>
      {announcements.length === 0 && <p>{t("announcements.empty")}</p>}
      <ul className="announcement-list">
        {announcements.map((a) => (
          <li key={a.id} data-announcement-id={a.id}>
            <p className="announcement-meta">
              {formatInstant(a.publishedAt, event.timeZone, i18n.language)} ·{" "}
              {a.audience === "room"
                ? t("announcements.forRoom", { room: a.room?.name ?? "" })
                : a.audience === "delegation"
                  ? t("announcements.forDelegation", { delegation: a.delegation?.name ?? "" })
                  : t("announcements.forEveryone")}
              {a.expiresAt && ` · ${t("announcements.until", { time: formatInstant(a.expiresAt, event.timeZone, i18n.language) })}`}
              {a.withdrawnAt && ` · ${t("announcements.withdrawn")}`}
            </p>
            {Object.entries(a.messages).map(([language, text]) => (
              <p key={language} lang={language} dir="auto">
                {text}
              </p>
            ))}
            {!a.withdrawnAt && (
              <Form method="post">
                <input type="hidden" name="intent" value="withdraw" />
                <input type="hidden" name="announcementId" value={a.id} />
                <button type="submit" disabled={busy}>
                  {t("announcements.withdraw")}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
