import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ZodError } from "zod";
import { orHttpError } from "~/lib/http.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { allocateBilateral, BilateralError, cancelBilateral, listBilateralsForOrganisers } from "~/modules/bilaterals/bilaterals.server";
import { SlotText, StatusText } from "~/modules/bilaterals/ui";
import { requireRoomsAdmin } from "~/modules/rooms/rooms.server";
import { AdminNav } from "~/modules/settings/admin-ui";
import adminStyles from "~/styles/admin.css?url";
import roomStyles from "~/styles/rooms.css?url";
import { useBilateralLive } from "~/modules/bilaterals/use-bilateral-live";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: adminStyles },
  { rel: "stylesheet", href: roomStyles },
];
export const meta: MetaFunction = () => [{ title: "Plenary" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const actor = actorOf(viewer);
    const event = await requireRoomsAdmin(context.services.db, actor, params.slug ?? "");
    const overview = await listBilateralsForOrganisers(context.services, actor, event);
    return { event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone }, overview };
  });
}

type Answer = { ok: true; done: "booked" | "cancelled" } | { ok: false; error: string; bilateralId: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const actor = actorOf(viewer);
  return orHttpError(async () => {
    // Authorise before reading the body.
    const event = await requireRoomsAdmin(context.services.db, actor, params.slug ?? "");
    const form = await request.formData();
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const bilateralId = text("bilateralId");
    try {
      if (text("intent") === "book") {
        const other = text("slot") === "";
        await allocateBilateral(context.services, actor, event, bilateralId, {
          roomId: text("roomId"),
          ...(other ? { date: text("date"), start: text("start"), end: text("end") } : { slot: text("slot") as unknown as number }),
        });
        return data<Answer>({ ok: true, done: "booked" });
      }
      if (text("intent") === "cancel") {
        await cancelBilateral(context.services, actor, event, bilateralId);
        return data<Answer>({ ok: true, done: "cancelled" });
      }
      return data<Answer>({ ok: false, error: "invalid", bilateralId }, { status: 400 });
    } catch (error) {
      if (error instanceof ZodError) return data<Answer>({ ok: false, error: "invalid", bilateralId }, { status: 400 });
      if (error instanceof BilateralError) return data<Answer>({ ok: false, error: error.code, bilateralId }, { status: error.status });
      throw error;
    }
  });
}

export default function BilateralsAdmin() {
  const { event, overview } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, i18n } = useTranslation("bilaterals");
  useBilateralLive(event.slug);
  const eventName = event.names[i18n.language] ?? event.name;
  type Meeting = (typeof overview.waiting)[number];
  const pair = (m: Meeting) => `${m.requester.name} – ${m.invitee.name}`;
  const roomName = (room: { name: string; names: Record<string, string> }) => room.names[i18n.language] ?? room.name;

  const simpleList = (list: Meeting[], empty: string) =>
    list.length === 0 ? (
      <p>{empty}</p>
    ) : (
      <ul>
        {list.map((m) => (
          <li key={m.id}>
            <span dir="auto">
              {m.topic} · {pair(m)}
            </span>{" "}
            · {t("page.size", { count: m.size })} · <StatusText status={m.status} />
          </li>
        ))}
      </ul>
    );

  return (
    <section>
      <h1>{t("admin.title", { event: eventName })}</h1>
      <AdminNav slug={event.slug} />
      <p className="muted">{t("admin.intro", { buffer: overview.bufferMinutes, zone: event.timeZone })}</p>
      {answer && (
        <p className={`notice${answer.ok ? "" : " notice-error"}`} role={answer.ok ? "status" : "alert"}>
          {answer.ok ? t(`done.${answer.done}`) : t(`errors.${answer.error}`)}
        </p>
      )}

      <h2>{t("admin.waiting", { count: overview.waiting.length })}</h2>
      {overview.waiting.length === 0 && <p>{t("admin.noneWaiting")}</p>}
      {overview.waiting.map((m) => (
        <article key={m.id} className="delegation-card" aria-labelledby={`waiting-${m.id}`}>
          <h3 id={`waiting-${m.id}`} dir="auto">
            {m.topic} · {pair(m)}
          </h3>
          <p>{t("page.size", { count: m.size })}</p>
          {m.suggestions.map((s, index) => (
            <Form method="post" key={index} className="filters">
              <input type="hidden" name="bilateralId" value={m.id} />
              <input type="hidden" name="slot" value={index} />
              <p>
                <SlotText slot={s.slot} timeZone={event.timeZone} />
              </p>
              {s.rooms.length === 0 ? (
                <p className="muted">{t("admin.noRoomFits")}</p>
              ) : (
                <>
                  <label>
                    {t("admin.freeRooms")}
                    <select name="roomId" required defaultValue={s.rooms[0].id}>
                      {s.rooms.map((room) => (
                        <option key={room.id} value={room.id}>
                          {t("admin.roomOption", { room: roomName(room), capacity: room.capacity })}
                        </option>
                      ))}
                    </select>
                  </label>
                  <button type="submit" name="intent" value="book" disabled={busy}>
                    {t("admin.book")}
                  </button>
                </>
              )}
            </Form>
          ))}
          <Form method="post">
            <fieldset>
              <legend>{t("admin.otherTime")}</legend>
              <input type="hidden" name="bilateralId" value={m.id} />
              <div className="time-grid">
                <label>
                  {t("form.day")}
                  <select name="date" defaultValue={overview.days[0]}>
                    {overview.days.map((day) => (
                      <option key={day} value={day}>
                        {new Intl.DateTimeFormat(i18n.language, { timeZone: "UTC", weekday: "long", day: "numeric", month: "long" }).format(new Date(`${day}T00:00:00Z`))}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {t("form.start")}
                  <input type="time" name="start" required />
                </label>
                <label>
                  {t("form.end")}
                  <input type="time" name="end" required />
                </label>
                <label>
                  {t("table.room")}
                  <select name="roomId" required>
                    {overview.rooms
                      .filter((room) => room.capacity >= m.size)
                      .map((room) => (
                        <option key={room.id} value={room.id}>
                          {t("admin.roomOption", { room: roomName(room), capacity: room.capacity })}
                        </option>
                      ))}
                  </select>
                </label>
                <button type="submit" name="intent" value="book" disabled={busy}>
                  {t("admin.bookOther")}
                </button>
              </div>
              <p className="muted">{t("admin.otherTimeHint")}</p>
            </fieldset>
          </Form>
          <Form method="post">
            <input type="hidden" name="bilateralId" value={m.id} />
            <button type="submit" name="intent" value="cancel" disabled={busy}>
              {t("actions.cancel")}
            </button>
          </Form>
        </article>
      ))}

      <h2>{t("admin.booked", { count: overview.booked.length })}</h2>
      <table className="data-table">
        <caption className="visually-hidden">{t("admin.booked", { count: overview.booked.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("table.topic")}</th>
            <th scope="col">{t("admin.delegations")}</th>
            <th scope="col">{t("table.when")}</th>
            <th scope="col">{t("table.room")}</th>
            <th scope="col">{t("table.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {overview.booked.length === 0 && (
            <tr>
              <td colSpan={5}>{t("admin.noneBooked")}</td>
            </tr>
          )}
          {overview.booked.map((m) => (
            <tr key={m.id}>
              <td dir="auto">{m.topic}</td>
              <td dir="auto">{pair(m)}</td>
              <td>{m.booking && <SlotText slot={m.booking} timeZone={event.timeZone} />}</td>
              <td dir="auto">{m.booking?.room ? roomName(m.booking.room) : t("table.noRoomYet")}</td>
              <td>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="bilateralId" value={m.id} />
                  <button type="submit" name="intent" value="cancel" disabled={busy} aria-label={`${t("actions.cancel")}: ${m.topic}`}>
                    {t("actions.cancel")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t("admin.requested", { count: overview.requested.length })}</h2>
      {simpleList(overview.requested, t("admin.noneRequested"))}
      {overview.closed.length > 0 && (
        <>
          <h2>{t("page.closed")}</h2>
          {simpleList(overview.closed, "")}
        </>
      )}
    </section>
  );
}
