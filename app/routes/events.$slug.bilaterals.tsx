import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ZodError } from "zod";
import { orHttpError } from "~/lib/http.server";
import { getStaffEvent } from "~/modules/accreditation/accreditation.server";
import { requireOrganiser } from "~/modules/auth/permissions.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { BilateralError, cancelBilateral, getDelegationBilaterals, requestBilateral, respondToBilateral } from "~/modules/bilaterals/bilaterals.server";
import { SlotText, StatusText } from "~/modules/bilaterals/ui";
import { useBilateralLive } from "~/modules/bilaterals/use-bilateral-live";
import adminStyles from "~/styles/admin.css?url";
import roomStyles from "~/styles/rooms.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: adminStyles },
  { rel: "stylesheet", href: roomStyles },
];
export const meta: MetaFunction = () => [{ title: "Plenary" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const actor = actorOf(viewer);
    const event = await getStaffEvent(context.services.db, params.slug ?? "");
    // Organisers arrange rooms on their own page.
    const organiser = await requireOrganiser(context.services.db, actor, event.id).then(
      () => true,
      () => false,
    );
    if (organiser) throw redirect(`/events/${event.slug}/admin/bilaterals`);
    const page = await getDelegationBilaterals(context.services, actor, event);
    return { event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone }, page };
  });
}

type Answer = { ok: true; done: "requested" | "accepted" | "declined" | "cancelled" } | { ok: false; error: string; fields: string[] };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const actor = actorOf(viewer);
  return orHttpError(async () => {
    const event = await getStaffEvent(context.services.db, params.slug ?? "");
    const form = await request.formData();
    const text = (name: string) => String(form.get(name) ?? "").trim();
    try {
      switch (text("intent")) {
        case "request": {
          const slots = [1, 2, 3]
            .map((n) => ({ date: text(`date${n}`), start: text(`start${n}`), end: text(`end${n}`) }))
            .filter((slot, index) => index === 0 || slot.start || slot.end);
          await requestBilateral(context.services, actor, event, {
            inviteeDelegationId: text("inviteeDelegationId"),
            topic: text("topic"),
            size: text("size") as unknown as number,
            slots,
          });
          return data<Answer>({ ok: true, done: "requested" });
        }
        case "respond": {
          const result = await respondToBilateral(context.services, actor, event, text("bilateralId"), {
            response: text("response") as "accept",
            note: text("note") || undefined,
          });
          return data<Answer>({ ok: true, done: result.status === "accepted" ? "accepted" : "declined" });
        }
        case "cancel":
          await cancelBilateral(context.services, actor, event, text("bilateralId"));
          return data<Answer>({ ok: true, done: "cancelled" });
        default:
          return data<Answer>({ ok: false, error: "invalid", fields: [] }, { status: 400 });
      }
    } catch (error) {
      if (error instanceof ZodError) {
        const fields = [...new Set(error.issues.map((issue) => (issue.path[0] === "slots" ? `slot${Number(issue.path[1] ?? 0) + 1}` : String(issue.path[0] ?? ""))))];
        return data<Answer>({ ok: false, error: "invalid", fields }, { status: 400 });
      }
      if (error instanceof BilateralError) return data<Answer>({ ok: false, error: error.code, fields: [] }, { status: error.status });
      throw error;
    }
  });
}

export default function DelegationBilaterals() {
  const { event, page } = useLoaderData<typeof loader>();
  useBilateralLive(event.slug);
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, i18n } = useTranslation("bilaterals");
  const eventName = event.names[i18n.language] ?? event.name;
  const invalid = new Set(answer && !answer.ok ? answer.fields : []);
  const own = page.delegation.id;
  type Meeting = (typeof page.meetings)[number];
  const counterpart = (m: Meeting) => (m.requester.id === own ? m.invitee.name : m.requester.name);
  const wished = (m: Meeting) => (
    <ul className="plain-list">
      {m.wishedSlots.map((slot, i) => (
        <li key={i}>
          <SlotText slot={slot} timeZone={event.timeZone} />
        </li>
      ))}
    </ul>
  );
  const cancelButton = (m: Meeting, label: string) =>
    page.head ? (
      <Form method="post" className="inline-form">
        <input type="hidden" name="bilateralId" value={m.id} />
        <button type="submit" name="intent" value="cancel" disabled={busy} aria-label={`${label}: ${m.topic}`}>
          {label}
        </button>
      </Form>
    ) : null;
  const errorFor = (field: string) =>
    invalid.has(field) ? (
      <p className="field-error" id={`${field}-error`}>
        {t(`errors.field.${field}`)}
      </p>
    ) : null;
  const described = (field: string) => (invalid.has(field) ? { "aria-invalid": true as const, "aria-describedby": `${field}-error` } : {});

  return (
    <section>
      <h1>{t("page.title", { delegation: page.delegation.name, event: eventName })}</h1>
      <p className="lede">{page.head ? t("page.introHead") : t("page.introMember")}</p>
      <p className="muted">{t("page.confidential")}</p>
      {answer && (
        <p className={`notice${answer.ok ? "" : " notice-error"}`} role={answer.ok ? "status" : "alert"}>
          {answer.ok ? t(`done.${answer.done}`) : t(`errors.${answer.error}`)}
        </p>
      )}

      <h2>{t("page.meetings")}</h2>
      <table className="data-table" aria-label={t("page.meetings")}>
        <thead>
          <tr>
            <th scope="col">{t("table.topic")}</th>
            <th scope="col">{t("table.with")}</th>
            <th scope="col">{t("table.when")}</th>
            <th scope="col">{t("table.room")}</th>
            <th scope="col">{t("table.status")}</th>
            {page.head && <th scope="col">{t("table.actions")}</th>}
          </tr>
        </thead>
        <tbody>
          {page.meetings.length === 0 && (
            <tr>
              <td colSpan={page.head ? 6 : 5}>{t("page.noMeetings")}</td>
            </tr>
          )}
          {page.meetings.map((m) => (
            <tr key={m.id}>
              <td dir="auto">{m.topic}</td>
              <td dir="auto">{counterpart(m)}</td>
              <td>{m.booking ? <SlotText slot={m.booking} timeZone={event.timeZone} /> : wished(m)}</td>
              <td dir="auto">{m.booking?.room ? (m.booking.room.names[i18n.language] ?? m.booking.room.name) : t("table.noRoomYet")}</td>
              <td>
                <StatusText status={m.status} />
              </td>
              {page.head && <td>{cancelButton(m, t("actions.cancel"))}</td>}
            </tr>
          ))}
        </tbody>
      </table>

      {page.head && (
        <>
          <h2>{t("page.incoming")}</h2>
          {page.incoming.length === 0 ? (
            <p>{t("page.noIncoming")}</p>
          ) : (
            page.incoming.map((m) => (
              <article key={m.id} className="delegation-card" aria-labelledby={`incoming-${m.id}`}>
                <h3 id={`incoming-${m.id}`} dir="auto">
                  {t("page.requestFrom", { delegation: m.requester.name, topic: m.topic })}
                </h3>
                <p>{t("page.size", { count: m.size })}</p>
                <p>{t("page.wishedTimes")}</p>
                {wished(m)}
                <Form method="post">
                  <input type="hidden" name="bilateralId" value={m.id} />
                  <label>
                    {t("actions.note")}
                    <input type="text" name="note" maxLength={1000} dir="auto" />
                  </label>{" "}
                  <button type="submit" name="response" value="accept" disabled={busy}>
                    {t("actions.accept")}
                  </button>{" "}
                  <button type="submit" name="response" value="decline" disabled={busy}>
                    {t("actions.decline")}
                  </button>
                  <input type="hidden" name="intent" value="respond" />
                </Form>
              </article>
            ))
          )}

          <h2>{t("page.outgoing")}</h2>
          {page.outgoing.length === 0 ? (
            <p>{t("page.noOutgoing")}</p>
          ) : (
            <ul>
              {page.outgoing.map((m) => (
                <li key={m.id}>
                  <span dir="auto">{t("page.requestTo", { delegation: m.invitee.name, topic: m.topic })}</span> · {t("page.size", { count: m.size })} ·{" "}
                  <StatusText status={m.status} /> {cancelButton(m, t("actions.withdraw"))}
                </li>
              ))}
            </ul>
          )}

          <h2>{t("form.title")}</h2>
          <Form method="post" className="settings-form">
            <input type="hidden" name="intent" value="request" />
            <label>
              {t("form.delegation")}
              <select name="inviteeDelegationId" required defaultValue="" {...described("inviteeDelegationId")}>
                <option value="" disabled>
                  {t("form.chooseDelegation")}
                </option>
                {page.delegations.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </label>
            {errorFor("inviteeDelegationId")}
            <label>
              {t("form.topic")}
              <input type="text" name="topic" required minLength={3} maxLength={300} dir="auto" {...described("topic")} />
            </label>
            {errorFor("topic")}
            <label>
              {t("form.size")}
              <input type="number" name="size" required min={2} max={200} step={1} defaultValue={4} {...described("size")} />
            </label>
            {errorFor("size")}
            <p className="muted">{t("form.timesHint", { zone: event.timeZone })}</p>
            {[1, 2, 3].map((n) => (
              <fieldset key={n}>
                <legend>{t(n === 1 ? "form.firstChoice" : "form.otherChoice", { number: n })}</legend>
                <div className="time-grid">
                  <label>
                    {t("form.day")}
                    <select name={`date${n}`} defaultValue={page.days[0]} {...described(`slot${n}`)}>
                      {page.days.map((day) => (
                        <option key={day} value={day}>
                          {new Intl.DateTimeFormat(i18n.language, { timeZone: "UTC", weekday: "long", day: "numeric", month: "long" }).format(new Date(`${day}T00:00:00Z`))}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    {t("form.start")}
                    <input type="time" name={`start${n}`} required={n === 1} {...described(`slot${n}`)} />
                  </label>
                  <label>
                    {t("form.end")}
                    <input type="time" name={`end${n}`} required={n === 1} {...described(`slot${n}`)} />
                  </label>
                </div>
                {errorFor(`slot${n}`)}
              </fieldset>
            ))}
            <button type="submit" disabled={busy}>
              {t("form.submit")}
            </button>
          </Form>
        </>
      )}

      {page.closed.length > 0 && (
        <>
          <h2>{t("page.closed")}</h2>
          <ul>
            {page.closed.map((m) => (
              <li key={m.id}>
                <span dir="auto">
                  {m.topic} · {counterpart(m)}
                </span>{" "}
                · <StatusText status={m.status} />
                {m.responseNote && (
                  <span className="muted" dir="auto">
                    {" "}
                    — {m.responseNote}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
