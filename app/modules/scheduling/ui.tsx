// Organisers' session editor and the conflict list, shared by the new/edit pages and the grid.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Conflict } from "./conflicts.server";
import type { EditorOptions, SessionForEdit } from "./sessions.server";
import { CONTENT_LANGUAGES, EXTRA_SPEAKER_ROWS, FORM_KINDS, sessionFormSchema, SPEAKER_ROLES } from "./session-form";

export type ConflictJson = Pick<Conflict, "code" | "hard" | "message" | "params">;

/** Conflict parameters that are words rather than names, in the reader's language. */
function useLocalParams() {
  const { t } = useTranslation("scheduling");
  return (c: ConflictJson): Record<string, string | number> => {
    if (c.code === "room_booked" && !c.params.sessionId) return { ...c.params, title: t("grid.bilateral") };
    if (c.code === "speaker_busy" && typeof c.params.role === "string") return { ...c.params, role: t(`roles.${c.params.role}`) };
    return c.params;
  };
}

/** Conflicts in plain words, hard ones first; each says whether an override can pass it. */
export function ConflictList({ conflicts, checked }: { conflicts: ConflictJson[]; checked?: boolean }) {
  const { t } = useTranslation("scheduling");
  const localParams = useLocalParams();
  if (conflicts.length === 0) {
    return checked ? (
      <div className="notice" role="status" data-testid="conflicts">
        <p>{t("conflicts.none")}</p>
      </div>
    ) : null;
  }
  const hard = conflicts.some((c) => c.hard);
  return (
    <div className="notice notice-error" role="alert" data-testid="conflicts">
      <p>{hard ? t("conflicts.hardIntro") : t("conflicts.softIntro")}</p>
      <ul>
        {conflicts.map((c, i) => (
          <li key={i} data-conflict={c.code} data-hard={c.hard ? "true" : "false"}>
            <strong>{c.hard ? t("conflicts.refused") : t("conflicts.warning")}</strong> {t(`conflicts.${c.code}`, localParams(c))}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Field errors are catalog keys ("errors.*"); anything else (a server message) is shown as it is. */
export function FieldError({ id, errors }: { id: string; errors: string[] | undefined }) {
  const { t } = useTranslation("scheduling");
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {errors.map((e) => t(e, { defaultValue: e })).join(" ")}
    </p>
  );
}

export interface EditorAnswer {
  lastResult?: SubmissionResult<string[]>;
  conflicts?: ConflictJson[];
  checked?: boolean;
}

export function SessionEditor({ options, session, answer, zone }: { options: EditorOptions; session: SessionForEdit | null; answer: EditorAnswer | undefined; zone: string }) {
  const { t } = useTranslation("scheduling");
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const values = session?.values;
  const [form] = useForm({
    id: session ? `session-${session.id}` : "session-new",
    lastResult: answer?.lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: sessionFormSchema }),
  });
  const errors = (name: string) => form.allErrors[name];
  const described = (name: string) => (errors(name)?.length ? { "aria-invalid": true as const, "aria-describedby": `${form.id}-${name}-error` } : {});
  const errorId = (name: string) => `${form.id}-${name}-error`;
  const speakerRows = [...(values?.speakers ?? []), ...Array.from({ length: EXTRA_SPEAKER_ROWS }, () => ({ email: "", name: "", affiliation: "", role: "speaker" }))];

  return (
    <Form method="post" {...getFormProps(form)} className="settings-form session-editor">
      <FieldError id={`${form.id}-form-error`} errors={form.errors} />
      <fieldset>
        <legend>{t("editor.what")}</legend>
        <label>
          {t("editor.kind")}
          <select name="kind" defaultValue={values?.kind ?? "plenary"} {...described("kind")}>
            {FORM_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`kinds.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("editor.track")}
          <select name="trackId" defaultValue={values?.trackId ?? ""}>
            <option value="">{t("editor.noTrack")}</option>
            {options.tracks.map((track) => (
              <option key={track.id} value={track.id}>
                {track.name}
              </option>
            ))}
          </select>
        </label>
        <FieldError id={errorId("trackId")} errors={errors("trackId")} />
      </fieldset>

      {CONTENT_LANGUAGES.map((language) => (
        <fieldset key={language} lang={language} dir={language === "ar" ? "rtl" : "ltr"}>
          <legend>{t(`languages.${language}`)}</legend>
          <label>
            {t("editor.title")}
            <input name={`texts.${language}.title`} defaultValue={values?.texts[language]?.title ?? ""} maxLength={300} dir="auto" {...described(`texts.${language}.title`)} />
          </label>
          <FieldError id={errorId(`texts.${language}.title`)} errors={errors(`texts.${language}.title`)} />
          <label>
            {t("editor.description")}
            <textarea name={`texts.${language}.description`} defaultValue={values?.texts[language]?.description ?? ""} rows={3} dir="auto" />
          </label>
        </fieldset>
      ))}

      <fieldset>
        <legend>{t("editor.speakers")}</legend>
        <p className="muted">{t("editor.speakersHelp")}</p>
        {speakerRows.map((row, index) => (
          <div key={index} className="speaker-row" role="group" aria-label={t("editor.speakerN", { number: index + 1 })}>
            <label>
              {t("editor.speakerEmail")}
              <input type="email" name={`speakers[${index}].email`} defaultValue={row.email} {...described(`speakers[${index}].email`)} />
            </label>
            <label>
              {t("editor.speakerName")}
              <input name={`speakers[${index}].name`} defaultValue={row.name} dir="auto" {...described(`speakers[${index}].name`)} />
            </label>
            <label>
              {t("editor.affiliation")}
              <input name={`speakers[${index}].affiliation`} defaultValue={row.affiliation} dir="auto" />
            </label>
            <label>
              {t("editor.role")}
              <select name={`speakers[${index}].role`} defaultValue={row.role}>
                {SPEAKER_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {t(`roles.${role}`)}
                  </option>
                ))}
              </select>
            </label>
            <FieldError id={errorId(`speakers[${index}].email`)} errors={errors(`speakers[${index}].email`)} />
            <FieldError id={errorId(`speakers[${index}].name`)} errors={errors(`speakers[${index}].name`)} />
          </div>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t("editor.whereWhen", { zone })}</legend>
        <label>
          {t("editor.room")}
          <select name="roomId" defaultValue={values?.roomId ?? ""} {...described("roomId")}>
            <option value="">{t("editor.noRoom")}</option>
            {options.rooms
              .filter((room) => !room.retired || room.id === values?.roomId)
              .map((room) => (
                <option key={room.id} value={room.id}>
                  {t("editor.roomOption", { name: room.name, capacity: room.capacity })}
                </option>
              ))}
          </select>
        </label>
        <FieldError id={errorId("roomId")} errors={errors("roomId")} />
        <label>
          {t("editor.day")}
          <select name="day" defaultValue={values?.day ?? options.days[0]} {...described("day")}>
            {values?.day && !options.days.includes(values.day) && <option value={values.day}>{values.day}</option>}
            {options.days.map((day) => (
              <option key={day} value={day}>
                {day}
              </option>
            ))}
          </select>
        </label>
        <FieldError id={errorId("day")} errors={errors("day")} />
        <label>
          {t("editor.start")}
          <input type="time" name="startTime" defaultValue={values?.startTime ?? "09:00"} required {...described("startTime")} />
        </label>
        <FieldError id={errorId("startTime")} errors={errors("startTime")} />
        <label>
          {t("editor.end")}
          <input type="time" name="endTime" defaultValue={values?.endTime ?? "10:00"} required {...described("endTime")} />
        </label>
        <FieldError id={errorId("endTime")} errors={errors("endTime")} />
        <label>
          {t("editor.capacity")}
          <input type="number" name="capacity" min={1} defaultValue={values?.capacity ?? ""} {...described("capacity")} />
        </label>
        <p className="muted">{t("editor.capacityHelp")}</p>
        <FieldError id={errorId("capacity")} errors={errors("capacity")} />
      </fieldset>

      <fieldset>
        <legend>{t("editor.languages")}</legend>
        <label>
          {t("editor.floorLanguage")}
          <select name="floorLanguage" defaultValue={values?.floorLanguage ?? "en"}>
            {CONTENT_LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {t(`languages.${language}`)}
              </option>
            ))}
          </select>
        </label>
        <div role="group" aria-label={t("editor.interpretation")} className="checkbox-group">
          <span>{t("editor.interpretation")}</span>
          {CONTENT_LANGUAGES.map((language) => (
            <label key={language} className="checkbox">
              <input type="checkbox" name="interpretationLanguages" value={language} defaultChecked={values?.interpretationLanguages.includes(language) ?? false} />
              {t(`languages.${language}`)}
            </label>
          ))}
        </div>
        <label className="checkbox">
          <input type="checkbox" name="published" defaultChecked={values?.published ?? false} />
          {t("editor.published")}
        </label>
      </fieldset>

      <ConflictList conflicts={answer?.conflicts ?? []} checked={answer?.checked} />
      <label>
        {t("editor.overrideReason")}
        <textarea name="overrideReason" rows={2} maxLength={500} aria-describedby={`${form.id}-override-help`} />
      </label>
      <p id={`${form.id}-override-help`} className="muted">
        {t("editor.overrideHelp")}
      </p>
      <FieldError id={errorId("overrideReason")} errors={errors("overrideReason")} />
      <div className="actions">
        <button type="submit" name="intent" value="check" disabled={busy}>
          {t("editor.check")}
        </button>
        <button type="submit" name="intent" value="save" disabled={busy}>
          {session ? t("editor.save") : t("editor.create")}
        </button>
      </div>
    </Form>
  );
}
