import { data, type ActionFunctionArgs, type HeadersFunction, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestPasswordReset } from "~/modules/registration/password-reset.server";
import { formDataToObject } from "~/modules/registration/schemas";

export const meta: MetaFunction = () => [{ title: "Plenary" }];

/** Passes the action's Retry-After (rate limit) on to the document response. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export function loader() {
  return null;
}

/** Same answer for every well-formed address, known or not. */
export async function action({ request, context }: ActionFunctionArgs) {
  const result = await requestPasswordReset(context.services, formDataToObject(await request.formData()), { ipAddress: context.request.ipAddress });
  switch (result.status) {
    case "accepted":
      return { outcome: "sent" as const };
    case "invalid":
      return data({ outcome: "invalid" as const }, { status: 400 });
    case "rateLimited":
      return data({ outcome: "tooMany" as const }, { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } });
  }
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("registration");
  if (actionData?.outcome === "sent") {
    return (
      <section className="narrow">
        <h1>{t("forgot.title")}</h1>
        <p role="status">{t("forgot.sent")}</p>
      </section>
    );
  }
  return (
    <section className="narrow">
      <h1>{t("forgot.title")}</h1>
      <p>{t("forgot.intro")}</p>
      {actionData && (
        <p className="form-error" role="alert" id="forgot-error">
          {t(actionData.outcome === "tooMany" ? "register.tooMany" : "forgot.invalid")}
        </p>
      )}
      <Form method="post" className="stack" aria-describedby={actionData ? "forgot-error" : undefined}>
        <label htmlFor="email">{t("forgot.email")}</label>
        <input id="email" name="email" type="email" autoComplete="email" required maxLength={254} />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("forgot.submit")}
        </button>
      </Form>
    </section>
  );
}
