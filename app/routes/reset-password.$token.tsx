import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { setPasswordFromToken } from "~/modules/registration/token-routes.server";
import { inspectAccountToken } from "~/modules/registration/tokens.server";
import { ExpiredLink, SetPasswordPage } from "~/modules/registration/ui";

export const meta: MetaFunction = () => [{ title: "Plenary" }, { name: "referrer", content: "no-referrer" }];

const KINDS = ["PASSWORD_RESET"] as const;

export async function loader({ params, context }: LoaderFunctionArgs) {
  const view = await inspectAccountToken(context.services.db, params.token ?? "", KINDS);
  if (!view) return data({ expired: true as const }, { status: 410 });
  return { expired: false as const, name: `${view.givenName} ${view.familyName}` };
}

/** Sets the new password, ends every session of the person, and signs this browser in afresh. */
export function action(args: ActionFunctionArgs) {
  return setPasswordFromToken(args, KINDS);
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
