import i18next, { type i18n } from "i18next";
import enAccount from "./locales/en/account.json" with { type: "json" };
import enAccreditation from "./locales/en/accreditation.json" with { type: "json" };
import enAuth from "./locales/en/auth.json" with { type: "json" };
import enCommon from "./locales/en/common.json" with { type: "json" };
import enMail from "./locales/en/mail.json" with { type: "json" };
import enRegistration from "./locales/en/registration.json" with { type: "json" };
import enSettings from "./locales/en/settings.json" with { type: "json" };
import enWorkshops from "./locales/en/workshops.json" with { type: "json" };
import frAccount from "./locales/fr/account.json" with { type: "json" };
import frAccreditation from "./locales/fr/accreditation.json" with { type: "json" };
import frAuth from "./locales/fr/auth.json" with { type: "json" };
import frCommon from "./locales/fr/common.json" with { type: "json" };
import frMail from "./locales/fr/mail.json" with { type: "json" };
import frRegistration from "./locales/fr/registration.json" with { type: "json" };
import frSettings from "./locales/fr/settings.json" with { type: "json" };
import frWorkshops from "./locales/fr/workshops.json" with { type: "json" };
import enAgenda from "./locales/en/agenda.json" with { type: "json" };
import enScheduling from "./locales/en/scheduling.json" with { type: "json" };
import enRooms from "./locales/en/rooms.json" with { type: "json" };
import enBilaterals from "./locales/en/bilaterals.json" with { type: "json" };
import enLive from "./locales/en/live.json" with { type: "json" };
import enCheckin from "./locales/en/checkin.json" with { type: "json" };
import frAgenda from "./locales/fr/agenda.json" with { type: "json" };
import frScheduling from "./locales/fr/scheduling.json" with { type: "json" };
import frRooms from "./locales/fr/rooms.json" with { type: "json" };
import frBilaterals from "./locales/fr/bilaterals.json" with { type: "json" };
import frLive from "./locales/fr/live.json" with { type: "json" };
import frCheckin from "./locales/fr/checkin.json" with { type: "json" };

/** Languages with a complete catalog. Event content may come in more (es, ar) and falls back visibly. */
export const SUPPORTED_LANGUAGES = ["en", "fr"] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: SupportedLanguage = "en";
export const LANGUAGE_COOKIE = "plenary_lang";

/** One namespace per domain so each area's strings live in its own file; `common` is the default. */
export const NAMESPACES = ["common", "auth", "registration", "accreditation", "account", "settings", "mail", "workshops", "agenda", "scheduling", "rooms", "bilaterals", "live", "checkin"] as const;

export const resources = {
  en: { common: enCommon, auth: enAuth, registration: enRegistration, accreditation: enAccreditation, account: enAccount, settings: enSettings, mail: enMail, workshops: enWorkshops, agenda: enAgenda, scheduling: enScheduling, rooms: enRooms, bilaterals: enBilaterals, live: enLive, checkin: enCheckin },
  fr: { common: frCommon, auth: frAuth, registration: frRegistration, accreditation: frAccreditation, account: frAccount, settings: frSettings, mail: frMail, workshops: frWorkshops, agenda: frAgenda, scheduling: frScheduling, rooms: frRooms, bilaterals: frBilaterals, live: frLive, checkin: frCheckin },
} as const;

export function isSupportedLanguage(value: unknown): value is SupportedLanguage {
  return typeof value === "string" && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

const RTL_LANGUAGES = new Set(["ar", "he", "fa", "ur"]);
export function textDirection(language: string): "ltr" | "rtl" {
  return RTL_LANGUAGES.has(language.split("-")[0]) ? "rtl" : "ltr";
}

/** One instance per request on the server, one per page on the client. */
export function createI18n(language: SupportedLanguage): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...SUPPORTED_LANGUAGES],
    ns: [...NAMESPACES],
    defaultNS: "common",
    resources,
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  return instance;
}
