import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ZodError } from "zod";
import { SUPPORTED_LANGUAGES } from "~/i18n/config";
import { orHttpError } from "~/lib/http.server";
import { getStaffEvent } from "~/modules/accreditation/accreditation.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { AdminNav } from "~/modules/settings/admin-ui";
import { getEventSettings, toLocalDateTime, updateEventSettings } from "~/modules/settings/settings.server";
import adminStyles from "~/styles/admin.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];
export const meta: MetaFunction = () => [{ title: "Plenary" }];


function noticeLanguages(eventLanguages: string[]): string[] {
  return [...new Set([...eventLanguages, ...SUPPORTED_LANGUAGES])];
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const event = await getStaffEvent(context.services.db, params.slug ?? "");
    const settings = await getEventSettings(context.services.db, actorOf(viewer), event);
    return {
      event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone },
      languages: noticeLanguages(event.languages),
      values: {
        registrationClosesAt: toLocalDateTime(settings.registrationClosesAt, event.timeZone),
        signupOpensAt: toLocalDateTime(settings.signupOpensAt, event.timeZone),
        signupClosesAt: toLocalDateTime(settings.signupClosesAt, event.timeZone),
        waitlistMode: settings.waitlistMode,
        waitlistOfferMinutes: String(settings.waitlistOfferMinutes),
        delegationCapDefault: settings.delegationCapDefault === null ? "" : String(settings.delegationCapDefault),
        changeoverBufferMinutes: String(settings.changeoverBufferMinutes),
      },
      notices: settings.dataProtectionNotice,
    };
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  return orHttpError(async () => {
    const event = await getStaffEvent(context.services.db, params.slug ?? "");
    const text = (name: string) => String(form.get(name) ?? "");
    const notice = Object.fromEntries(noticeLanguages(event.languages).map((language) => [language, text(`notice_${language}`)]));
    try {
      await updateEventSettings(context.services.db, actorOf(viewer), event, {
        registrationClosesAt: text("registrationClosesAt"),
        signupOpensAt: text("signupOpensAt"),
        signupClosesAt: text("signupClosesAt"),
        waitlistMode: text("waitlistMode") as "IMMEDIATE",
        waitlistOfferMinutes: text("waitlistOfferMinutes"),
        delegationCapDefault: text("delegationCapDefault"),
        changeoverBufferMinutes: text("changeoverBufferMinutes"),
        dataProtectionNotice: notice,
      });
      return { saved: true, invalid: [] as string[] };
    } catch (error) {
      if (!(error instanceof ZodError)) throw error;
      const invalid = [...new Set(error.issues.map((issue) => String(issue.path[0] ?? "")))];
      return data({ saved: false, invalid }, { status: 400 });
    }
  });
}

export default function EventSettings() {
  const { event, languages, values, notices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("settings");
  const invalid = new Set(result?.invalid ?? []);
  const eventName = event.names[i18n.language] ?? event.name;
  const errorFor = (field: string) =>
    invalid.has(field) ? (
      <p className="field-error" id={`${field}-error`}>
        {t(`errors.${field}`)}
      </p>
    ) : null;
  const described = (field: string) => (invalid.has(field) ? { "aria-invalid": true as const, "aria-describedby": `${field}-error` } : {});

  return (
    <section>
      <h1>{t("event.title", { event: eventName })}</h1>
      <AdminNav slug={event.slug} />
      {result?.saved && (
        <p className="notice" role="status">
          {t("event.saved")}
        </p>
      )}
      {result && !result.saved && (
        <p className="notice notice-error" role="alert">
          {t("event.invalid")}
        </p>
      )}
      <p className="muted">{t("event.zoneHint", { zone: event.timeZone })}</p>
      <Form method="post" className="settings-form">
        <label>
          {t("event.registrationClosesAt")}
          <input type="datetime-local" name="registrationClosesAt" defaultValue={values.registrationClosesAt} {...described("registrationClosesAt")} />
        </label>
        {errorFor("registrationClosesAt")}
        <label>
          {t("event.signupOpensAt")}
          <input type="datetime-local" name="signupOpensAt" defaultValue={values.signupOpensAt} {...described("signupOpensAt")} />
        </label>
        {errorFor("signupOpensAt")}
        <label>
          {t("event.signupClosesAt")}
          <input type="datetime-local" name="signupClosesAt" defaultValue={values.signupClosesAt} {...described("signupClosesAt")} />
        </label>
        {errorFor("signupClosesAt")}
        <label>
          {t("event.waitlistMode")}
          <select name="waitlistMode" defaultValue={values.waitlistMode} {...described("waitlistMode")}>
            <option value="IMMEDIATE">{t("event.waitlist.IMMEDIATE")}</option>
            <option value="TIMED_OFFER">{t("event.waitlist.TIMED_OFFER")}</option>
          </select>
        </label>
        {errorFor("waitlistMode")}
        <label>
          {t("event.waitlistOfferMinutes")}
          <input type="number" name="waitlistOfferMinutes" min={5} step={1} required defaultValue={values.waitlistOfferMinutes} {...described("waitlistOfferMinutes")} />
        </label>
        {errorFor("waitlistOfferMinutes")}
        <label>
          {t("event.delegationCapDefault")}
          <input type="number" name="delegationCapDefault" min={0} step={1} defaultValue={values.delegationCapDefault} aria-describedby="cap-hint" {...described("delegationCapDefault")} />
        </label>
        <p className="muted" id="cap-hint">
          {t("event.delegationCapHint")}
        </p>
        {errorFor("delegationCapDefault")}
        <label>
          {t("event.changeoverBufferMinutes")}
          <input type="number" name="changeoverBufferMinutes" min={0} step={1} required defaultValue={values.changeoverBufferMinutes} {...described("changeoverBufferMinutes")} />
        </label>
        {errorFor("changeoverBufferMinutes")}
        <fieldset>
          <legend>{t("event.dataProtectionNotice")}</legend>
          {languages.map((language) => (
            <label key={language}>
              {t("event.noticeIn", { language })}
              <textarea name={`notice_${language}`} lang={language} dir="auto" rows={5} maxLength={20_000} defaultValue={notices[language] ?? ""} />
            </label>
          ))}
        </fieldset>
        {errorFor("dataProtectionNotice")}
        <button type="submit">{t("event.save")}</button>
      </Form>
    </section>
  );
}

