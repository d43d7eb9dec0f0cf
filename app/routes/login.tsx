import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { safeRedirectPath } from "~/lib/safe-redirect";
import { attemptLogin, loginSchema } from "~/modules/auth/login.server";
import { serializeSessionCookie } from "~/modules/auth/session.server";

export const meta: MetaFunction = () => [{ title: "Plenary" }];

export function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  if (context.viewer) throw redirect(redirectTo);
  return { redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = loginSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) {
    return data({ error: "invalid" as const, email: "" }, { status: 400 });
  }
  const result = await attemptLogin(context.services, {
    email: form.data.email,
    password: form.data.password,
    ipAddress: context.request.ipAddress,
    userAgent: context.request.userAgent,
  });
  if (!result.ok) {
    return data({ error: "credentials" as const, email: form.data.email }, { status: 400 });
  }
  return redirect(safeRedirectPath(form.data.redirectTo), {
    headers: { "Set-Cookie": serializeSessionCookie(result.token, { secure: context.services.config.secureCookies, expiresAt: result.expiresAt }) },
  });
}

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
          {t(actionData.error === "credentials" ? "login.wrongCredentials" : "login.invalid")}
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
    </section>
  );
}
