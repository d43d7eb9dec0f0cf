import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ZodError } from "zod";
import { orHttpError } from "~/lib/http.server";
import { getStaffEvent } from "~/modules/accreditation/accreditation.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { AdminNav, formatInstant } from "~/modules/settings/admin-ui";
import { CATEGORIES } from "~/modules/accreditation/constants";
import {
  SettingsError,
  createDelegationSetting,
  createInvitationCode,
  disableInvitationCode,
  listDelegationSettings,
  rotateInvitationCode,
  setQuotas,
} from "~/modules/settings/settings.server";
import adminStyles from "~/styles/admin.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];
export const meta: MetaFunction = () => [{ title: "Plenary" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const event = await getStaffEvent(context.services.db, params.slug ?? "");
    const delegations = await listDelegationSettings(context.services.db, actorOf(viewer), event);
    return { event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone }, delegations };
  });
}

type Outcome = { intent: string; ok: boolean; error: string | null; target: string | null };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const target = String(form.get("delegationId") ?? form.get("codeId") ?? "") || null;
  return orHttpError(async () => {
    const event = await getStaffEvent(context.services.db, params.slug ?? "");
    const actor = actorOf(viewer);
    const db = context.services.db;
    try {
      switch (intent) {
        case "createDelegation":
          await createDelegationSetting(db, actor, event, { name: String(form.get("name") ?? ""), countryCode: String(form.get("countryCode") ?? "") });
          break;
        case "setQuotas":
          await setQuotas(db, actor, event, String(form.get("delegationId") ?? ""), Object.fromEntries(CATEGORIES.map((c) => [c, String(form.get(`quota_${c}`) ?? "")])));
          break;
        case "createCode":
          await createInvitationCode(db, actor, event, String(form.get("delegationId") ?? ""));
          break;
        case "rotateCode":
          await rotateInvitationCode(db, actor, event, String(form.get("codeId") ?? ""));
          break;
        case "disableCode":
          await disableInvitationCode(db, actor, event, String(form.get("codeId") ?? ""));
          break;
        default:
          return data<Outcome>({ intent, ok: false, error: "invalid", target }, { status: 400 });
      }
      return { intent, ok: true, error: null, target } satisfies Outcome;
    } catch (error) {
      if (error instanceof ZodError) {
        const field = String(error.issues[0]?.path[0] ?? "");
        const code = intent === "setQuotas" ? "quota" : field === "countryCode" ? "countryCode" : field === "name" ? "name" : "invalid";
        return data<Outcome>({ intent, ok: false, error: code, target }, { status: 400 });
      }
      if (error instanceof SettingsError) return data<Outcome>({ intent, ok: false, error: error.code, target }, { status: 409 });
      throw error;
    }
  });
}

export default function DelegationSettings() {
  const { event, delegations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Outcome | undefined;
  const { t, i18n } = useTranslation("settings");
  const { t: ta } = useTranslation("accreditation");
  const eventName = event.names[i18n.language] ?? event.name;
  return (
    <section>
      <h1>{t("delegations.title", { event: eventName })}</h1>
      <AdminNav slug={event.slug} />
      {result && (
        <p className={`notice${result.ok ? "" : " notice-error"}`} role={result.ok ? "status" : "alert"}>
          {result.ok ? t(`delegations.done.${result.intent}`, { defaultValue: t("event.saved") }) : t(`errors.${result.error}`)}
        </p>
      )}

      <h2>{t("delegations.add")}</h2>
      <Form method="post" className="filters">
        <input type="hidden" name="intent" value="createDelegation" />
        <label>
          {t("delegations.name")}
          <input name="name" required maxLength={200} />
        </label>
        <label>
          {t("delegations.countryCode")}
          <input name="countryCode" maxLength={2} size={3} autoCapitalize="characters" aria-describedby="country-hint" />
        </label>
        <span className="muted" id="country-hint">
          {t("delegations.countryHint")}
        </span>
        <button type="submit">{t("delegations.create")}</button>
      </Form>

      <h2>{t("delegations.list", { count: delegations.length })}</h2>
      {delegations.map((d) => (
        <article key={d.id} className="delegation-card" aria-labelledby={`delegation-${d.id}`}>
          <h3 id={`delegation-${d.id}`}>
            {d.name} {d.countryCode && <span className="muted">({d.countryCode})</span>}
          </h3>
          <Form method="post">
            <input type="hidden" name="intent" value="setQuotas" />
            <input type="hidden" name="delegationId" value={d.id} />
            <fieldset>
              <legend>{t("delegations.quotas")}</legend>
              <div className="quota-grid">
                {d.quotas.map((q) => (
                  <label key={q.category}>
                    {ta(`category.${q.category}`)}
                    <input type="number" min={0} step={1} name={`quota_${q.category}`} defaultValue={q.max ?? ""} placeholder={t("delegations.noLimit")} />
                    <span className="muted">{t("delegations.approved", { count: q.approved })}</span>
                  </label>
                ))}
              </div>
              <button type="submit">{t("delegations.saveQuotas", { delegation: d.name })}</button>
            </fieldset>
          </Form>

          <table className="data-table">
            <caption>{t("delegations.codes")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("delegations.code")}</th>
                <th scope="col">{t("delegations.state")}</th>
                <th scope="col">{t("delegations.created")}</th>
                <th scope="col">{t("delegations.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {d.invitationCodes.map((code) => (
                <tr key={code.id}>
                  <td className="code">{code.code}</td>
                  <td>{code.active ? t("delegations.active") : t("delegations.disabled")}</td>
                  <td>{formatInstant(code.createdAt, event.timeZone, i18n.language)}</td>
                  <td>
                    {code.active && (
                      <>
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="rotateCode" />
                          <input type="hidden" name="codeId" value={code.id} />
                          <button type="submit">{t("delegations.rotate")}</button>
                        </Form>{" "}
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="disableCode" />
                          <input type="hidden" name="codeId" value={code.id} />
                          <button type="submit">{t("delegations.disable")}</button>
                        </Form>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Form method="post">
            <input type="hidden" name="intent" value="createCode" />
            <input type="hidden" name="delegationId" value={d.id} />
            <button type="submit">{t("delegations.newCode", { delegation: d.name })}</button>
          </Form>
        </article>
      ))}
    </section>
  );
}
