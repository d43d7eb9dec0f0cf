import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { detectLanguage } from "~/i18n/i18n.server";
import { eventName } from "~/modules/registration/registration.server";
import { setPasswordFromToken } from "~/modules/registration/token-routes.server";
import { inspectAccountToken } from "~/modules/registration/tokens.server";
import { ExpiredLink, SetPasswordPage } from "~/modules/registration/ui";

export const meta: MetaFunction = () => [{ title: "Plenary" }, { name: "referrer", content: "no-referrer" }];

const KINDS = ["EMAIL_VERIFICATION"] as const;

/** Shows the set-a-password form; reading the page never uses the token up. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const view = await inspectAccountToken(context.services.db, params.token ?? "", KINDS);
  if (!view) return data({ expired: true as const }, { status: 410 });
  const language = detectLanguage(request, context.viewer?.user.preferredLanguage);
  const event = view.event ? eventName({ name: view.event.name, names: (view.event.names ?? {}) as Record<string, string> }, language) : null;
  return { expired: false as const, name: `${view.givenName} ${view.familyName}`, event };
}

export function action(args: ActionFunctionArgs) {
  return setPasswordFromToken(args, KINDS);
}

export default function VerifyEmail() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("registration");
  if (page.expired || actionData?.expired) return <ExpiredLink />;
  return (
    <SetPasswordPage
      title={t("password.verifyTitle")}
      greetingName={page.name}
      eventName={page.event}
      errors={actionData?.fieldErrors}
      submitting={navigation.state === "submitting"}
    />
  );
}
