import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { orHttpError } from "~/lib/http.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { IMPORT_MAX_BYTES, importPeople, type RowError } from "~/modules/registration/import.server";
import { getRegistrationEvent, listEventDelegations, registerPerson, registrarScope } from "~/modules/registration/registration.server";
import { ALL_CATEGORIES, PREFERRED_LANGUAGES, SELF_CATEGORIES, formDataToObject, type FieldErrors } from "~/modules/registration/schemas";
import { FieldError, describedBy } from "~/modules/registration/ui";

export const meta: MetaFunction = () => [{ title: "Plenary" }];

/** Heads of delegation (their delegation) and organisers (any) register one person or import a CSV file. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const event = await getRegistrationEvent(context.services.db, params.slug ?? "");
    const scope = await registrarScope(context.services.db, actorOf(viewer), event);
    const delegations = await listEventDelegations(context.services.db, event, scope);
    return { event: { slug: event.slug, name: event.name }, isOrganiser: scope.kind === "organiser", delegations };
  });
}

type ActionData =
  | { intent: "person"; outcome: "created" }
  | { intent: "person"; outcome: "invalid" | "closed" | "quotaFull" | "alreadyRegistered"; fieldErrors?: FieldErrors; values?: Record<string, string | string[]> }
  | { intent: "import"; outcome: "imported"; count: number }
  | { intent: "import"; outcome: "rejected"; errors: RowError[] }
  | { intent: "import"; outcome: "invalidFile"; message: string }
  | { intent: "import"; outcome: "closed" };

// Room for the multipart envelope around a 1 MB file.
const MAX_BODY_BYTES = IMPORT_MAX_BYTES + 64 * 1024;

export async function action({ params, request, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const event = await getRegistrationEvent(context.services.db, params.slug ?? "");
    const actor = actorOf(viewer);
    await registrarScope(context.services.db, actor, event); // 401/403 before reading any body
    if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
      return data<ActionData>({ intent: "import", outcome: "invalidFile", message: "errors.csvTooLarge" }, { status: 413 });
    }
    const formData = await request.formData();
    const delegationId = typeof formData.get("delegationId") === "string" ? (formData.get("delegationId") as string) : null;
    if (formData.get("intent") === "import") {
      const file = formData.get("file");
      if (!file || typeof file === "string") return data<ActionData>({ intent: "import", outcome: "invalidFile", message: "errors.csvEmpty" }, { status: 400 });
      if (file.size > IMPORT_MAX_BYTES) return data<ActionData>({ intent: "import", outcome: "invalidFile", message: "errors.csvTooLarge" }, { status: 413 });
      const result = await importPeople(context.services, actor, event, await file.text(), { delegationId });
      switch (result.status) {
        case "imported":
          return data<ActionData>({ intent: "import", outcome: "imported", count: result.count });
        case "rejected":
          return data<ActionData>({ intent: "import", outcome: "rejected", errors: result.errors }, { status: 400 });
        case "invalidFile":
          return data<ActionData>({ intent: "import", outcome: "invalidFile", message: result.message }, { status: 400 });
        case "closed":
          return data<ActionData>({ intent: "import", outcome: "closed" }, { status: 403 });
      }
    }
    const values = formDataToObject(formData);
    const result = await registerPerson(context.services, actor, event, values, { delegationId });
    switch (result.status) {
      case "created":
        return data<ActionData>({ intent: "person", outcome: "created" });
      case "invalid":
        return data<ActionData>({ intent: "person", outcome: "invalid", fieldErrors: result.fieldErrors, values }, { status: 400 });
      case "closed":
        return data<ActionData>({ intent: "person", outcome: "closed" }, { status: 403 });
      case "quotaFull":
        return data<ActionData>({ intent: "person", outcome: "quotaFull", values }, { status: 409 });
      case "alreadyRegistered":
        return data<ActionData>({ intent: "person", outcome: "alreadyRegistered", values }, { status: 409 });
    }
  });
}

const PERSON_MESSAGE = {
  created: "others.created",
  invalid: "register.fixErrors",
  closed: "others.closed",
  quotaFull: "errors.quotaFull",
  alreadyRegistered: "errors.alreadyRegistered",
} as const;

export default function RegisterPerson() {
  const { event, isOrganiser, delegations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation("registration");
  const person = actionData?.intent === "person" ? actionData : undefined;
  const imported = actionData?.intent === "import" ? actionData : undefined;
  const errors = person && "fieldErrors" in person ? person.fieldErrors : undefined;
  const values = (person && "values" in person ? person.values : undefined) ?? {};
  const value = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const categories = isOrganiser ? ALL_CATEGORIES : SELF_CATEGORIES;
  const busy = navigation.state === "submitting";

  const delegationField = (id: string) =>
    delegations.length > 1 || isOrganiser ? (
      <>
        <label htmlFor={id}>{t("others.delegation")}</label>
        <select id={id} name="delegationId" defaultValue={value("delegationId") ?? delegations[0]?.id}>
          {delegations.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </>
    ) : (
      <input type="hidden" name="delegationId" value={delegations[0]?.id ?? ""} />
    );

  return (
    <section className="narrow">
      <h1>{t("others.title")}</h1>
      <p className="lede">{event.name}</p>
      <p>{t("others.intro")}</p>
      {person && (
        <p className={person.outcome === "created" ? undefined : "form-error"} role={person.outcome === "created" ? "status" : "alert"}>
          {t(PERSON_MESSAGE[person.outcome])}
        </p>
      )}
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="person" />
        {delegationField("delegationId")}
        <FieldError name="delegationCountryCode" errors={errors} />
        {(["givenName", "familyName", "title", "organisation", "email"] as const).map((name) => (
          <div key={name} className="stack">
            <label htmlFor={name}>{t(`register.fields.${name}`)}</label>
            <input
              id={name}
              name={name}
              type={name === "email" ? "email" : "text"}
              required={name === "givenName" || name === "familyName" || name === "email"}
              maxLength={name === "email" ? 254 : name === "organisation" ? 200 : name === "title" ? 120 : 100}
              defaultValue={value(name)}
              {...describedBy(name, errors)}
            />
            <FieldError name={name} errors={errors} />
          </div>
        ))}
        <label htmlFor="category">{t("register.fields.category")}</label>
        <select id="category" name="category" defaultValue={value("category") ?? "DELEGATE"} {...describedBy("category", errors)}>
          {categories.map((c) => (
            <option key={c} value={c}>
              {t(`categories.${c}`)}
            </option>
          ))}
        </select>
        <FieldError name="category" errors={errors} />
        <label htmlFor="preferredLanguage">{t("register.fields.preferredLanguage")}</label>
        <select id="preferredLanguage" name="preferredLanguage" defaultValue={value("preferredLanguage") ?? "en"}>
          {PREFERRED_LANGUAGES.map((code) => (
            <option key={code} value={code} lang={code}>
              {t(`languages.${code}`)}
            </option>
          ))}
        </select>
        <FieldError name="preferredLanguage" errors={errors} />
        <button type="submit" disabled={busy}>
          {t("others.submit")}
        </button>
      </Form>

      <h2>{t("others.importTitle")}</h2>
      <p className="muted">{t("others.importIntro")}</p>
      {imported?.outcome === "imported" && <p role="status">{t("others.imported", { count: imported.count })}</p>}
      {imported?.outcome === "closed" && (
        <p className="form-error" role="alert">
          {t("others.closed")}
        </p>
      )}
      {imported?.outcome === "invalidFile" && (
        <p className="form-error" role="alert">
          {t(imported.message)}
        </p>
      )}
      {imported?.outcome === "rejected" && (
        <div role="alert">
          <p className="form-error">{t("others.rejected")}</p>
          <ul>
            {imported.errors.map((e, i) => (
              <li key={i}>
                {t("others.line", { line: e.line })}
                {e.field ? ` (${e.field})` : ""}: {t(e.message)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <Form method="post" encType="multipart/form-data" className="stack">
        <input type="hidden" name="intent" value="import" />
        {delegationField("importDelegationId")}
        <label htmlFor="file">{t("others.file")}</label>
        <input id="file" name="file" type="file" accept=".csv,text/csv" required />
        <button type="submit" disabled={busy}>
          {t("others.importSubmit")}
        </button>
      </Form>
    </section>
  );
}
