import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { orHttpError } from "~/lib/http.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { AdminNav, formatInstant } from "~/modules/settings/admin-ui";
import {
  describeAdminError,
  getWorkshopRoster,
  requireWorkshopAdmin,
  runWorkshopAdminAction,
  type AdminFailure,
  type RosterRow,
  type WorkshopAdminResult,
} from "~/modules/workshops/admin.server";
import adminStyles from "~/styles/admin.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];
export const meta: MetaFunction = () => [{ title: "Plenary" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const event = await requireWorkshopAdmin(context.services.db, actorOf(viewer), params.slug ?? "");
    const roster = await getWorkshopRoster(context.services.db, event, params.sessionId ?? "", viewer.user.preferredLanguage);
    return { event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone }, roster };
  });
}

type ActionAnswer = { ok: true; result: WorkshopAdminResult } | { ok: false; failure: Omit<AdminFailure, "status"> & { intent: string } };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const actor = actorOf(viewer);
  return orHttpError(async () => {
    // Authorise before reading the body: only organisers of this event get further.
    const event = await requireWorkshopAdmin(context.services.db, actor, params.slug ?? "");
    const form = Object.fromEntries(await request.formData());
    const intent = typeof form.intent === "string" ? form.intent : "";
    try {
      const result = await runWorkshopAdminAction(context.services, actor, event, params.sessionId ?? "", form);
      return data<ActionAnswer>({ ok: true, result });
    } catch (error) {
      const { status, ...failure } = describeAdminError(error);
      return data<ActionAnswer>({ ok: false, failure: { ...failure, intent } }, { status });
    }
  });
}

function PersonName({ row }: { row: RosterRow | { givenName: string; familyName: string } }) {
  return <span dir="auto">{`${row.givenName} ${row.familyName}`}</span>;
}

export default function WorkshopRoster() {
  const { event, roster } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const { t, i18n } = useTranslation("workshops");
  const eventName = event.names[i18n.language] ?? event.name;
  const when = (d: Date | string | null) => formatInstant(d, event.timeZone, i18n.language);
  const { workshop, confirmed, waitlist, others } = roster;

  const rows = (list: typeof confirmed, waiting: boolean) =>
    list.map((row) => (
      <tr key={row.registrationId}>
        {waiting && <td>{row.position}</td>}
        <td>
          <PersonName row={row} />
          <div className="muted">{row.email}</div>
        </td>
        <td>{row.delegation ?? t("admin.noDelegation")}</td>
        <td>
          {waiting ? when(row.signedUpAt) : when(row.confirmedAt)}
          {row.status === "OFFERED" && <div className="muted">{t("admin.offeredUntil", { expires: when(row.offerExpiresAt) })}</div>}
        </td>
        <td>
          <Form method="post" className="inline-form">
            <input type="hidden" name="registrationId" value={row.registrationId} />
            <button type="submit" name="intent" value="remove" disabled={busy}>
              {t("admin.remove")}
            </button>
          </Form>
          {!waiting && others.length > 0 && (
            <Form method="post" className="inline-form">
              <input type="hidden" name="registrationId" value={row.registrationId} />
              <label>
                <span className="visually-hidden">{t("admin.moveTo")}</span>
                <select name="targetSessionId" required defaultValue="">
                  <option value="" disabled>
                    {t("admin.moveTo")}
                  </option>
                  {others.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.title || t("admin.untitled")} · {when(o.startsAt)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" name="intent" value="move" disabled={busy}>
                {t("admin.move")}
              </button>
            </Form>
          )}
        </td>
      </tr>
    ));

  return (
    <section>
      <h1>{t("admin.rosterTitle", { workshop: workshop.title || t("admin.untitled"), event: eventName })}</h1>
      <AdminNav slug={event.slug} />
      <p>
        <Link to={`/events/${event.slug}/admin/workshops`}>{t("admin.back")}</Link> ·{" "}
        <a href={`/events/${event.slug}/admin/workshops/${workshop.id}/csv`} download>
          {t("admin.exportCsv")}
        </a>
      </p>
      <p className="muted">
        {when(workshop.startsAt)} · {t("admin.seats", { taken: confirmed.length, capacity: workshop.capacity })} · {t("admin.waitlistLength", { count: waitlist.length })}
      </p>

      {answer && (
        <div className={`notice${answer.ok ? "" : " notice-error"}`} role={answer.ok ? "status" : "alert"}>
          {answer.ok ? (
            <p>
              {answer.result.intent === "add"
                ? answer.result.status === "confirmed"
                  ? t("admin.done.addedConfirmed", { email: answer.result.email })
                  : t("admin.done.addedWaitlisted", { email: answer.result.email, position: answer.result.position })
                : answer.result.intent === "remove"
                  ? t("admin.done.removed", { count: answer.result.promoted })
                  : answer.result.intent === "move"
                    ? t("admin.done.moved")
                    : t("admin.done.capacity", { capacity: answer.result.capacity, count: answer.result.promoted })}
            </p>
          ) : (
            <p>{t(`admin.errors.${answer.failure.code}`, answer.failure.params)}</p>
          )}
        </div>
      )}

      <h2>{t("admin.confirmedList", { count: confirmed.length })}</h2>
      <table className="data-table">
        <caption className="visually-hidden">{t("admin.confirmedList", { count: confirmed.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("admin.name")}</th>
            <th scope="col">{t("admin.delegation")}</th>
            <th scope="col">{t("admin.confirmedAt")}</th>
            <th scope="col">{t("admin.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {confirmed.length === 0 && (
            <tr>
              <td colSpan={4}>{t("admin.nobody")}</td>
            </tr>
          )}
          {rows(confirmed, false)}
        </tbody>
      </table>

      <h2>{t("admin.waitlist", { count: waitlist.length })}</h2>
      <table className="data-table">
        <caption className="visually-hidden">{t("admin.waitlist", { count: waitlist.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("admin.position")}</th>
            <th scope="col">{t("admin.name")}</th>
            <th scope="col">{t("admin.delegation")}</th>
            <th scope="col">{t("admin.signedUpAt")}</th>
            <th scope="col">{t("admin.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {waitlist.length === 0 && (
            <tr>
              <td colSpan={5}>{t("admin.nobody")}</td>
            </tr>
          )}
          {rows(waitlist, true)}
        </tbody>
      </table>

      <Form method="post" className="filters">
        <fieldset>
          <legend>{t("admin.addLegend")}</legend>
          <label>
            {t("admin.email")}
            <input type="email" name="email" required autoComplete="off" />
          </label>
          <button type="submit" name="intent" value="add" disabled={busy}>
            {t("admin.add")}
          </button>
          <p className="muted">{t("admin.addHint")}</p>
        </fieldset>
      </Form>

      <Form method="post" className="filters">
        <fieldset>
          <legend>{t("admin.capacityLegend")}</legend>
          <label>
            {t("admin.capacity")}
            <input type="number" name="capacity" min={0} max={100000} step={1} required defaultValue={workshop.capacity} key={workshop.capacity} />
          </label>
          <button type="submit" name="intent" value="capacity" disabled={busy}>
            {t("admin.saveCapacity")}
          </button>
          <p className="muted">{t("admin.capacityHint")}</p>
        </fieldset>
      </Form>
    </section>
  );
}
