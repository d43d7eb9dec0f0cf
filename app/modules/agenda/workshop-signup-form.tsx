import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * The workshop sign-up button (sign up / join the waiting list) or the cancel button, as a plain
 * POST form to the current page: the session page and "my agenda" both use it, and both hand the
 * form to the same domain functions (signUp / cancelSignup).
 */
export function WorkshopSignupForm({ sessionId, holdsPlace, full, busy }: { sessionId: string; holdsPlace: boolean; full: boolean; busy: boolean }) {
  const { t } = useTranslation("workshops");
  return (
    <Form method="post" replace preventScrollReset>
      <input type="hidden" name="sessionId" value={sessionId} />
      {holdsPlace ? (
        <button type="submit" name="intent" value="cancel" disabled={busy}>
          {t("signup.cancel")}
        </button>
      ) : (
        <button type="submit" name="intent" value="signup" disabled={busy}>
          {full ? t("signup.joinWaitlist") : t("signup.signUp")}
        </button>
      )}
    </Form>
  );
}
