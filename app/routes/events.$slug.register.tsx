import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { detectLanguage } from "~/i18n/i18n.server";
import { orHttpError } from "~/lib/http.server";
import { actorOf } from "~/modules/auth/viewer.server";
import {
  eventName,
  getRegistrationEvent,
  isRegistrationClosed,
  localizedText,
  registerSelf,
} from "~/modules/registration/registration.server";
import { PREFERRED_LANGUAGES, SELF_CATEGORIES, SPOKEN_LANGUAGE_CHOICES, formDataToObject, type FieldErrors } from "~/modules/registration/schemas";
import { FieldError, describedBy } from "~/modules/registration/ui";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.event.name} · Plenary` : "Plenary" }];

/** Passes the action's Retry-After (rate limit) on to the document response. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  return orHttpError(async () => {
    const event = await getRegistrationEvent(context.services.db, params.slug ?? "");
    const language = detectLanguage(request, context.viewer?.user.preferredLanguage);
    const sent = new URL(request.url).searchParams.get("sent") === "1";
    return {
      event: { slug: event.slug, name: eventName(event, language) },
      notice: localizedText(event.dataProtectionNotice, language, event.languages),
      closed: isRegistrationClosed(event),
      sent,
      invitationCode: new URL(request.url).searchParams.get("code")?.slice(0, 32) ?? "",
    };
  });
}

type ActionData = { error: "invalid" | "invalidCode" | "closed" | "quotaFull" | "tooMany"; fieldErrors?: FieldErrors; values?: Record<string, string | string[]> };

export async function action({ params, request, context }: ActionFunctionArgs) {
  return orHttpError(async () => {
    const event = await getRegistrationEvent(context.services.db, params.slug ?? "");
    const input = formDataToObject(await request.formData());
    const result = await registerSelf(context.services, actorOf(context.viewer), event, input, { ipAddress: context.request.ipAddress });
    // Never echo the sensitive document number back into the page.
    const { identityDocumentNumber: _id, website: _hp, ...values } = input;
    switch (result.status) {
      case "accepted":
        return redirect(`/events/${encodeURIComponent(event.slug)}/register?sent=1`, 303);
      case "rateLimited":
        return data<ActionData>({ error: "tooMany", values }, { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } });
      case "invalid":
        return data<ActionData>({ error: "invalid", fieldErrors: result.fieldErrors, values }, { status: 400 });
      case "closed":
        return data<ActionData>({ error: "closed" }, { status: 403 });
      case "quotaFull":
        return data<ActionData>({ error: "quotaFull", values }, { status: 409 });
      case "invalidCode":
        return data<ActionData>({ error: "invalidCode", fieldErrors: { invitationCode: ["register.invalidCode"] }, values }, { status: 400 });
    }
  });
}

const ERROR_MESSAGE: Record<ActionData["error"], string> = {
  invalid: "register.fixErrors",
  invalidCode: "register.invalidCode",
  closed: "register.closed",
  quotaFull: "register.quotaFull",
  tooMany: "register.tooMany",
};

export default function Register() {
  const { event, notice, closed, sent, invitationCode } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation("registration");

  if (sent) {
    return (
      <section className="narrow">
        <h1>{t("register.sent.title")}</h1>
        <p role="status">{t("register.sent.body")}</p>
      </section>
    );
  }
  if (closed || actionData?.error === "closed") {
    return (
      <section className="narrow">
        <h1>{t("register.title", { event: event.name })}</h1>
        <p className="form-error" role="alert">
          {t("register.closed")}
        </p>
      </section>
    );
  }

  const errors = actionData?.fieldErrors;
  const values = actionData?.values ?? {};
  const value = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const spoken = new Set([values.languagesSpoken ?? []].flat());

  return (
    <section className="narrow">
      <h1>{t("register.title", { event: event.name })}</h1>
      <p className="lede">{t("register.intro")}</p>
      {actionData?.error && (
        <p className="form-error" role="alert" id="register-error">
          {t(ERROR_MESSAGE[actionData.error])}
        </p>
      )}
      <Form method="post" className="stack" aria-describedby={actionData?.error ? "register-error" : undefined}>
        <div hidden>
          <label htmlFor="website">{t("register.honeypot")}</label>
          <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
        </div>

        <label htmlFor="invitationCode">{t("register.fields.invitationCode")}</label>
        <input id="invitationCode" name="invitationCode" required maxLength={32} autoCapitalize="characters" defaultValue={value("invitationCode") ?? invitationCode} {...describedBy("invitationCode", errors)} />
        <FieldError name="invitationCode" errors={errors} />

        <label htmlFor="givenName">{t("register.fields.givenName")}</label>
        <input id="givenName" name="givenName" required maxLength={100} autoComplete="given-name" defaultValue={value("givenName")} {...describedBy("givenName", errors)} />
        <FieldError name="givenName" errors={errors} />

        <label htmlFor="familyName">{t("register.fields.familyName")}</label>
        <input id="familyName" name="familyName" required maxLength={100} autoComplete="family-name" defaultValue={value("familyName")} {...describedBy("familyName", errors)} />
        <FieldError name="familyName" errors={errors} />

        <label htmlFor="title">{t("register.fields.title")}</label>
        <input id="title" name="title" maxLength={120} autoComplete="honorific-prefix" defaultValue={value("title")} {...describedBy("title", errors)} />
        <FieldError name="title" errors={errors} />

        <label htmlFor="organisation">{t("register.fields.organisation")}</label>
        <input id="organisation" name="organisation" maxLength={200} autoComplete="organization" defaultValue={value("organisation")} {...describedBy("organisation", errors)} />
        <FieldError name="organisation" errors={errors} />

        <label htmlFor="category">{t("register.fields.category")}</label>
        <select id="category" name="category" required defaultValue={value("category") ?? "DELEGATE"} {...describedBy("category", errors)}>
          {SELF_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`categories.${c}`)}
            </option>
          ))}
        </select>
        <FieldError name="category" errors={errors} />

        <label htmlFor="email">{t("register.fields.email")}</label>
        <input id="email" name="email" type="email" required maxLength={254} autoComplete="email" defaultValue={value("email")} {...describedBy("email", errors)} />
        <FieldError name="email" errors={errors} />

        <label htmlFor="preferredLanguage">{t("register.fields.preferredLanguage")}</label>
        <select id="preferredLanguage" name="preferredLanguage" defaultValue={value("preferredLanguage") ?? "en"} {...describedBy("preferredLanguage", errors)}>
          {PREFERRED_LANGUAGES.map((code) => (
            <option key={code} value={code} lang={code}>
              {t(`languages.${code}`)}
            </option>
          ))}
        </select>
        <FieldError name="preferredLanguage" errors={errors} />

        <fieldset {...describedBy("languagesSpoken", errors)}>
          <legend>{t("register.fields.languagesSpoken")}</legend>
          {SPOKEN_LANGUAGE_CHOICES.map((code) => (
            <label key={code}>
              <input type="checkbox" name="languagesSpoken" value={code} defaultChecked={spoken.has(code)} /> {t(`languages.${code}`)}
            </label>
          ))}
        </fieldset>
        <FieldError name="languagesSpoken" errors={errors} />

        <label htmlFor="accessibilityNeeds">{t("register.fields.accessibilityNeeds")}</label>
        <textarea id="accessibilityNeeds" name="accessibilityNeeds" maxLength={1000} rows={2} defaultValue={value("accessibilityNeeds")} {...describedBy("accessibilityNeeds", errors)} />
        <FieldError name="accessibilityNeeds" errors={errors} />

        <label htmlFor="dietaryNeeds">{t("register.fields.dietaryNeeds")}</label>
        <textarea id="dietaryNeeds" name="dietaryNeeds" maxLength={1000} rows={2} defaultValue={value("dietaryNeeds")} {...describedBy("dietaryNeeds", errors)} />
        <FieldError name="dietaryNeeds" errors={errors} />

        <label htmlFor="identityDocumentNumber">{t("register.fields.identityDocumentNumber")}</label>
        <input id="identityDocumentNumber" name="identityDocumentNumber" maxLength={64} autoComplete="off" aria-describedby="identityDocumentNumber-hint" {...describedBy("identityDocumentNumber", errors)} />
        <p className="muted" id="identityDocumentNumber-hint">
          {t("register.fields.identityDocumentHint")}
        </p>
        <FieldError name="identityDocumentNumber" errors={errors} />

        <h2>{t("register.noticeTitle")}</h2>
        <div className="data-protection-notice">{notice ?? t("register.noticeMissing")}</div>
        <label>
          <input type="checkbox" name="consent" value="on" required {...describedBy("consent", errors)} /> {t("register.fields.consent")}
        </label>
        <FieldError name="consent" errors={errors} />

        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("register.submit")}
        </button>
      </Form>
    </section>
  );
}
