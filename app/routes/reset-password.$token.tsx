import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { serializeSessionCookie } from "~/modules/auth/session.server";
import { fieldErrorsOf, formDataToObject, setPasswordSchema, type FieldErrors } from "~/modules/registration/schemas";
import { inspectAccountToken, redeemAccountToken } from "~/modules/registration/tokens.server";
import { ExpiredLink, SetPasswordPage } from "~/modules/registration/ui";

export const meta: MetaFunction = () => [{ title: "Plenary" }, { name: "referrer", content: "no-referrer" }];

const KINDS = ["PASSWORD_RESET"] as const;

export async function loader({ params, context }: LoaderFunctionArgs) {
  const view = await inspectAccountToken(context.services.db, params.token ?? "", KINDS);
  if (!view) return data({ expired: true as const }, { status: 410 });
  return { expired: false as const, name: `${view.givenName} ${view.familyName}` };
}

/** Sets the new password, ends every session of the person, and signs this browser in afresh. */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const form = setPasswordSchema.safeParse(formDataToObject(await request.formData()));
  if (!form.success) return data({ expired: false, fieldErrors: fieldErrorsOf(form.error) as FieldErrors }, { status: 400 });
  const result = await redeemAccountToken(context.services, {
    token: params.token ?? "",
    kinds: KINDS,
    password: form.data.password,
    ipAddress: context.request.ipAddress,
    userAgent: context.request.userAgent,
  });
  if (!result.ok) return data({ expired: true, fieldErrors: null }, { status: 410 });
  const cookie = serializeSessionCookie(result.sessionToken, { secure: context.services.config.secureCookies, expiresAt: result.sessionExpiresAt });
  return redirect("/", { status: 303, headers: { "Set-Cookie": cookie } });
}

export default function ResetPassword() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("registration");
  if (page.expired || actionData?.expired) return <ExpiredLink />;
  return (
    <SetPasswordPage
      title={t("password.resetTitle")}
      greetingName={page.name}
      notice={t("password.resetNotice")}
      errors={actionData?.fieldErrors}
      submitting={navigation.state === "submitting"}
    />
  );
}
