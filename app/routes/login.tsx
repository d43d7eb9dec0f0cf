import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { safeRedirectPath } from "~/lib/safe-redirect";
import { retryAfterHeaders } from "~/modules/auth/account.server";
import { login, loginSchema, type NextStep } from "~/modules/auth/login.server";
import { serializeSessionCookie } from "~/modules/auth/session.server";

export const meta: MetaFunction = () => [{ title: "Plenary" }];

export const headers: HeadersFunction = retryAfterHeaders;

function afterPassword(next: NextStep, redirectTo: string): string {
  if (next === "verify") return `/login/2fa?redirectTo=${encodeURIComponent(redirectTo)}`;
  if (next === "setup") return "/account/2fa";
  return redirectTo;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  if (context.viewer) throw redirect(redirectTo);
  if (context.pendingViewer) throw redirect(afterPassword(context.pendingViewer.step, redirectTo));
  return { redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = loginSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) {
    return data({ error: "invalid" as const, email: "", retryAfterSeconds: 0 }, { status: 400 });
  }
  const result = await login(context.services, {
    email: form.data.email,
    password: form.data.password,
    ipAddress: context.request.ipAddress,
    userAgent: context.request.userAgent,
  });
  if (!result.ok) {
    if ("retryAfterSeconds" in result) {
      return data(
        { error: "rateLimited" as const, email: form.data.email, retryAfterSeconds: result.retryAfterSeconds },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    }
    return data({ error: "credentials" as const, email: form.data.email, retryAfterSeconds: 0 }, { status: 400 });
  }
  return redirect(afterPassword(result.next, safeRedirectPath(form.data.redirectTo)), {
    headers: { "Set-Cookie": serializeSessionCookie(result.token, { secure: context.services.config.secureCookies, expiresAt: result.expiresAt }) },
  });
}

const ERROR_KEYS = { credentials: "login.wrongCredentials", invalid: "login.invalid", rateLimited: "login.rateLimited" } as const;

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("auth");
  return (
    <section className="narrow">
      <h1>{t("login.title")}</h1>
      {actionData?.error && (
        <p className="form-error" role="alert" id="login-error">
          {t(ERROR_KEYS[actionData.error], { seconds: actionData.retryAfterSeconds })}
        </p>
      )}
      <Form method="post" className="stack" aria-describedby={actionData?.error ? "login-error" : undefined}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <label htmlFor="email">{t("login.email")}</label>
        <input id="email" name="email" type="email" autoComplete="username" required defaultValue={actionData?.email} />
        <label htmlFor="password">{t("login.password")}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("login.forgot")}</Link>
      </p>
    </section>
  );
}
