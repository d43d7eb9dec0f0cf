// Small pieces shared by the registration and account pages.
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PASSWORD_MAX, PASSWORD_MIN, type FieldErrors } from "./schemas";

/** The messages of one field, linked to its input by id `${name}-error`. */
export function FieldError({ name, errors }: { name: string; errors?: FieldErrors | null }) {
  const { t } = useTranslation("registration");
  const messages = errors?.[name];
  if (!messages?.length) return null;
  return (
    <p className="field-error" id={`${name}-error`} role="alert">
      {messages.map((m) => t(m)).join(" ")}
    </p>
  );
}

/** Props that tie an input to its error message for assistive technology. */
export function describedBy(name: string, errors?: FieldErrors | null) {
  return errors?.[name]?.length ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {};
}

export function PasswordFields({ errors }: { errors?: FieldErrors | null }) {
  const { t } = useTranslation("registration");
  return (
    <>
      <label htmlFor="password">{t("password.password")}</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN}
        maxLength={PASSWORD_MAX}
        aria-describedby="password-hint"
        {...describedBy("password", errors)}
      />
      <p className="muted" id="password-hint">
        {t("password.hint")}
      </p>
      <FieldError name="password" errors={errors} />
      <label htmlFor="confirmPassword">{t("password.confirmPassword")}</label>
      <input
        id="confirmPassword"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN}
        maxLength={PASSWORD_MAX}
        {...describedBy("confirmPassword", errors)}
      />
      <FieldError name="confirmPassword" errors={errors} />
    </>
  );
}

export function ExpiredLink({ requestNewHref = "/forgot-password" }: { requestNewHref?: string }) {
  const { t } = useTranslation("registration");
  return (
    <section className="narrow">
      <h1>{t("password.expiredTitle")}</h1>
      <p>{t("password.expiredBody")}</p>
      <p>
        <Link to={requestNewHref}>{t("password.requestNew")}</Link> · <Link to="/login">{t("password.signIn")}</Link>
      </p>
    </section>
  );
}

/** The set-a-password page behind /verify-email and /reset-password. */
export function SetPasswordPage({
  title,
  greetingName,
  eventName,
  notice,
  errors,
  submitting,
}: {
  title: string;
  greetingName: string;
  eventName?: string | null;
  notice?: string;
  errors?: FieldErrors | null;
  submitting: boolean;
}) {
  const { t } = useTranslation("registration");
  return (
    <section className="narrow">
      <h1>{title}</h1>
      <p>{t("password.greeting", { name: greetingName })}</p>
      {eventName && <p className="muted">{t("password.event", { event: eventName })}</p>}
      <p>{notice ?? t("password.choose")}</p>
      <Form method="post" className="stack">
        <PasswordFields errors={errors} />
        <button type="submit" disabled={submitting}>
          {t("password.submit")}
        </button>
      </Form>
    </section>
  );
}
