import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { ZodError } from "zod";
import { orHttpError } from "~/lib/http.server";
import { CATEGORIES, ENDORSEMENTS, STATUSES } from "~/modules/accreditation/constants";
import {
  decide,
  getStaffEvent,
  listDelegations,
  listQueue,
  queueFilterFromSearchParams,
} from "~/modules/accreditation/accreditation.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { AdminNav, Pager, formatInstant } from "~/modules/settings/admin-ui";
import adminStyles from "~/styles/admin.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];
export const meta: MetaFunction = () => [{ title: "Plenary" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const event = await getStaffEvent(context.services.db, params.slug ?? "");
    const queue = await listQueue(context.services.db, actorOf(viewer), event, queueFilterFromSearchParams(new URL(request.url).searchParams));
    const delegations = await listDelegations(context.services.db, event.id);
    return { event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone }, queue, delegations };
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  return orHttpError(async () => {
    const event = await getStaffEvent(context.services.db, params.slug ?? "");
    const ids = form.getAll("registrationId").map(String);
    const decision = String(form.get("decision") ?? "");
    const reason = String(form.get("reason") ?? "");
    try {
      const results = await decide(context.services, actorOf(viewer), event, ids, {
        decision: decision as "approve" | "reject",
        reason: reason || undefined,
      });
      return {
        decision,
        done: results.filter((r) => r.ok).length,
        failures: results.flatMap((r) => (r.ok ? [] : [{ registrationId: r.registrationId, code: r.code, params: r.params }])),
        formError: null,
      };
    } catch (error) {
      if (!(error instanceof ZodError)) throw error;
      const reasonMissing = error.issues.some((issue) => issue.path[0] === "reason");
      const nothingSelected = error.issues.some((issue) => issue.path.length === 0 || typeof issue.path[0] === "number");
      return data(
        { decision, done: 0, failures: [], formError: reasonMissing ? "reasonRequired" : nothingSelected ? "nothingSelected" : "invalid" },
        { status: 400 },
      );
    }
  });
}

export default function AccreditationQueue() {
  const { event, queue, delegations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation("accreditation");
  const formRef = useRef<HTMLFormElement>(null);
  const eventName = event.names[i18n.language] ?? event.name;
  const filter = queue.filter;
  const nameOf = (id: string) => {
    const row = queue.rows.find((r) => r.id === id);
    return row ? `${row.user.givenName} ${row.user.familyName}` : id;
  };
  const toggleAll = (checked: boolean) => {
    formRef.current?.querySelectorAll<HTMLInputElement>('input[name="registrationId"]').forEach((box) => (box.checked = checked));
  };

  return (
    <section>
      <h1>{t("queue.title", { event: eventName })}</h1>
      <AdminNav slug={event.slug} />

      <Form method="get" className="filters" role="search" aria-label={t("queue.filters")}>
        <label>
          {t("queue.search")}
          <input type="search" name="q" defaultValue={filter.q ?? ""} />
        </label>
        <label>
          {t("queue.delegation")}
          <select name="delegationId" defaultValue={filter.delegationId ?? ""}>
            <option value="">{t("queue.any")}</option>
            {delegations.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("queue.category")}
          <select name="category" defaultValue={filter.category ?? ""}>
            <option value="">{t("queue.any")}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("queue.status")}
          <select name="status" defaultValue={filter.status ?? ""}>
            <option value="">{t("queue.any")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("queue.endorsement")}
          <select name="endorsement" defaultValue={filter.endorsement ?? ""}>
            <option value="">{t("queue.any")}</option>
            {ENDORSEMENTS.map((e) => (
              <option key={e} value={e}>
                {t(`endorsement.${e}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("queue.apply")}</button>
      </Form>

      {result && (
        <div
          className={`notice${result.formError || result.failures.length > 0 ? " notice-error" : ""}`}
          role={result.formError || result.failures.length > 0 ? "alert" : "status"}
        >
          {result.formError ? (
            <p>{t(`queue.errors.${result.formError}`)}</p>
          ) : (
            <p>{t(result.decision === "approve" ? "queue.approvedCount" : "queue.rejectedCount", { count: result.done })}</p>
          )}
          {result.failures.length > 0 && (
            <ul>
              {result.failures.map((f) => (
                <li key={f.registrationId}>
                  {nameOf(f.registrationId)}:{" "}
                  {f.code === "quota"
                    ? t("errors.quota", {
                        delegation: f.params.delegation,
                        category: t(`category.${f.params.category}`),
                        max: f.params.max,
                      })
                    : t(`errors.${f.code}`)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      <p className="muted">{t("queue.total", { count: queue.total })}</p>
      <Form method="post" ref={formRef}>
        <table className="data-table">
          <caption className="visually-hidden">{t("queue.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">
                <input type="checkbox" id="select-all" aria-label={t("queue.selectAll")} onChange={(e) => toggleAll(e.currentTarget.checked)} />
              </th>
              <th scope="col">{t("queue.name")}</th>
              <th scope="col">{t("queue.delegation")}</th>
              <th scope="col">{t("queue.category")}</th>
              <th scope="col">{t("queue.status")}</th>
              <th scope="col">{t("queue.endorsement")}</th>
              <th scope="col">{t("queue.submitted")}</th>
            </tr>
          </thead>
          <tbody>
            {queue.rows.length === 0 && (
              <tr>
                <td colSpan={7}>{t("queue.empty")}</td>
              </tr>
            )}
            {queue.rows.map((row) => {
              const name = `${row.user.givenName} ${row.user.familyName}`;
              return (
                <tr key={row.id}>
                  <td>
                    <input type="checkbox" name="registrationId" value={row.id} id={`select-${row.id}`} aria-label={t("queue.select", { name })} />
                  </td>
                  <td>
                    <Link to={row.id} dir="auto">
                      {name}
                    </Link>
                    {row.statusReason && <div className="muted">{row.statusReason}</div>}
                  </td>
                  <td>{row.delegation?.name ?? t("queue.noDelegation")}</td>
                  <td>{t(`category.${row.category}`)}</td>
                  <td>{t(`status.${row.status}`)}</td>
                  <td>{t(`endorsement.${row.endorsement}`)}</td>
                  <td>{formatInstant(row.submittedAt, event.timeZone, i18n.language)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <fieldset className="bulk-actions">
          <legend>{t("queue.bulkLegend")}</legend>
          <button type="submit" name="decision" value="approve" disabled={navigation.state === "submitting"}>
            {t("queue.approveSelected")}
          </button>
          <label>
            {t("queue.reason")}
            <textarea name="reason" rows={2} maxLength={1000} aria-describedby="reason-hint" />
          </label>
          <p id="reason-hint" className="muted">
            {t("queue.reasonHint")}
          </p>
          <button type="submit" name="decision" value="reject" disabled={navigation.state === "submitting"}>
            {t("queue.rejectSelected")}
          </button>
        </fieldset>
      </Form>
      <Pager page={queue.page} pageCount={queue.pageCount} label={t("queue.pages")} />
    </section>
  );
}
