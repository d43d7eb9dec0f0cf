import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Viewer } from "~/lib/app-context";
import { safeRedirectPath } from "~/lib/safe-redirect";
import { retryAfterHeaders } from "~/modules/auth/account.server";
import { secondFactorSchema, verifySecondFactor } from "~/modules/auth/login.server";

export const meta: MetaFunction = () => [{ title: "Plenary" }];

export const headers: HeadersFunction = retryAfterHeaders;

/** Only a signed-in TOTP user whose session has not passed the second step belongs here. */
function requirePendingViewer(viewer: Viewer | null, redirectTo: string): Viewer {
  if (!viewer) throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  if (!viewer.user.hasTotp || viewer.session.twoFactorVerified) throw redirect(redirectTo);
  return viewer;
}

export function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  requirePendingViewer(context.viewer ?? context.pendingViewer, redirectTo);
  return { redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = secondFactorSchema.safeParse(Object.fromEntries(await request.formData()));
  const redirectTo = safeRedirectPath(form.success ? form.data.redirectTo : undefined);
  const viewer = requirePendingViewer(context.viewer ?? context.pendingViewer, redirectTo);
  if (!form.success) return data({ error: "invalid" as const, retryAfterSeconds: 0 }, { status: 400 });
  const result = await verifySecondFactor(context.services, viewer, form.data.code, context.request.ipAddress);
  if (!result.ok) {
    if (result.retryAfterSeconds) {
      return data(
        { error: "rateLimited" as const, retryAfterSeconds: result.retryAfterSeconds },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    }
    return data({ error: "wrongCode" as const, retryAfterSeconds: 0 }, { status: 400 });
  }
  return redirect(redirectTo);
}

const ERROR_KEYS = { invalid: "twoFactor.invalid", wrongCode: "twoFactor.wrongCode", rateLimited: "login.rateLimited" } as const;

export default function LoginTwoFactor() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("auth");
  return (
    <section className="narrow">
      <h1>{t("twoFactor.title")}</h1>
      <p>{t("twoFactor.intro")}</p>
      {actionData?.error && (
        <p className="form-error" role="alert" id="code-error">
          {t(ERROR_KEYS[actionData.error], { seconds: actionData.retryAfterSeconds })}
        </p>
      )}
      <Form method="post" className="stack" aria-describedby={actionData?.error ? "code-error" : undefined}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <label htmlFor="code">{t("twoFactor.code")}</label>
        <input id="code" name="code" type="text" autoComplete="one-time-code" required autoFocus aria-describedby="code-hint" />
        <p id="code-hint" className="hint">
          {t("twoFactor.hint")}
        </p>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("twoFactor.submit")}
        </button>
      </Form>
      <Form method="post" action="/logout">
        <button type="submit" className="link-button">
          {t("twoFactor.cancel")}
        </button>
      </Form>
    </section>
  );
}
