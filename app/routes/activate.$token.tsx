import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { detectLanguage } from "~/i18n/i18n.server";
import { serializeSessionCookie } from "~/modules/auth/session.server";
import { eventName, localizedText } from "~/modules/registration/registration.server";
import { SPOKEN_LANGUAGE_CHOICES, activationSchema, fieldErrorsOf, formDataToObject, type FieldErrors } from "~/modules/registration/schemas";
import { inspectAccountToken, redeemAccountToken } from "~/modules/registration/tokens.server";
import { ExpiredLink, FieldError, PasswordFields, describedBy } from "~/modules/registration/ui";

export const meta: MetaFunction = () => [{ title: "Plenary" }, { name: "referrer", content: "no-referrer" }];

const KINDS = ["ACTIVATION"] as const;
const asMap = (value: unknown) => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, string>) : {});

/** For people registered by their head of delegation or an organiser: password, profile, consent. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const view = await inspectAccountToken(context.services.db, params.token ?? "", KINDS);
  if (!view) return data({ expired: true as const }, { status: 410 });
  const language = detectLanguage(request, context.viewer?.user.preferredLanguage);
  return {
    expired: false as const,
    name: `${view.givenName} ${view.familyName}`,
    event: view.event ? eventName({ name: view.event.name, names: asMap(view.event.names) }, language) : null,
    notice: view.event ? localizedText(asMap(view.event.dataProtectionNotice), language) : null,
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const form = activationSchema.safeParse(formDataToObject(await request.formData()));
  if (!form.success) return data({ expired: false, fieldErrors: fieldErrorsOf(form.error) as FieldErrors }, { status: 400 });
  const { password, languagesSpoken, accessibilityNeeds, dietaryNeeds, consent } = form.data;
  const result = await redeemAccountToken(context.services, {
    token: params.token ?? "",
    kinds: KINDS,
    password,
    profile: { languagesSpoken, accessibilityNeeds, dietaryNeeds, consent },
    ipAddress: context.request.ipAddress,
    userAgent: context.request.userAgent,
  });
  if (!result.ok) return data({ expired: true, fieldErrors: null }, { status: 410 });
  const cookie = serializeSessionCookie(result.sessionToken, { secure: context.services.config.secureCookies, expiresAt: result.sessionExpiresAt });
  return redirect(result.eventSlug ? `/events/${encodeURIComponent(result.eventSlug)}` : "/", { status: 303, headers: { "Set-Cookie": cookie } });
}

export default function Activate() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("registration");
  if (page.expired || actionData?.expired) return <ExpiredLink />;
  const errors = actionData?.fieldErrors;
  return (
    <section className="narrow">
      <h1>{t("password.activateTitle")}</h1>
      <p>{t("password.greeting", { name: page.name })}</p>
      {page.event && <p className="muted">{t("password.event", { event: page.event })}</p>}
      <p>{t("password.choose")}</p>
      <Form method="post" className="stack">
        <PasswordFields errors={errors} />
        <fieldset>
          <legend>{t("register.fields.languagesSpoken")}</legend>
          {SPOKEN_LANGUAGE_CHOICES.map((code) => (
            <label key={code}>
              <input type="checkbox" name="languagesSpoken" value={code} /> {t(`languages.${code}`)}
            </label>
          ))}
        </fieldset>
        <FieldError name="languagesSpoken" errors={errors} />
        <label htmlFor="accessibilityNeeds">{t("register.fields.accessibilityNeeds")}</label>
        <textarea id="accessibilityNeeds" name="accessibilityNeeds" maxLength={1000} rows={2} {...describedBy("accessibilityNeeds", errors)} />
        <FieldError name="accessibilityNeeds" errors={errors} />
        <label htmlFor="dietaryNeeds">{t("register.fields.dietaryNeeds")}</label>
        <textarea id="dietaryNeeds" name="dietaryNeeds" maxLength={1000} rows={2} {...describedBy("dietaryNeeds", errors)} />
        <FieldError name="dietaryNeeds" errors={errors} />
        <h2>{t("register.noticeTitle")}</h2>
        <div className="data-protection-notice">{page.notice ?? t("register.noticeMissing")}</div>
        <label>
          <input type="checkbox" name="consent" value="on" required {...describedBy("consent", errors)} /> {t("register.fields.consent")}
        </label>
        <FieldError name="consent" errors={errors} />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("password.submit")}
        </button>
      </Form>
    </section>
  );
}
