import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Viewer } from "~/lib/app-context";
import {
  disableTwoFactor,
  enableTwoFactor,
  fieldErrors,
  regenerateRecoveryCodes,
  retryAfterHeaders,
  twoFactorFormSchema,
  type FieldErrors,
} from "~/modules/auth/account.server";
import { countUnusedRecoveryCodes, decodeTotpKey, generateTotpKey, totpSetupDetails } from "~/modules/auth/totp.server";
import { isTwoFactorRequired, requireViewer } from "~/modules/auth/viewer.server";

export const meta: MetaFunction = () => [{ title: "Plenary" }];

// The page carries a fresh secret or recovery codes: never cached.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  return { "Cache-Control": "no-store", ...retryAfterHeaders({ actionHeaders }) };
};

/** Reachable before 2FA is set up (that is what it is for), but a TOTP user must have passed the second step. */
function requireViewerForSetup(viewer: Viewer | null, request: Request): Viewer {
  const signedIn = requireViewer({ viewer }, request);
  if (signedIn.user.hasTotp && !signedIn.session.twoFactorVerified) throw redirect("/login/2fa?redirectTo=%2Faccount%2F2fa");
  return signedIn;
}

// Loaders never write: a new key is only shown here; it is saved by the action once a code from it is confirmed.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireViewerForSetup(context.viewer ?? context.pendingViewer, request);
  const { db } = context.services;
  const required = await isTwoFactorRequired(db, viewer.user);
  if (viewer.user.hasTotp) {
    return { enabled: true as const, required, unusedRecoveryCodes: await countUnusedRecoveryCodes(db, viewer.user.id), setup: null };
  }
  return { enabled: false as const, required, unusedRecoveryCodes: 0, setup: await totpSetupDetails(viewer.user.email, generateTotpKey()) };
}

type ActionResult = {
  intent: "enable" | "disable" | "regenerate" | null;
  errors?: FieldErrors;
  recoveryCodes?: string[];
  disabled?: boolean;
  retryAfterSeconds?: number;
  /** On a failed confirmation, the same key again so the person does not have to scan a new one. */
  setup?: { key: string; uri: string; qrDataUrl: string };
};

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireViewerForSetup(context.viewer ?? context.pendingViewer, request);
  const raw = Object.fromEntries(await request.formData());
  const intent = (["enable", "disable", "regenerate"] as const).find((i) => i === raw.intent) ?? null;
  const submittedKey = typeof raw.key === "string" ? decodeTotpKey(raw.key) : null;
  const setupAgain = async () => (intent === "enable" && submittedKey ? await totpSetupDetails(viewer.user.email, submittedKey) : undefined);

  const form = twoFactorFormSchema.safeParse(raw);
  if (!form.success) return data<ActionResult>({ intent, errors: fieldErrors(form.error), setup: await setupAgain() }, { status: 400 });
  const input = form.data;
  if ((input.intent === "enable") === viewer.user.hasTotp) {
    return data<ActionResult>({ intent, errors: { form: input.intent === "enable" ? "errors.alreadyEnabled" : "errors.notEnabled" } }, { status: 400 });
  }

  const { services } = context;
  const ip = context.request.ipAddress;
  const result =
    input.intent === "enable"
      ? await enableTwoFactor(services, viewer, input, ip)
      : input.intent === "disable"
        ? await disableTwoFactor(services, viewer, input, ip)
        : await regenerateRecoveryCodes(services, viewer, input, ip);
  if (!result.ok) {
    if ("rateLimited" in result) {
      const retryAfterSeconds = Number(result.rateLimited.headers.get("Retry-After"));
      return data<ActionResult>({ intent, retryAfterSeconds, setup: await setupAgain() }, { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } });
    }
    return data<ActionResult>({ intent, errors: { code: "errors.invalidCode" }, setup: await setupAgain() }, { status: 400 });
  }
  return data<ActionResult>({ intent, recoveryCodes: result.recoveryCodes, disabled: input.intent === "disable" });
}

function CodeField({ error }: { error?: string }) {
  const { t } = useTranslation("account");
  return (
    <>
      <label htmlFor="code">{t("twoFactor.code")}</label>
      <input id="code" name="code" type="text" inputMode="numeric" autoComplete="one-time-code" required aria-invalid={Boolean(error)} aria-describedby="code-error" />
      {error && (
        <p className="field-error" id="code-error">
          {t(error)}
        </p>
      )}
    </>
  );
}

export default function AccountTwoFactor() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useTranslation("account");
  const errors = actionData?.errors ?? {};
  const setup = actionData?.setup ?? loaderData.setup;
  return (
    <section className="stack narrow">
      <h1>{t("twoFactor.title")}</h1>
      {loaderData.required && !loaderData.enabled && (
        <p className="form-error" role="alert">
          {t("twoFactor.requiredNotice")}
        </p>
      )}
      {errors.form && (
        <p className="form-error" role="alert">
          {t(errors.form)}
        </p>
      )}
      {actionData?.retryAfterSeconds ? (
        <p className="form-error" role="alert">
          {t("errors.rateLimited", { seconds: actionData.retryAfterSeconds })}
        </p>
      ) : null}

      {actionData?.recoveryCodes && (
        <div role="status" className="card">
          <h2>{t("twoFactor.recoveryCodesTitle")}</h2>
          <p>{t("twoFactor.recoveryCodesIntro")}</p>
          <ul className="recovery-codes">
            {actionData.recoveryCodes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/account">{t("twoFactor.continue")}</Link>
          </p>
        </div>
      )}
      {actionData?.disabled && <p role="status">{t("twoFactor.disabledNotice")}</p>}

      {loaderData.enabled ? (
        <>
          <p>{t("twoFactor.on")}</p>
          <p>{t("twoFactor.unusedRecoveryCodes", { count: loaderData.unusedRecoveryCodes })}</p>
          <h2>{t("twoFactor.regenerateTitle")}</h2>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="regenerate" />
            <CodeField error={actionData?.intent === "regenerate" ? errors.code : undefined} />
            <button type="submit">{t("twoFactor.regenerate")}</button>
          </Form>
          <h2>{t("twoFactor.disableTitle")}</h2>
          {loaderData.required && <p>{t("twoFactor.disableRequiredWarning")}</p>}
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="disable" />
            <CodeField error={actionData?.intent === "disable" ? errors.code : undefined} />
            <button type="submit">{t("twoFactor.disable")}</button>
          </Form>
        </>
      ) : (
        setup && (
          <>
            <p>{t("twoFactor.off")}</p>
            <p>{t("twoFactor.scan")}</p>
            <img src={setup.qrDataUrl} alt={t("twoFactor.qrAlt")} width={240} height={240} />
            <p>{t("twoFactor.manualKey")}</p>
            <p>
              <code data-totp-key>{setup.key}</code>
            </p>
            <details>
              <summary>{t("twoFactor.uri")}</summary>
              <code data-totp-uri>{setup.uri}</code>
            </details>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="enable" />
              <input type="hidden" name="key" value={setup.key} />
              <CodeField error={errors.code} />
              <button type="submit">{t("twoFactor.enable")}</button>
            </Form>
          </>
        )
      )}
    </section>
  );
}
