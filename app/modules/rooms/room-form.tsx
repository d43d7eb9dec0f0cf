// The room form (new and edit pages): one Zod schema validates it in the browser and on the server
// (Conform). Field errors are shown under their field and announced; the name's "already taken"
// answer (409) comes back from the server as a field error too.
import { getCollectionProps, getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BOOTH_LANGUAGES, EQUIPMENT, LAYOUTS, ROOM_NAME_LANGUAGES, roomFormSchema } from "./schema";

export interface RoomFormDefaults {
  name: string;
  names: Record<string, string>;
  building: string;
  floor: string;
  capacity: string;
  layout: string;
  equipment: string[];
  otherEquipment: string;
  stepFreeAccess: boolean;
  interpretationLanguages: string[];
  opensAt: string;
  closesAt: string;
}

export const EMPTY_ROOM: RoomFormDefaults = {
  name: "",
  names: {},
  building: "",
  floor: "",
  capacity: "",
  layout: "",
  equipment: [],
  otherEquipment: "",
  stepFreeAccess: true,
  interpretationLanguages: [],
  opensAt: "",
  closesAt: "",
};

/** Form defaults from a stored room: known equipment as check boxes, the rest as free text. */
export function roomDefaults(room: {
  name: string;
  names: Record<string, string>;
  building: string | null;
  floor: string | null;
  capacity: number;
  layout: string | null;
  equipment: string[];
  stepFreeAccess: boolean;
  interpretationLanguages: string[];
  opensAt: string | null;
  closesAt: string | null;
}): RoomFormDefaults {
  const known = new Set<string>(EQUIPMENT);
  return {
    name: room.name,
    names: room.names,
    building: room.building ?? "",
    floor: room.floor ?? "",
    capacity: String(room.capacity),
    layout: room.layout ?? "",
    equipment: room.equipment.filter((item) => known.has(item)),
    otherEquipment: room.equipment.filter((item) => !known.has(item)).join(", "),
    stepFreeAccess: room.stepFreeAccess,
    interpretationLanguages: room.interpretationLanguages,
    opensAt: room.opensAt ?? "",
    closesAt: room.closesAt ?? "",
  };
}

export function RoomForm({
  defaults,
  lastResult,
  languages,
  submitLabel,
}: {
  defaults: RoomFormDefaults;
  lastResult: SubmissionResult<string[]> | null | undefined;
  languages: string[];
  submitLabel: string;
}) {
  const { t } = useTranslation("rooms");
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "room-form",
    lastResult,
    defaultValue: defaults,
    constraint: getZodConstraint(roomFormSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: roomFormSchema }),
  });
  const names = fields.names.getFieldset();
  const nameLanguages = ROOM_NAME_LANGUAGES.filter((language) => languages.includes(language));
  const boothLanguages = [...new Set([...BOOTH_LANGUAGES, ...defaults.interpretationLanguages])];
  const layouts = [...new Set([...LAYOUTS, ...(defaults.layout ? [defaults.layout] : [])])];

  const error = (field: { errors?: string[]; errorId: string }, key: string) =>
    field.errors?.length ? (
      <p className="field-error" id={field.errorId} role="alert">
        {field.errors.includes("duplicate") ? t("errors.duplicateName") : t(`errors.${key}`)}
      </p>
    ) : null;

  return (
    <Form method="post" {...getFormProps(form)} className="settings-form">
      <input type="hidden" name="intent" value="save" />
      {form.errors?.length ? (
        <p className="notice notice-error" role="alert">
          {t("errors.form")}
        </p>
      ) : null}
      <label>
        {t("form.name")}
        <input {...getInputProps(fields.name, { type: "text" })} key={fields.name.key} dir="auto" autoComplete="off" />
      </label>
      {error(fields.name, "name")}
      {nameLanguages.length > 0 && (
        <fieldset>
          <legend>{t("form.namesLegend")}</legend>
          {nameLanguages.map((language) => {
            const field = names[language];
            return (
              <label key={language}>
                {t("form.nameIn", { language: t(`common:language.names.${language}`) })}
                <input {...getInputProps(field, { type: "text" })} key={field.key} lang={language} dir="auto" autoComplete="off" />
              </label>
            );
          })}
        </fieldset>
      )}
      <label>
        {t("form.building")}
        <input {...getInputProps(fields.building, { type: "text" })} key={fields.building.key} dir="auto" />
      </label>
      {error(fields.building, "building")}
      <label>
        {t("form.floor")}
        <input {...getInputProps(fields.floor, { type: "text" })} key={fields.floor.key} dir="auto" />
      </label>
      {error(fields.floor, "floor")}
      <label>
        {t("form.capacity")}
        <input {...getInputProps(fields.capacity, { type: "number" })} key={fields.capacity.key} inputMode="numeric" />
      </label>
      {error(fields.capacity, "capacity")}
      <label>
        {t("form.layout")}
        <select {...getSelectProps(fields.layout)} key={fields.layout.key}>
          <option value="">{t("form.noLayout")}</option>
          {layouts.map((layout) => (
            <option key={layout} value={layout}>
              {t(`layout.${layout}`, { defaultValue: layout })}
            </option>
          ))}
        </select>
      </label>
      {error(fields.layout, "layout")}
      <fieldset>
        <legend>{t("form.equipment")}</legend>
        <div className="check-grid">
          {getCollectionProps(fields.equipment, { type: "checkbox", options: [...EQUIPMENT] }).map((props) => (
            <label key={props.key} className="check">
              <input {...props} key={props.key} /> {t(`equipment.${props.value}`)}
            </label>
          ))}
        </div>
        <label>
          {t("form.otherEquipment")}
          <input {...getInputProps(fields.otherEquipment, { type: "text" })} key={fields.otherEquipment.key} aria-describedby="other-equipment-hint" dir="auto" />
        </label>
        <p className="muted" id="other-equipment-hint">
          {t("form.otherEquipmentHint")}
        </p>
        {error(fields.otherEquipment, "otherEquipment")}
      </fieldset>
      <label className="check">
        <input {...getInputProps(fields.stepFreeAccess, { type: "checkbox" })} key={fields.stepFreeAccess.key} /> {t("form.stepFreeAccess")}
      </label>
      <fieldset>
        <legend>{t("form.booths")}</legend>
        <p className="muted">{t("form.boothsHint")}</p>
        <div className="check-grid">
          {getCollectionProps(fields.interpretationLanguages, { type: "checkbox", options: boothLanguages }).map((props) => (
            <label key={props.key} className="check">
              <input {...props} key={props.key} /> {t(`common:language.names.${props.value}`, { defaultValue: props.value })}
            </label>
          ))}
        </div>
        {error(fields.interpretationLanguages, "interpretationLanguages")}
      </fieldset>
      <fieldset>
        <legend>{t("form.hours")}</legend>
        <p className="muted">{t("form.hoursHint")}</p>
        <div className="time-grid">
          <label>
            {t("form.opensAt")}
            <input {...getInputProps(fields.opensAt, { type: "time" })} key={fields.opensAt.key} />
          </label>
          <label>
            {t("form.closesAt")}
            <input {...getInputProps(fields.closesAt, { type: "time" })} key={fields.closesAt.key} />
          </label>
        </div>
        {error(fields.opensAt, "hours")}
        {error(fields.closesAt, "hours")}
      </fieldset>
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}
