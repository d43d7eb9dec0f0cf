import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  accountFormSchema,
  changePassword,
  fieldErrors,
  listUserSessions,
  retryAfterHeaders,
  revokeOwnSession,
  updateProfile,
  type FieldErrors,
} from "~/modules/auth/account.server";
import { clearSessionCookie } from "~/modules/auth/session.server";
import { requireViewer } from "~/modules/auth/viewer.server";

/** The same list as the profile schema (account.server.ts), kept here because this part runs in the browser. */
const LANGUAGE_CHOICES = ["en", "fr", "es", "ar"] as const;

export const meta: MetaFunction = () => [{ title: "Plenary" }];

export const headers: HeadersFunction = retryAfterHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  const user = await context.services.db.user.findUniqueOrThrow({
    where: { id: viewer.user.id },
    select: { email: true, givenName: true, familyName: true, preferredLanguage: true, passwordChangedAt: true, isDemo: true },
  });
  return {
    user: { ...user, passwordChangedAt: user.passwordChangedAt?.toISOString() ?? null },
    hasTotp: viewer.user.hasTotp,
    sessions: await listUserSessions(context.services.db, viewer.user.id, viewer.session.id),
  };
}

type Intent = "profile" | "password" | "revoke";
type ActionResult = { intent: Intent | null; errors?: FieldErrors; done?: "profileSaved" | "passwordChanged" | "sessionRevoked"; endedSessions?: number; retryAfterSeconds?: number };

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const raw = Object.fromEntries(await request.formData());
  const intent = (["profile", "password", "revoke"] as const).find((i) => i === raw.intent) ?? null;
  const form = accountFormSchema.safeParse(raw);
  if (!form.success) return data<ActionResult>({ intent, errors: fieldErrors(form.error) }, { status: 400 });
  const input = form.data;
  const { services } = context;

  if (input.intent === "profile") {
    await updateProfile(services.db, viewer.user.id, input);
    return data<ActionResult>({ intent, done: "profileSaved" });
  }

  if (input.intent === "password") {
    const result = await changePassword(services, viewer, input, context.request.ipAddress);
    if (!result.ok) {
      if ("rateLimited" in result) {
        const retryAfterSeconds = Number(result.rateLimited.headers.get("Retry-After"));
        return data<ActionResult>({ intent, retryAfterSeconds }, { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } });
      }
      return data<ActionResult>({ intent, errors: { currentPassword: "errors.currentPassword" } }, { status: 400 });
    }
    return data<ActionResult>({ intent, done: "passwordChanged", endedSessions: result.endedSessions.length });
  }

  const revoked = await revokeOwnSession(services, viewer, input.sessionId);
  if (!revoked) return data<ActionResult>({ intent, errors: { sessionId: "errors.notYourSession" } }, { status: 403 });
  if (input.sessionId === viewer.session.id) {
    throw redirect("/login", { headers: { "Set-Cookie": clearSessionCookie(services.config.secureCookies) } });
  }
  return data<ActionResult>({ intent, done: "sessionRevoked" });
}

function useDateTime() {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  return (iso: string) => `${format.format(new Date(iso))} UTC`;
}

function FieldError({ id, message }: { id: string; message?: string }) {
  const { t } = useTranslation("account");
  return message ? (
    <p className="field-error" id={id}>
      {t(message)}
    </p>
  ) : null;
}

export default function Account() {
  const { user, hasTotp, sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useTranslation("account");
  const formatDateTime = useDateTime();
  const errorsFor = (intent: Intent) => (actionData?.intent === intent ? (actionData.errors ?? {}) : {});
  const profileErrors = errorsFor("profile");
  const passwordErrors = errorsFor("password");
  const revokeErrors = errorsFor("revoke");
  return (
    <section className="stack">
      <h1>{t("title")}</h1>

      <h2>{t("profile.title")}</h2>
      {actionData?.done === "profileSaved" && <p role="status">{t("profile.saved")}</p>}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="profile" />
        <p>
          {t("profile.email")}: <strong>{user.email}</strong>
        </p>
        <label htmlFor="givenName">{t("profile.givenName")}</label>
        <input id="givenName" name="givenName" defaultValue={user.givenName} maxLength={100} required aria-invalid={Boolean(profileErrors.givenName)} aria-describedby="givenName-error" />
        <FieldError id="givenName-error" message={profileErrors.givenName} />
        <label htmlFor="familyName">{t("profile.familyName")}</label>
        <input id="familyName" name="familyName" defaultValue={user.familyName} maxLength={100} required aria-invalid={Boolean(profileErrors.familyName)} aria-describedby="familyName-error" />
        <FieldError id="familyName-error" message={profileErrors.familyName} />
        <label htmlFor="preferredLanguage">{t("profile.language")}</label>
        <select id="preferredLanguage" name="preferredLanguage" defaultValue={user.preferredLanguage}>
          {LANGUAGE_CHOICES.map((code) => (
            <option key={code} value={code} lang={code}>
              {t(`languages.${code}`)}
            </option>
          ))}
        </select>
        <FieldError id="preferredLanguage-error" message={profileErrors.preferredLanguage} />
        <button type="submit">{t("profile.save")}</button>
      </Form>

      <h2>{t("password.title")}</h2>
      {actionData?.done === "passwordChanged" && <p role="status">{t("password.changed", { count: actionData.endedSessions ?? 0 })}</p>}
      {actionData?.intent === "password" && actionData.retryAfterSeconds ? (
        <p className="form-error" role="alert">
          {t("errors.rateLimited", { seconds: actionData.retryAfterSeconds })}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="password" />
        <label htmlFor="currentPassword">{t("password.current")}</label>
        <input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required aria-invalid={Boolean(passwordErrors.currentPassword)} aria-describedby="currentPassword-error" />
        <FieldError id="currentPassword-error" message={passwordErrors.currentPassword} />
        <label htmlFor="newPassword">{t("password.new")}</label>
        <input id="newPassword" name="newPassword" type="password" autoComplete="new-password" minLength={12} maxLength={128} required aria-invalid={Boolean(passwordErrors.newPassword)} aria-describedby="newPassword-hint newPassword-error" />
        <p id="newPassword-hint" className="hint">
          {t("password.hint")}
        </p>
        <FieldError id="newPassword-error" message={passwordErrors.newPassword} />
        <label htmlFor="confirmPassword">{t("password.confirm")}</label>
        <input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" required aria-invalid={Boolean(passwordErrors.confirmPassword)} aria-describedby="confirmPassword-error" />
        <FieldError id="confirmPassword-error" message={passwordErrors.confirmPassword} />
        <button type="submit">{t("password.submit")}</button>
      </Form>

      <h2>{t("twoFactor.title")}</h2>
      <p>
        {t(hasTotp ? "twoFactor.on" : "twoFactor.off")} <Link to="/account/2fa">{t("twoFactor.manage")}</Link>
      </p>

      <h2>{t("sessions.title")}</h2>
      {actionData?.done === "sessionRevoked" && <p role="status">{t("sessions.revoked")}</p>}
      <FieldError id="sessions-error" message={revokeErrors.sessionId} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t("sessions.device")}</th>
            <th scope="col">{t("sessions.lastSeen")}</th>
            <th scope="col">{t("sessions.created")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("sessions.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => (
            <tr key={session.id} data-session-id={session.id}>
              <td>
                {session.device ?? t("sessions.unknownDevice")}
                {session.ipAddress && ` (${session.ipAddress})`}
                {session.current && <strong> — {t("sessions.thisDevice")}</strong>}
              </td>
              <td>{formatDateTime(session.lastSeenAt)}</td>
              <td>{formatDateTime(session.createdAt)}</td>
              <td>
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="sessionId" value={session.id} />
                  <button type="submit">{t(session.current ? "sessions.signOutHere" : "sessions.revoke")}</button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
