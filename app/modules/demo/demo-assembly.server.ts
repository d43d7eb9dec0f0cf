/**
 * The demo assembly: the 93rd General Assembly in Marrakech (Africa/Casablanca), four days from
 * a start date, created on the first start of an empty database and by `npm run db:seed`.
 *
 * Deterministic: one seeded random stream (seed 93) drives every choice, so the same start date
 * gives the same names, emails, titles and times (ids and timestamps differ). Built with the test
 * factories' builders (factories.server.ts) and written in one transaction with the factories'
 * bulk insert (insertRows: one statement per table instead of createMany's per-row client cost).
 *
 * The fixed content comes first (rooms, tracks, programme titles, which country gets which
 * names); country names come from i18n-iso-countries, person names from faker's locales, with
 * small hand-written lists only for scripts faker has no locale for.
 */
import { Faker, allLocales, generateMersenne53Randomizer, type LocaleDefinition } from "@faker-js/faker";
import countries from "i18n-iso-countries";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.ts";
import type { SpeakerRole } from "../../generated/prisma/enums.ts";
import { addDaysToDate, dateInZone, todayInZone, zonedWallTimeToUtc } from "../../lib/zoned-time.ts";
import { hashPassword } from "../auth/password.server.ts";
import {
  buildDelegationData,
  buildEventData,
  buildInvitationCodeData,
  buildQuotaData,
  buildRegistrationData,
  buildRoomData,
  buildSessionData,
  buildSessionTextData,
  buildSignupData,
  buildSpeakerData,
  buildUserData,
  countryName,
  insertRows,
  uuidv7,
  type Db,
  type DelegationData,
  type EventData,
  type RegistrationData,
  type RoomData,
  type SessionData,
  type SessionTextInput,
  type SignupData,
  type SpeakerInput,
  type UserData,
} from "./factories.server.ts";

export type Lang = "en" | "fr" | "es" | "ar";
export type Texts = { en: string; fr: string; es?: string; ar?: string };

export const WORKING_LANGUAGES: Lang[] = ["en", "fr", "es", "ar"];

// ---------------------------------------------------------------------------------------------
// Countries
// ---------------------------------------------------------------------------------------------

/** ISO 3166-1 codes that are territories, dependencies or user-assigned, not member countries. */
export const NON_MEMBER_CODES = new Set(
  (
    "AS AI AQ AW AX BL BM BQ BV CC CK CW CX EH FK FO GF GG GI GL GP GS GU HK HM IM IO JE KY MF MO MP " +
    "MQ MS NC NF NU PF PM PN PR RE SH SJ SX TC TF TK TW UM VG VI WF YT XK"
  ).split(" "),
);

/** Countries always among the demo delegations (host first; together they cover many scripts). */
export const MUST_HAVE_COUNTRIES = [
  "MA", "CN", "RU", "UA", "IN", "NP", "FR", "ES", "SA", "EG", "AE", "BR", "US", "GB", "MX", "AR",
  "JP", "KR", "VN", "TR", "DE", "NG", "ZA", "IL", "GR", "IR", "PK", "BD", "ET", "TH", "MV", "GE",
  "AM", "SN", "CI", "CO", "PL", "CZ", "KZ",
];

export const ARABIC_SPEAKING = new Set(
  "DZ BH KM DJ EG IQ JO KW LB LY MA MR OM PS QA SA SO SD SY TN AE YE".split(" "),
);
export const FRENCH_SPEAKING = new Set(
  "FR MC LU BE CH HT SN CI ML BF NE TG BJ GN CM GA CG CD CF TD MG BI RW SC VU".split(" "),
);
export const SPANISH_SPEAKING = new Set(
  "ES AD MX GT HN SV NI CR PA CU DO CO VE EC PE BO CL AR PY UY GQ".split(" "),
);

/**
 * Where a country's people get their names: faker locale keys (see faker's `allLocales`) or one
 * of the HAND_NAMES lists; one is drawn per person. Countries not listed use "en".
 */
export const NAME_SOURCES: Record<string, string[]> = {
  ...Object.fromEntries([...ARABIC_SPEAKING].map((code) => [code, ["ar"]])),
  IQ: ["ar", "ar", "ku_ckb"],
  IR: ["fa"], AF: ["fa"], PK: ["ur"], IL: ["he"],
  RU: ["ru"], BY: ["ru"], KZ: ["ru"], KG: ["ru"], TJ: ["ru"], UA: ["uk"], MK: ["mk"], BG: ["mk"],
  AM: ["hy"], GE: ["ka_GE"], AZ: ["az"], UZ: ["uz_UZ_latin"], TM: ["uz_UZ_latin"],
  GR: ["el"], CY: ["el"], TR: ["tr"],
  CN: ["zh_CN"], JP: ["ja"], KR: ["ko"], KP: ["ko"], VN: ["vi"], TH: ["th"], SG: ["en_HK"],
  NP: ["ne"], IN: ["hi", "hi", "en_IN"], BD: ["bn"], LK: ["en_IN"], BT: ["en_IN"], MV: ["dv"],
  ID: ["id_ID"], MY: ["id_ID"], BN: ["id_ID"], PH: ["es_MX", "en_US"],
  FR: ["fr"], MC: ["fr"], LU: ["fr_LU"], BE: ["fr_BE", "nl_BE"], CH: ["de_CH", "fr_CH", "it"],
  DE: ["de"], AT: ["de_AT"], LI: ["de_CH"], IT: ["it"], SM: ["it"], VA: ["it"], MT: ["it", "en_GB"],
  ES: ["es"], AD: ["es"], PT: ["pt_PT"], NL: ["nl"], DK: ["da"], NO: ["nb_NO"], IS: ["nb_NO"],
  SE: ["sv"], FI: ["fi"], EE: ["fi"], IE: ["en_IE"], GB: ["en_GB"], PL: ["pl"], CZ: ["cs_CZ"],
  SK: ["sk"], HU: ["hu"], RO: ["ro"], MD: ["ro_MD"], HR: ["hr"], SI: ["sl_SI"], RS: ["sr_RS_latin"],
  ME: ["sr_RS_latin"], BA: ["sr_RS_latin"], LV: ["lv"], LT: ["lv"],
  US: ["en_US"], CA: ["en_CA", "fr_CA"], BR: ["pt_BR"], HT: ["fr"], SR: ["nl"],
  ...Object.fromEntries(
    "MX GT HN SV NI CR PA CU DO CO VE EC PE BO CL AR PY UY".split(" ").map((code) => [code, ["es_MX"]]),
  ),
  GQ: ["es"],
  ...Object.fromEntries(
    "SN CI ML BF NE TG BJ GN CM GA CG CD CF TD MG BI RW".split(" ").map((code) => [code, ["fr_SN"]]),
  ),
  NG: ["en_NG", "yo_NG"], GH: ["en_GH"], LR: ["en_GH"], SL: ["en_GH"], GM: ["en_GH"],
  ZA: ["en_ZA", "af_ZA", "zu_ZA"], NA: ["en_ZA", "af_ZA"], BW: ["en_ZA"], LS: ["zu_ZA"], SZ: ["zu_ZA"],
  ZW: ["en_ZA", "zu_ZA"], ZM: ["en_ZA"], MW: ["en_ZA"], KE: ["en_GH"], UG: ["en_GH"], TZ: ["en_GH"],
  AO: ["pt_PT"], MZ: ["pt_PT"], CV: ["pt_PT"], GW: ["pt_PT"], ST: ["pt_PT"], TL: ["pt_PT"],
  ET: ["am"], ER: ["am"],
  AU: ["en_AU"], NZ: ["en_AU"],
};

interface HandNames {
  male: string[];
  female: string[];
  family: string[];
}

/** Names in scripts faker has no locale for (Hindi in Devanagari, Bengali, Amharic in Ge'ez). */
export const HAND_NAMES: Record<string, HandNames> = {
  hi: {
    male: ["राहुल", "अमित", "विजय", "सुरेश", "राजेश", "अनिल", "संजय", "दीपक", "मनोज", "अरविंद", "विकास", "आदित्य"],
    female: ["प्रिया", "सुनीता", "अनीता", "पूजा", "नेहा", "कविता", "मीना", "रेखा", "अंजलि", "दीप्ति"],
    family: ["शर्मा", "वर्मा", "गुप्ता", "सिंह", "कुमार", "यादव", "मिश्रा", "पाण्डेय", "चौहान", "त्रिपाठी", "जोशी", "अग्रवाल"],
  },
  bn: {
    male: ["রহিম", "করিম", "আনিস", "সাকিব", "তানভীর", "মাহমুদ", "রফিক", "ফারুক", "জাহিদ", "সোহেল"],
    female: ["ফাতেমা", "নুসরাত", "সুমাইয়া", "তাসলিমা", "রুমানা", "শারমিন", "নাসরিন", "সাবরিনা"],
    family: ["হোসেন", "রহমান", "ইসলাম", "আহমেদ", "চৌধুরী", "খান", "সরকার", "উদ্দিন", "মিয়া", "তালুকদার"],
  },
  am: {
    male: ["አበበ", "ተስፋዬ", "ዳዊት", "ሙሉጌታ", "ብርሃኑ", "ሰለሞን", "ዮናስ", "ኤርሚያስ", "ግርማ"],
    female: ["ሄለን", "መሰረት", "ትዕግስት", "ብርቱካን", "ሰላም", "ሕይወት", "ማርታ"],
    family: ["ከበደ", "ወልደማርያም", "ገብረመድህን", "ተፈራ", "አለሙ", "በቀለ", "ታደሰ", "ሀይሌ", "ደስታ"],
  },
};

export const CHIEF_TITLES = [
  "Chief of Police",
  "Director General of National Police",
  "Commissioner of Police",
  "Inspector General of Police",
  "National Police Commissioner",
  "Director General of the Gendarmerie",
];

export const HEAD_TITLES = [
  "Head of National Central Bureau",
  "Deputy Chief of Police",
  "Director of International Police Cooperation",
  "Assistant Commissioner",
  "Director of Criminal Investigations",
];

export const DELEGATE_TITLES = [
  "Superintendent",
  "Chief Superintendent",
  "Inspector",
  "Chief Inspector",
  "Commander",
  "Deputy Director",
  "Head of Unit",
  "Legal Adviser",
  "Criminal Intelligence Analyst",
  "Liaison Officer",
  "Cybercrime Investigator",
  "Head of International Cooperation",
  "Digital Forensics Specialist",
  "Training Coordinator",
];

export const ORGANISATIONS = [
  "National Police",
  "National Central Bureau",
  "Ministry of the Interior",
  "Criminal Investigation Department",
  "Gendarmerie",
  "Financial Intelligence Unit",
  "Cybercrime Unit",
];

export const GUEST_AFFILIATIONS = [
  "United Nations Office on Drugs and Crime",
  "Council of Europe",
  "African Union Mechanism for Police Cooperation (AFRIPOL)",
  "Police Community of the Americas (AMERIPOL)",
  "Europol",
  "ASEANAPOL",
  "GCC-POL",
  "World Customs Organization",
  "International Telecommunication Union",
  "Cadi Ayyad University, Marrakech",
  "General Secretariat",
];

export const DIETARY_NEEDS = ["Vegetarian", "Halal", "Gluten-free", "Kosher", "Vegan", "No nuts (allergy)"];
export const ACCESSIBILITY_NEEDS = [
  "Wheelchair user: step-free access and an aisle seat",
  "Hearing loop in session rooms",
  "Large-print documents",
];

// ---------------------------------------------------------------------------------------------
// Venue
// ---------------------------------------------------------------------------------------------

export interface RoomSpec {
  key: string;
  names: Record<Lang, string>;
  capacity: number;
  floor: string;
  layout: string;
  equipment: string[];
  interpretationLanguages: Lang[];
  opensAt: string;
  closesAt: string;
  stepFreeAccess?: boolean;
}

const BOOTHS = ["projectors", "interpretation booths", "microphones", "hearing loop"];

export const ROOMS: RoomSpec[] = [
  {
    key: "hall",
    names: { en: "Plenary Hall", fr: "Salle plénière", es: "Sala plenaria", ar: "القاعة العامة" },
    capacity: 1200, floor: "Ground floor", layout: "theatre",
    equipment: ["stage", ...BOOTHS, "voting consoles", "live stream"],
    interpretationLanguages: ["ar", "en", "fr", "es"], opensAt: "08:00", closesAt: "19:00",
  },
  {
    key: "koutoubia",
    names: { en: "Koutoubia Hall", fr: "Salle Koutoubia", es: "Sala Kutubía", ar: "قاعة الكتبية" },
    capacity: 400, floor: "First floor", layout: "theatre", equipment: ["stage", ...BOOTHS, "live stream"],
    interpretationLanguages: ["ar", "en", "fr", "es"], opensAt: "08:00", closesAt: "21:00",
  },
  {
    key: "menara",
    names: { en: "Menara Hall", fr: "Salle Ménara", es: "Sala Menara", ar: "قاعة المنارة" },
    capacity: 300, floor: "First floor", layout: "theatre", equipment: ["stage", ...BOOTHS],
    interpretationLanguages: ["en", "fr", "es"], opensAt: "08:00", closesAt: "21:00",
  },
  {
    key: "majorelle",
    names: { en: "Majorelle Hall", fr: "Salle Majorelle", es: "Sala Majorelle", ar: "قاعة ماجوريل" },
    capacity: 220, floor: "First floor", layout: "cabaret", equipment: [...BOOTHS],
    interpretationLanguages: ["en", "fr", "ar"], opensAt: "08:00", closesAt: "21:00",
  },
  {
    key: "atlas",
    names: { en: "Atlas Room", fr: "Salle Atlas", es: "Sala Atlas", ar: "قاعة الأطلس" },
    capacity: 120, floor: "Second floor", layout: "classroom", equipment: [...BOOTHS, "whiteboard"],
    interpretationLanguages: ["en", "fr"], opensAt: "08:00", closesAt: "19:00",
  },
  {
    key: "tafilalet",
    names: { en: "Tafilalet Room", fr: "Salle Tafilalet", es: "Sala Tafilalet", ar: "قاعة تافيلالت" },
    capacity: 100, floor: "Second floor", layout: "classroom", equipment: [...BOOTHS, "whiteboard"],
    interpretationLanguages: ["en", "ar"], opensAt: "08:00", closesAt: "19:00",
  },
  {
    key: "agafay",
    names: { en: "Agafay Room", fr: "Salle Agafay", es: "Sala Agafay", ar: "قاعة أكفاي" },
    capacity: 80, floor: "Second floor", layout: "U-shape", equipment: ["projector", "microphones", "whiteboard"],
    interpretationLanguages: ["en", "fr"], opensAt: "08:00", closesAt: "19:00",
  },
  {
    key: "ourika",
    names: { en: "Ourika Room", fr: "Salle Ourika", es: "Sala Ourika", ar: "قاعة أوريكا" },
    capacity: 60, floor: "Mezzanine", layout: "workshop tables", equipment: ["projector", "flip charts"],
    interpretationLanguages: [], opensAt: "08:00", closesAt: "19:00", stepFreeAccess: false,
  },
  {
    key: "essaouira",
    names: { en: "Essaouira Room", fr: "Salle Essaouira", es: "Sala Esauira", ar: "قاعة الصويرة" },
    capacity: 50, floor: "Second floor", layout: "workshop tables", equipment: ["projector", "laptops"],
    interpretationLanguages: ["en", "es"], opensAt: "08:00", closesAt: "19:00",
  },
  {
    key: "ouarzazate",
    names: { en: "Ouarzazate Room", fr: "Salle Ouarzazate", es: "Sala Uarzazat", ar: "قاعة ورزازات" },
    capacity: 40, floor: "Second floor", layout: "computer lab", equipment: ["projector", "laptops", "isolated network"],
    interpretationLanguages: [], opensAt: "08:00", closesAt: "19:00",
  },
  ...[12, 16, 20].map(
    (capacity, i): RoomSpec => ({
      key: `bilateral${i + 1}`,
      names: {
        en: `Bilateral Room ${i + 1}`,
        fr: `Salle bilatérale ${i + 1}`,
        es: `Sala bilateral ${i + 1}`,
        ar: `قاعة الاجتماعات الثنائية ${i + 1}`,
      },
      capacity, floor: "Third floor", layout: "boardroom", equipment: ["screen", "video conferencing"],
      interpretationLanguages: [], opensAt: "08:00", closesAt: "20:00",
    }),
  ),
  {
    key: "terrace",
    names: { en: "Garden Terrace", fr: "Terrasse des jardins", es: "Terraza del jardín", ar: "شرفة الحدائق" },
    capacity: 600, floor: "Garden level", layout: "reception", equipment: ["stage", "sound system", "lighting"],
    interpretationLanguages: [], opensAt: "10:00", closesAt: "01:00",
  },
  {
    key: "press",
    names: { en: "Press Centre", fr: "Centre de presse", es: "Centro de prensa", ar: "المركز الإعلامي" },
    capacity: 80, floor: "Ground floor", layout: "newsroom", equipment: ["workstations", "broadcast feed", "interview booth"],
    interpretationLanguages: [], opensAt: "07:30", closesAt: "22:00",
  },
];

export const TRACKS: { key: string; names: Record<Lang, string>; color: string }[] = [
  {
    key: "cyber",
    names: {
      en: "UN Convention against Cybercrime",
      fr: "Convention des Nations Unies contre la cybercriminalité",
      es: "Convención de las Naciones Unidas contra la Ciberdelincuencia",
      ar: "اتفاقية الأمم المتحدة لمكافحة الجريمة السيبرانية",
    },
    color: "#1f6feb",
  },
  {
    key: "comms",
    names: {
      en: "Secure communications and data",
      fr: "Communications sécurisées et données",
      es: "Comunicaciones seguras y datos",
      ar: "الاتصالات الآمنة والبيانات",
    },
    color: "#0e8a16",
  },
  {
    key: "capacity",
    names: { en: "Capacity building", fr: "Renforcement des capacités", es: "Fortalecimiento de capacidades", ar: "بناء القدرات" },
    color: "#b08800",
  },
  {
    key: "scams",
    names: {
      en: "Online scams and child protection",
      fr: "Escroqueries en ligne et protection de l'enfance",
      es: "Estafas en línea y protección de la infancia",
      ar: "الاحتيال عبر الإنترنت وحماية الطفل",
    },
    color: "#d73a49",
  },
  {
    key: "cooperation",
    names: { en: "International cooperation", fr: "Coopération internationale", es: "Cooperación internacional", ar: "التعاون الدولي" },
    color: "#6f42c1",
  },
  {
    key: "organised",
    names: {
      en: "Transnational organised crime",
      fr: "Criminalité organisée transnationale",
      es: "Delincuencia organizada transnacional",
      ar: "الجريمة المنظمة العابرة للحدود",
    },
    color: "#e36209",
  },
  {
    key: "women",
    names: { en: "Women in policing", fr: "Les femmes dans la police", es: "Las mujeres en la policía", ar: "المرأة في العمل الشرطي" },
    color: "#bf3989",
  },
  {
    key: "governance",
    names: {
      en: "Governance and statutory business",
      fr: "Gouvernance et questions statutaires",
      es: "Gobernanza y asuntos estatutarios",
      ar: "الحوكمة والشؤون النظامية",
    },
    color: "#57606a",
  },
];

// ---------------------------------------------------------------------------------------------
// Programme
// ---------------------------------------------------------------------------------------------

export interface PlenarySpec {
  day: number;
  start: string;
  end: string;
  track: string;
  title: Texts;
  floorLanguage?: Lang;
}

export const PLENARIES: PlenarySpec[] = [
  { day: 0, start: "09:00", end: "10:30", track: "governance", title: {
    en: "Opening ceremony", fr: "Cérémonie d'ouverture", es: "Ceremonia de apertura", ar: "حفل الافتتاح" } , floorLanguage: "ar" },
  { day: 0, start: "11:00", end: "12:30", track: "cooperation", title: {
    en: "Keynote: policing a connected world",
    fr: "Discours liminaire : la police dans un monde connecté",
    es: "Discurso inaugural: la labor policial en un mundo conectado",
    ar: "كلمة رئيسية: العمل الشرطي في عالم مترابط" } },
  { day: 0, start: "14:30", end: "16:00", track: "cyber", title: {
    en: "The UN Convention against Cybercrime: from ratification to implementation",
    fr: "La Convention des Nations Unies contre la cybercriminalité : de la ratification à la mise en œuvre",
    es: "La Convención de las Naciones Unidas contra la Ciberdelincuencia: de la ratificación a la aplicación",
    ar: "اتفاقية الأمم المتحدة لمكافحة الجريمة السيبرانية: من التصديق إلى التنفيذ" } },
  { day: 0, start: "16:30", end: "18:00", track: "governance", title: {
    en: "Report of the Secretary General", fr: "Rapport du Secrétaire général",
    es: "Informe del Secretario General", ar: "تقرير الأمين العام" } },
  { day: 1, start: "09:00", end: "10:30", track: "cooperation", title: {
    en: "Regional reports: Africa and the Americas", fr: "Rapports régionaux : Afrique et Amériques",
    es: "Informes regionales: África y las Américas", ar: "التقارير الإقليمية: أفريقيا والأمريكتان" }, floorLanguage: "fr" },
  { day: 1, start: "11:00", end: "12:30", track: "cooperation", title: {
    en: "Regional reports: Asia and the South Pacific, Europe, Middle East and North Africa",
    fr: "Rapports régionaux : Asie et Pacifique Sud, Europe, Moyen-Orient et Afrique du Nord",
    es: "Informes regionales: Asia y el Pacífico Sur, Europa, Oriente Medio y Norte de África",
    ar: "التقارير الإقليمية: آسيا وجنوب المحيط الهادئ وأوروبا والشرق الأوسط وشمال أفريقيا" } },
  { day: 1, start: "14:30", end: "16:00", track: "organised", title: {
    en: "Dismantling transnational scam centres", fr: "Démanteler les centres d'escroquerie transnationaux",
    es: "Desmantelar los centros transnacionales de estafa", ar: "تفكيك مراكز الاحتيال العابرة للحدود" }, floorLanguage: "es" },
  { day: 1, start: "16:30", end: "18:00", track: "women", title: {
    en: "Panel: women in policing, leadership and recruitment",
    fr: "Table ronde : les femmes dans la police, leadership et recrutement",
    es: "Mesa redonda: las mujeres en la policía, liderazgo y contratación",
    ar: "حلقة نقاش: المرأة في العمل الشرطي، القيادة والتوظيف" } },
  { day: 2, start: "09:00", end: "10:30", track: "comms", title: {
    en: "Secure global police communications: the next-generation network",
    fr: "Communications policières mondiales sécurisées : le réseau de nouvelle génération",
    es: "Comunicaciones policiales mundiales seguras: la red de próxima generación",
    ar: "الاتصالات الشرطية العالمية الآمنة: شبكة الجيل القادم" } },
  { day: 2, start: "11:00", end: "12:30", track: "governance", title: {
    en: "Budget and finances", fr: "Budget et finances", es: "Presupuesto y finanzas", ar: "الميزانية والشؤون المالية" } },
  { day: 2, start: "14:30", end: "16:00", track: "comms", title: {
    en: "Notices and diffusions: review of the year", fr: "Notices et diffusions : bilan de l'année",
    es: "Notificaciones y difusiones: balance del año", ar: "النشرات والتعميمات: حصيلة العام" } },
  { day: 3, start: "09:00", end: "10:30", track: "governance", title: {
    en: "Draft resolutions: debate", fr: "Projets de résolution : débat",
    es: "Proyectos de resolución: debate", ar: "مشاريع القرارات: مناقشة" } },
  { day: 3, start: "11:00", end: "12:30", track: "governance", title: {
    en: "Adoption of resolutions (roll-call vote)", fr: "Adoption des résolutions (vote par appel nominal)",
    es: "Aprobación de las resoluciones (votación nominal)", ar: "اعتماد القرارات (التصويت بنداء الأسماء)" } },
  { day: 3, start: "14:30", end: "15:30", track: "governance", title: {
    en: "Elections to the Executive Committee", fr: "Élections au Comité exécutif",
    es: "Elecciones al Comité Ejecutivo", ar: "انتخابات اللجنة التنفيذية" } },
  { day: 3, start: "16:00", end: "17:00", track: "governance", title: {
    en: "Closing ceremony", fr: "Cérémonie de clôture", es: "Ceremonia de clausura", ar: "حفل الاختتام" }, floorLanguage: "ar" },
];

export const WORKSHOPS: { track: string; title: Texts; floorLanguage?: Lang }[] = [
  { track: "cyber", title: {
    en: "Criminalisation provisions of the Convention: aligning national law",
    fr: "Dispositions d'incrimination de la Convention : harmoniser le droit national",
    es: "Disposiciones de tipificación de la Convención: armonizar el derecho nacional",
    ar: "أحكام التجريم في الاتفاقية: مواءمة القوانين الوطنية" } },
  { track: "cyber", title: {
    en: "Electronic evidence across borders: preservation and production orders",
    fr: "La preuve électronique au-delà des frontières : injonctions de conservation et de production",
    es: "La prueba electrónica transfronteriza: órdenes de conservación y de presentación" } },
  { track: "cyber", title: {
    en: "Drafting the additional protocols: what police need",
    fr: "Rédiger les protocoles additionnels : les besoins de la police" } },
  { track: "cyber", title: {
    en: "24/7 networks for urgent cybercrime cooperation",
    fr: "Les réseaux 24/7 pour la coopération urgente contre la cybercriminalité",
    es: "Redes 24/7 para la cooperación urgente contra la ciberdelincuencia" }, floorLanguage: "es" },
  { track: "cyber", title: {
    en: "Human-rights safeguards in cybercrime investigations",
    fr: "Garanties des droits humains dans les enquêtes sur la cybercriminalité",
    ar: "ضمانات حقوق الإنسان في تحقيقات الجريمة السيبرانية" } },
  { track: "comms", title: {
    en: "Hands-on: the secure police messaging network",
    fr: "Atelier pratique : le réseau sécurisé de messagerie policière",
    es: "Taller práctico: la red segura de mensajería policial" } },
  { track: "comms", title: {
    en: "Issuing notices: quality and compliance", fr: "Publier des notices : qualité et conformité" }, floorLanguage: "fr" },
  { track: "comms", title: {
    en: "Criminal data analysis with open-source tools",
    fr: "Analyse des données criminelles avec des outils libres",
    es: "Análisis de datos criminales con herramientas de código abierto",
    ar: "تحليل البيانات الجنائية بأدوات مفتوحة المصدر" } },
  { track: "comms", title: {
    en: "Biometrics: fingerprints, faces and DNA in international searches",
    fr: "La biométrie : empreintes, visages et ADN dans les recherches internationales" } },
  { track: "comms", title: {
    en: "Data protection rules for police information exchange",
    fr: "Règles de protection des données pour l'échange d'informations policières",
    es: "Normas de protección de datos para el intercambio de información policial" } },
  { track: "comms", title: {
    en: "Stolen and lost travel documents: frontline checks",
    fr: "Documents de voyage volés et perdus : contrôles en première ligne",
    ar: "وثائق السفر المسروقة والمفقودة: التحقق في الخطوط الأمامية" }, floorLanguage: "ar" },
  { track: "capacity", title: {
    en: "Designing a national cybercrime training curriculum",
    fr: "Concevoir un programme national de formation à la cybercriminalité",
    es: "Diseñar un programa nacional de formación sobre ciberdelincuencia" } },
  { track: "capacity", title: {
    en: "Technical assistance: from needs assessment to delivery",
    fr: "Assistance technique : de l'évaluation des besoins à la mise en œuvre" } },
  { track: "capacity", title: {
    en: "Digital forensics laboratories on a small budget",
    fr: "Laboratoires de criminalistique numérique à petit budget",
    es: "Laboratorios de informática forense con poco presupuesto",
    ar: "مختبرات الأدلة الجنائية الرقمية بميزانية محدودة" } },
  { track: "capacity", title: {
    en: "Mentoring programmes for new national central bureaus",
    fr: "Programmes de tutorat pour les nouveaux bureaux centraux nationaux" }, floorLanguage: "fr" },
  { track: "capacity", title: {
    en: "Operational assistance for the security of major events",
    fr: "Assistance opérationnelle pour la sécurité des grands événements",
    es: "Asistencia operativa para la seguridad de grandes eventos" } },
  { track: "scams", title: {
    en: "Setting up a national unit against online scams",
    fr: "Créer une unité nationale contre les escroqueries en ligne",
    es: "Crear una unidad nacional contra las estafas en línea",
    ar: "إنشاء وحدة وطنية لمكافحة الاحتيال عبر الإنترنت" } },
  { track: "scams", title: {
    en: "Victim identification in child sexual exploitation material",
    fr: "Identification des victimes dans les contenus d'exploitation sexuelle d'enfants",
    es: "Identificación de víctimas en material de explotación sexual infantil" } },
  { track: "scams", title: {
    en: "Working with platforms and payment providers",
    fr: "Travailler avec les plateformes et les prestataires de paiement" } },
  { track: "scams", title: {
    en: "Ransomware response playbooks", fr: "Guides de réponse aux rançongiciels",
    es: "Protocolos de respuesta al ransomware", ar: "أدلة الاستجابة لبرامج الفدية" } },
  { track: "scams", title: {
    en: "Cryptocurrency tracing for investigators", fr: "Traçage des cryptomonnaies pour les enquêteurs",
    es: "Rastreo de criptomonedas para investigadores" } },
  { track: "scams", title: {
    en: "Sextortion of minors: prevention and response", fr: "Sextorsion de mineurs : prévention et réponse" } },
  { track: "cooperation", title: {
    en: "National central bureaus and UN missions: working together",
    fr: "Bureaux centraux nationaux et missions auprès de l'ONU : travailler ensemble",
    ar: "المكاتب المركزية الوطنية والبعثات لدى الأمم المتحدة: العمل معاً" } },
  { track: "cooperation", title: {
    en: "Preparing for the Conference of the States Parties",
    fr: "Préparer la Conférence des États parties",
    es: "Preparar la Conferencia de los Estados Partes" } },
  { track: "cooperation", title: {
    en: "Regional police organisations: sharing the work",
    fr: "Organisations policières régionales : se répartir le travail" } },
  { track: "cooperation", title: {
    en: "Extradition and mutual legal assistance: speeding up requests",
    fr: "Extradition et entraide judiciaire : accélérer les demandes",
    es: "Extradición y asistencia judicial recíproca: agilizar las solicitudes" }, floorLanguage: "es" },
  { track: "organised", title: {
    en: "Mapping transnational organised crime networks",
    fr: "Cartographier les réseaux criminels organisés transnationaux",
    es: "Mapear las redes de delincuencia organizada transnacional",
    ar: "رسم خرائط شبكات الجريمة المنظمة العابرة للحدود" } },
  { track: "organised", title: {
    en: "Human trafficking into scam compounds",
    fr: "La traite des êtres humains vers les centres d'escroquerie",
    es: "La trata de personas hacia los centros de estafa" } },
  { track: "organised", title: {
    en: "Following the money: asset recovery", fr: "Suivre l'argent : le recouvrement des avoirs",
    es: "Seguir el dinero: la recuperación de activos" } },
  { track: "organised", title: {
    en: "Drug trafficking routes through West Africa and the Sahel",
    fr: "Les routes du trafic de drogue en Afrique de l'Ouest et au Sahel",
    ar: "طرق تهريب المخدرات عبر غرب أفريقيا والساحل" }, floorLanguage: "fr" },
  { track: "organised", title: {
    en: "Firearms trafficking: tracing and record-keeping",
    fr: "Trafic d'armes à feu : traçage et tenue des registres" } },
  { track: "organised", title: {
    en: "Environmental crime: wildlife, timber and fisheries",
    fr: "Criminalité environnementale : faune, bois et pêche",
    es: "Delitos ambientales: fauna, madera y pesca" } },
  { track: "women", title: {
    en: "Mentoring women leaders in policing",
    fr: "Accompagner les femmes dirigeantes dans la police",
    es: "Mentoría para mujeres líderes en la policía",
    ar: "توجيه القيادات النسائية في العمل الشرطي" } },
  { track: "women", title: {
    en: "Recruitment and retention: lessons from five regions",
    fr: "Recrutement et fidélisation : leçons de cinq régions" } },
  { track: "women", title: {
    en: "Gender-responsive investigation of violence against women",
    fr: "Enquêtes sensibles au genre sur les violences faites aux femmes",
    es: "Investigación con perspectiva de género de la violencia contra las mujeres" } },
  { track: "capacity", title: {
    en: "Wellbeing and resilience of investigators exposed to harmful content",
    fr: "Bien-être et résilience des enquêteurs exposés à des contenus préjudiciables" } },
];

export const REPEAT_SUFFIX: Record<Lang, string> = {
  en: "(repeat session)",
  fr: "(seconde séance)",
  es: "(segunda sesión)",
  ar: "(جلسة ثانية)",
};

export const REGIONAL_MEETINGS: Texts[] = [
  { en: "Regional meeting: Africa", fr: "Réunion régionale : Afrique", es: "Reunión regional: África", ar: "اجتماع إقليمي: أفريقيا" },
  { en: "Regional meeting: the Americas", fr: "Réunion régionale : Amériques", es: "Reunión regional: las Américas", ar: "اجتماع إقليمي: الأمريكتان" },
  { en: "Regional meeting: Asia and the South Pacific", fr: "Réunion régionale : Asie et Pacifique Sud", es: "Reunión regional: Asia y el Pacífico Sur", ar: "اجتماع إقليمي: آسيا وجنوب المحيط الهادئ" },
  { en: "Regional meeting: Europe", fr: "Réunion régionale : Europe", es: "Reunión regional: Europa", ar: "اجتماع إقليمي: أوروبا" },
  { en: "Regional meeting: Middle East and North Africa", fr: "Réunion régionale : Moyen-Orient et Afrique du Nord", es: "Reunión regional: Oriente Medio y Norte de África", ar: "اجتماع إقليمي: الشرق الأوسط وشمال أفريقيا" },
];

export const SIDE_EVENTS: { track: string; title: Texts; floorLanguage?: Lang }[] = [
  { track: "scams", title: {
    en: "Launch of the global report on online scams",
    fr: "Lancement du rapport mondial sur les escroqueries en ligne",
    es: "Presentación del informe mundial sobre las estafas en línea" } },
  { track: "comms", title: {
    en: "Exhibition tour: police technology showcase",
    fr: "Visite de l'exposition : vitrine des technologies policières" } },
  { track: "cooperation", title: {
    en: "Regional meeting: African heads of police", fr: "Réunion régionale : chefs de police africains",
    ar: "اجتماع إقليمي: قادة الشرطة الأفارقة" }, floorLanguage: "fr" },
  { track: "cooperation", title: {
    en: "Regional meeting: the Americas", fr: "Réunion régionale : Amériques", es: "Reunión regional: las Américas" },
    floorLanguage: "es" },
  { track: "cooperation", title: {
    en: "Regional meeting: Asia and the South Pacific", fr: "Réunion régionale : Asie et Pacifique Sud" } },
  { track: "cooperation", title: { en: "Regional meeting: Europe", fr: "Réunion régionale : Europe" } },
  { track: "cooperation", title: {
    en: "Regional meeting: Middle East and North Africa", fr: "Réunion régionale : Moyen-Orient et Afrique du Nord",
    ar: "اجتماع إقليمي: الشرق الأوسط وشمال أفريقيا" }, floorLanguage: "ar" },
  { track: "women", title: {
    en: "Women in policing network meeting", fr: "Réunion du réseau des femmes dans la police",
    es: "Reunión de la red de mujeres policías", ar: "اجتماع شبكة النساء في العمل الشرطي" } },
  { track: "scams", title: {
    en: "Young people and cyber safety: film screening and debate",
    fr: "Jeunesse et cybersécurité : projection et débat" } },
  { track: "cooperation", title: {
    en: "Book launch: a history of international police cooperation",
    fr: "Lancement d'ouvrage : une histoire de la coopération policière internationale" } },
  { track: "scams", title: {
    en: "Private-sector partners' roundtable on scam prevention",
    fr: "Table ronde des partenaires privés sur la prévention des escroqueries" } },
  { track: "cooperation", title: {
    en: "French-speaking police network meeting", fr: "Réunion du réseau des polices francophones" }, floorLanguage: "fr" },
  { track: "cooperation", title: {
    en: "Forum of Spanish-speaking police chiefs", fr: "Forum des chefs de police hispanophones",
    es: "Foro de jefes de policía de habla hispana" }, floorLanguage: "es" },
  { track: "cooperation", title: {
    en: "Consultation of Arab police leaders", fr: "Consultation des dirigeants de police arabes",
    ar: "مشاورة قادة الشرطة العرب" }, floorLanguage: "ar" },
  { track: "governance", title: {
    en: "Candidates for the Executive Committee meet the delegations",
    fr: "Les candidats au Comité exécutif rencontrent les délégations" } },
  { track: "organised", title: {
    en: "Briefing: operations against transnational scam centres",
    fr: "Point d'information : opérations contre les centres d'escroquerie transnationaux" } },
];

/** Evening events on the Garden Terrace; the gala runs past midnight. */
export const RECEPTIONS: { day: number; start: string; end: string; endDay: number; title: Texts }[] = [
  { day: 0, start: "19:00", end: "21:00", endDay: 0, title: {
    en: "Welcome reception", fr: "Réception de bienvenue", es: "Recepción de bienvenida", ar: "حفل الاستقبال" } },
  { day: 2, start: "20:30", end: "00:30", endDay: 3, title: {
    en: "Gala dinner and cultural evening", fr: "Dîner de gala et soirée culturelle",
    es: "Cena de gala y velada cultural", ar: "عشاء رسمي وأمسية ثقافية" } },
];

export const DESCRIPTIONS = {
  PLENARY: {
    en: "Plenary session of the General Assembly, with simultaneous interpretation into Arabic, English, French and Spanish.",
    fr: "Séance plénière de l'Assemblée générale, avec interprétation simultanée en anglais, arabe, espagnol et français.",
    es: "Sesión plenaria de la Asamblea General, con interpretación simultánea al árabe, español, francés e inglés.",
    ar: "جلسة عامة للجمعية العامة، مع ترجمة فورية إلى الإسبانية والإنكليزية والعربية والفرنسية.",
  },
  SIDE_EVENT: {
    en: "Side event open to all accredited participants, no sign-up needed.",
    fr: "Événement parallèle ouvert à tous les participants accrédités, sans inscription.",
    es: "Evento paralelo abierto a todos los participantes acreditados, sin inscripción.",
    ar: "فعالية جانبية مفتوحة لجميع المشاركين المعتمدين، دون تسجيل مسبق.",
  },
  BILATERAL: {
    en: "Bilateral meeting between the two delegations (by invitation).",
    fr: "Réunion bilatérale entre les deux délégations (sur invitation).",
    es: "Reunión bilateral entre las dos delegaciones (por invitación).",
    ar: "اجتماع ثنائي بين الوفدين (بدعوة).",
  },
  WORKSHOP: (track: Record<Lang, string>, seats: number): Record<Lang, string> => ({
    en: `Workshop of the “${track.en}” track, limited to ${seats} participants: sign up in advance.`,
    fr: `Atelier du thème « ${track.fr} », limité à ${seats} participants : inscription préalable.`,
    es: `Taller del eje «${track.es}», limitado a ${seats} participantes: inscripción previa.`,
    ar: `ورشة عمل ضمن محور «${track.ar}»، عدد المقاعد محدود (${seats}): التسجيل المسبق مطلوب.`,
  }),
  RECEPTION: {
    en: "Evening event for all accredited participants and accompanying persons.",
    fr: "Soirée pour tous les participants accrédités et les personnes accompagnantes.",
    es: "Velada para todos los participantes acreditados y sus acompañantes.",
    ar: "أمسية لجميع المشاركين المعتمدين والمرافقين.",
  },
} as const;

export const EVENT_NAMES: Record<Lang, string> = {
  en: "93rd General Assembly",
  fr: "93e Assemblée générale",
  es: "93.ª Asamblea General",
  ar: "الدورة الثالثة والتسعون للجمعية العامة",
};

export const DATA_PROTECTION_NOTICE: Record<Lang, string> = {
  en: "The organisers process your personal data only to manage your participation in the 93rd General Assembly and delete it six months after the event. Your identity document number is visible only to you and the accreditation team.",
  fr: "Les organisateurs traitent vos données personnelles uniquement pour gérer votre participation à la 93e Assemblée générale et les suppriment six mois après l'événement. Le numéro de votre pièce d'identité n'est visible que par vous et l'équipe d'accréditation.",
  es: "Los organizadores tratan sus datos personales únicamente para gestionar su participación en la 93.ª Asamblea General y los suprimen seis meses después del evento. El número de su documento de identidad solo es visible para usted y el equipo de acreditación.",
  ar: "لا يعالج المنظمون بياناتك الشخصية إلا لإدارة مشاركتك في الدورة الثالثة والتسعين للجمعية العامة، ويحذفونها بعد ستة أشهر من انتهائها. لا يطّلع على رقم وثيقة هويتك إلا أنت وفريق الاعتماد.",
};

// ---------------------------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------------------------

export const DEMO_EVENT_SLUG = "ga-93";
export const DEMO_TIME_ZONE = "Africa/Casablanca";
export const DEMO_EMAIL_DOMAIN = "demo.plenary.test";
export const DEMO_DEFAULT_PASSWORD = "plenary-demo";
export const DEMO_DELEGATION_COUNT = 179;
export const DEMO_DELEGATE_COUNT = 800;
export const DEMO_CHIEF_OF_POLICE_COUNT = 82;
export const DEMO_APPLICANT_COUNT = 40;
/** Only delegate accounts numbered from here on hold workshop sign-ups; lower ones start clean. */
export const DEMO_FIRST_SIGNED_UP_DELEGATE = 601;
const DEMO_SEED = 93;
const DELEGATION_CAP_DEFAULT = 4;
const FULL_WORKSHOP_WAITLIST = 5;
/** Key of the advisory lock two processes take before seeding the same empty database. */
const SEED_LOCK_KEY = 7_270_793_093;

export const demoEmail = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;

export interface DemoCounts {
  delegations: number;
  users: number;
  registrations: number;
  approved: number;
  pending: number;
  chiefsOfPolice: number;
  rooms: number;
  tracks: number;
  sessions: number;
  workshops: number;
  signups: number;
  waitlisted: number;
}

export interface SeedDemoOptions {
  /** First day of the assembly in its zone, YYYY-MM-DD; it lasts four days. */
  startDate: string;
  /** Password of every demo account (hashed once). */
  password: string;
  /** Timestamps such as emailVerifiedAt derive from it; the content does not. */
  now?: Date;
  log?: (message: string) => void;
}

export interface SeedDemoResult {
  eventId: string;
  slug: string;
  counts: DemoCounts;
}

export type DemoMode = "auto" | "always" | "never";

export interface EnsureDemoOptions {
  mode: DemoMode;
  nodeEnv: string;
  /** True when DATABASE_URL points at a PostgreSQL server (not the embedded PGlite). */
  usingExternalDatabase: boolean;
  /** Default: today in Africa/Casablanca. */
  startDate?: string;
  password: string;
  now?: Date;
  log?: (message: string) => void;
}

export interface EnsureDemoResult {
  seeded: boolean;
  /** Why, for the log. */
  reason: string;
  /** The same, for code. */
  outcome: "seeded" | "disabled" | "production-external-database" | "not-empty";
  result?: SeedDemoResult;
}

interface PlannedSession {
  data: SessionData;
  texts: Record<string, SessionTextInput>;
  speakers: (SpeakerInput & { name: string })[];
}

interface Person {
  user: UserData;
  registration: RegistrationData;
}

export interface DemoPlan {
  event: EventData;
  tracks: Prisma.TrackCreateManyInput[];
  rooms: RoomData[];
  delegations: DelegationData[];
  invitationCodes: Prisma.InvitationCodeCreateManyInput[];
  quotas: Prisma.DelegationQuotaCreateManyInput[];
  people: Person[];
  sessions: PlannedSession[];
  signups: SignupData[];
  counts: DemoCounts;
}

type Sex = "male" | "female";

/** Faker instances for many locales drawing from one seeded random stream. */
function seededFakers(seed: number) {
  const randomizer = generateMersenne53Randomizer();
  randomizer.seed(seed);
  const cache = new Map<string, Faker>();
  const locales = allLocales as Record<string, LocaleDefinition>;
  return (key: string): Faker => {
    let instance = cache.get(key);
    if (!instance) {
      const definition = locales[key];
      if (!definition) throw new Error(`No faker locale ${key}`);
      instance = new Faker({ locale: [definition, locales.en, locales.base], randomizer });
      cache.set(key, instance);
    }
    return instance;
  };
}

function preferredLanguageFor(countryCode: string): Lang {
  if (ARABIC_SPEAKING.has(countryCode)) return "ar";
  if (FRENCH_SPEAKING.has(countryCode)) return "fr";
  if (SPANISH_SPEAKING.has(countryCode)) return "es";
  return "en";
}

/**
 * Everything the demo assembly consists of, built without touching a database. The same
 * startDate gives the same content (names, emails, titles, times); ids and timestamps differ.
 */
export function buildDemoPlan(options: { startDate: string; passwordHash: string; now?: Date }): DemoPlan {
  const { startDate, passwordHash } = options;
  const now = options.now ?? new Date();
  if (dateInZone(zonedWallTimeToUtc(startDate, "12:00", DEMO_TIME_ZONE), DEMO_TIME_ZONE) !== startDate) {
    throw new RangeError(`Invalid start date ${startDate}`);
  }
  const fakerFor = seededFakers(DEMO_SEED);
  const f = fakerFor("en");
  const pick = <T>(items: readonly T[]): T => f.helpers.arrayElement(items);
  const ago = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
  const at = (day: number, time: string) => zonedWallTimeToUtc(addDaysToDate(startDate, day), time, DEMO_TIME_ZONE);
  const lastDay = addDaysToDate(startDate, 3);

  // Event ----------------------------------------------------------------------------------
  const event = buildEventData({
    slug: DEMO_EVENT_SLUG,
    name: EVENT_NAMES.en,
    names: EVENT_NAMES,
    venue: "Palais des Congrès de Marrakech",
    city: "Marrakech",
    countryCode: "MA",
    timeZone: DEMO_TIME_ZONE,
    startsOn: startDate,
    endsOn: lastDay,
    languages: [...WORKING_LANGUAGES],
    published: true,
    registrationClosesAt: at(3, "12:00"),
    dataProtectionNotice: DATA_PROTECTION_NOTICE,
    signupOpensAt: at(-30, "09:00"),
    signupClosesAt: at(3, "09:00"),
    waitlistMode: "IMMEDIATE",
    waitlistOfferMinutes: 120,
    delegationCapDefault: DELEGATION_CAP_DEFAULT,
    changeoverBufferMinutes: 10,
  });
  const eventId = event.id;

  const tracks = TRACKS.map((track) => ({
    id: uuidv7(),
    eventId,
    name: track.names.en,
    names: track.names,
    color: track.color,
  }));
  const trackId = Object.fromEntries(TRACKS.map((track, i) => [track.key, tracks[i].id]));
  const trackNames = Object.fromEntries(TRACKS.map((track) => [track.key, track.names]));

  const rooms = ROOMS.map((room) =>
    buildRoomData({
      eventId,
      name: room.names.en,
      names: room.names,
      building: "Palais des Congrès",
      floor: room.floor,
      capacity: room.capacity,
      layout: room.layout,
      equipment: room.equipment,
      stepFreeAccess: room.stepFreeAccess ?? true,
      interpretationLanguages: room.interpretationLanguages,
      opensAt: room.opensAt,
      closesAt: room.closesAt,
    }),
  );
  const room = Object.fromEntries(ROOMS.map((spec, i) => [spec.key, { spec, row: rooms[i] }]));

  // Delegations ----------------------------------------------------------------------------
  const memberCodes = Object.keys(countries.getAlpha2Codes())
    .filter((code) => !NON_MEMBER_CODES.has(code))
    .sort();
  const others = f.helpers.shuffle(memberCodes.filter((code) => !MUST_HAVE_COUNTRIES.includes(code)));
  const collator = new Intl.Collator("en");
  const selected = [...MUST_HAVE_COUNTRIES, ...others.slice(0, DEMO_DELEGATION_COUNT - MUST_HAVE_COUNTRIES.length)]
    .map((code) => ({ code, name: countryName(code) }))
    .sort((a, b) => collator.compare(a.name, b.name));
  const delegations = selected.map(({ code, name }) => buildDelegationData({ eventId, countryCode: code, name }));
  const invitationCodes = delegations.map((delegation) =>
    buildInvitationCodeData({
      delegationId: delegation.id,
      code: `${delegation.countryCode}${f.string.fromCharacters("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 6)}`,
    }),
  );
  const codeOf = (i: number) => delegations[i].countryCode as string;
  const moroccoIndex = delegations.findIndex((d) => d.countryCode === "MA");

  // People ---------------------------------------------------------------------------------
  const nameFor = (countryCode: string | null, sex: Sex): { givenName: string; familyName: string } => {
    const source = pick(NAME_SOURCES[countryCode ?? ""] ?? ["en"]);
    const hand = HAND_NAMES[source];
    if (hand) return { givenName: pick(hand[sex]), familyName: pick(hand.family) };
    const locale = fakerFor(source);
    return { givenName: locale.person.firstName(sex), familyName: locale.person.lastName(sex) };
  };
  const randomSex = (): Sex => (f.number.float({ min: 0, max: 1 }) < 0.35 ? "female" : "male");
  const languagesFor = (preferred: string, countryCode: string) => {
    const spoken = new Set([preferred, "en"]);
    if (["MA", "DZ", "TN", "LB", "MR"].includes(countryCode)) spoken.add("fr");
    return [...spoken];
  };

  const people: Person[] = [];
  const staff = [
    { local: "organiser", givenName: "Amina", familyName: "Benjelloun", language: "fr", role: "ORGANISER", title: "Conference Director", admin: false },
    { local: "admin", givenName: "Karim", familyName: "Tazi", language: "en", role: "ADMIN", title: "Platform Administrator", admin: true },
    { local: "checkin", givenName: "Salma", familyName: "Ouazzani", language: "ar", role: "CHECKIN_STAFF", title: "Accreditation Desk", admin: false },
  ] as const;
  for (const member of staff) {
    const user = buildUserData({
      email: demoEmail(member.local),
      givenName: member.givenName,
      familyName: member.familyName,
      preferredLanguage: member.language,
      passwordHash,
      isDemo: true,
      isPlatformAdmin: member.admin,
      emailVerifiedAt: now,
    });
    const registration = buildRegistrationData({
      eventId,
      userId: user.id,
      role: member.role,
      category: "GUEST",
      status: "APPROVED",
      title: member.title,
      organisation: "General Secretariat",
      languagesSpoken: ["en", "fr", "ar"],
      consentedAt: ago(24 * 60),
      submittedAt: ago(24 * 60),
      decidedAt: ago(24 * 59),
    });
    people.push({ user, registration });
  }
  const organiserId = people[0].user.id;

  // Heads of delegation: one per delegation, head1 = first delegation by English name.
  const chiefOrder = f.helpers.shuffle(delegations.map((_, i) => i).filter((i) => i !== moroccoIndex));
  const chiefs = new Set([moroccoIndex, ...chiefOrder.slice(0, DEMO_CHIEF_OF_POLICE_COUNT - 1)]);
  const heads: Person[] = delegations.map((delegation, i) => {
    const code = codeOf(i);
    const preferredLanguage = f.number.float({ min: 0, max: 1 }) < 0.8 ? preferredLanguageFor(code) : "en";
    const isChiefOfPolice = chiefs.has(i);
    const user = buildUserData({
      email: demoEmail(`head${i + 1}`),
      ...nameFor(code, randomSex()),
      preferredLanguage,
      passwordHash,
      isDemo: true,
      emailVerifiedAt: now,
    });
    const submittedHoursAgo = f.number.int({ min: 24 * 20, max: 24 * 60 });
    const registration = buildRegistrationData({
      eventId,
      userId: user.id,
      delegationId: delegation.id,
      role: "HEAD_OF_DELEGATION",
      category: "HEAD_OF_DELEGATION",
      status: "APPROVED",
      title: isChiefOfPolice ? pick(CHIEF_TITLES) : pick(HEAD_TITLES),
      organisation: `${pick(ORGANISATIONS)}, ${delegation.name}`,
      isChiefOfPolice,
      languagesSpoken: languagesFor(preferredLanguage, code),
      identityDocumentNumber: f.string.alphanumeric({ length: 9, casing: "upper" }),
      consentedAt: ago(submittedHoursAgo),
      submittedAt: ago(submittedHoursAgo),
      decidedById: organiserId,
      decidedAt: ago(submittedHoursAgo - 20),
    });
    return { user, registration };
  });
  people.push(...heads);

  // Delegates: at least two per delegation, the host a few more, the rest spread at random.
  const slots: number[] = [];
  delegations.forEach((_, i) => slots.push(i, i));
  for (let k = 0; k < 10; k++) slots.push(moroccoIndex);
  while (slots.length < DEMO_DELEGATE_COUNT) slots.push(f.number.int({ min: 0, max: delegations.length - 1 }));
  const delegateSlots = f.helpers.shuffle(slots);
  const delegates: Person[] = delegateSlots.map((d, n) => {
    const code = codeOf(d);
    const preferredLanguage = f.number.float({ min: 0, max: 1 }) < 0.75 ? preferredLanguageFor(code) : "en";
    const user = buildUserData({
      email: demoEmail(`delegate${n + 1}`),
      ...nameFor(code, randomSex()),
      preferredLanguage,
      passwordHash,
      isDemo: true,
      emailVerifiedAt: now,
    });
    const submittedHoursAgo = f.number.int({ min: 24 * 5, max: 24 * 45 });
    const registration = buildRegistrationData({
      eventId,
      userId: user.id,
      delegationId: delegations[d].id,
      role: "DELEGATE",
      category: "DELEGATE",
      status: "APPROVED",
      title: pick(DELEGATE_TITLES),
      organisation: `${pick(ORGANISATIONS)}, ${delegations[d].name}`,
      languagesSpoken: languagesFor(preferredLanguage, code),
      dietaryNeeds: f.number.int({ min: 0, max: 9 }) === 0 ? pick(DIETARY_NEEDS) : null,
      accessibilityNeeds: f.number.int({ min: 0, max: 39 }) === 0 ? pick(ACCESSIBILITY_NEEDS) : null,
      identityDocumentNumber: f.string.alphanumeric({ length: 9, casing: "upper" }),
      consentedAt: ago(submittedHoursAgo),
      submittedAt: ago(submittedHoursAgo),
      endorsement: "ENDORSED",
      endorsedById: heads[d].user.id,
      endorsedAt: ago(submittedHoursAgo - 12),
      decidedById: organiserId,
      decidedAt: ago(submittedHoursAgo - 30),
    });
    return { user, registration };
  });
  people.push(...delegates);

  // Applications still waiting for a decision; some already endorsed by their head.
  const applicantCategories: { role: "DELEGATE" | "OBSERVER" | "PRESS"; category: "DELEGATE" | "OBSERVER" | "PRESS" }[] = [];
  for (let k = 0; k < DEMO_APPLICANT_COUNT; k++) {
    const kind = k % 10 === 3 ? "OBSERVER" : k % 10 === 7 ? "PRESS" : "DELEGATE";
    applicantCategories.push({ role: kind, category: kind });
  }
  const applicantSlots: number[] = [];
  const applicants: Person[] = applicantCategories.map(({ role, category }, n) => {
    const d = f.number.int({ min: 0, max: delegations.length - 1 });
    applicantSlots.push(d);
    const code = codeOf(d);
    const preferredLanguage = preferredLanguageFor(code);
    const user = buildUserData({
      email: demoEmail(`applicant${n + 1}`),
      ...nameFor(code, randomSex()),
      preferredLanguage,
      passwordHash,
      isDemo: true,
      emailVerifiedAt: now,
    });
    const submittedHoursAgo = f.number.int({ min: 2, max: 24 * 6 });
    const endorsed = n % 3 === 0;
    const registration = buildRegistrationData({
      eventId,
      userId: user.id,
      delegationId: delegations[d].id,
      role,
      category,
      status: "PENDING",
      title: category === "PRESS" ? "Journalist" : pick(DELEGATE_TITLES),
      organisation: category === "PRESS" ? "Police Affairs Weekly" : `${pick(ORGANISATIONS)}, ${delegations[d].name}`,
      languagesSpoken: languagesFor(preferredLanguage, code),
      identityDocumentNumber: f.string.alphanumeric({ length: 9, casing: "upper" }),
      consentedAt: ago(submittedHoursAgo),
      submittedAt: ago(submittedHoursAgo),
      decidedAt: null,
      endorsement: endorsed ? "ENDORSED" : "NONE",
      endorsedById: endorsed ? heads[d].user.id : null,
      endorsedAt: endorsed ? ago(Math.max(1, submittedHoursAgo - 1)) : null,
    });
    return { user, registration };
  });
  people.push(...applicants);

  // Quotas leave room for every approved person, every pending application and a little more.
  const quotas = delegations.flatMap((delegation, i) => {
    const pendingOf = (category: string) =>
      applicants.filter((a, k) => applicantSlots[k] === i && a.registration.category === category).length;
    const delegateCount = delegateSlots.filter((d) => d === i).length;
    return buildQuotaData(delegation.id, {
      HEAD_OF_DELEGATION: 1,
      DELEGATE: delegateCount + pendingOf("DELEGATE") + 2,
      OBSERVER: Math.max(2, pendingOf("OBSERVER")),
      PRESS: Math.max(1, pendingOf("PRESS")),
    });
  });

  // Programme ------------------------------------------------------------------------------
  const speakerFromPerson = (person: Person, role: SpeakerRole = "SPEAKER"): SpeakerInput & { name: string } => ({
    userId: person.user.id,
    name: `${person.user.givenName} ${person.user.familyName}`,
    affiliation: [person.registration.title, delegations.find((d) => d.id === person.registration.delegationId)?.name ?? "General Secretariat"]
      .filter(Boolean)
      .join(", "),
    role,
  });
  const guestSpeaker = (role: SpeakerRole = "SPEAKER"): SpeakerInput & { name: string } => {
    const locale = fakerFor(pick(["en", "fr", "es", "ar", "de", "pt_BR", "ja", "en_NG", "ru"]));
    const sex = randomSex();
    return { name: `${locale.person.firstName(sex)} ${locale.person.lastName(sex)}`, affiliation: pick(GUEST_AFFILIATIONS), role };
  };
  const chiefHeads = heads.filter((h) => h.registration.isChiefOfPolice);
  const speakingDelegates = delegates.slice(0, DEMO_FIRST_SIGNED_UP_DELEGATE - 1);
  const textsFrom = (title: Texts, description: Record<Lang, string>): Record<string, SessionTextInput> =>
    Object.fromEntries(
      (Object.entries(title) as [Lang, string | undefined][])
        .filter((entry): entry is [Lang, string] => Boolean(entry[1]))
        .map(([lang, text]) => [lang, { title: text, description: description[lang] }]),
    );
  const sessions: PlannedSession[] = [];
  const addSession = (data: Omit<Parameters<typeof buildSessionData>[0], "eventId">, texts: Record<string, SessionTextInput>, speakers: (SpeakerInput & { name: string })[]) => {
    sessions.push({ data: buildSessionData({ eventId, ...data }), texts, speakers });
  };

  // Plenaries in the hall, interpreted into all four languages.
  PLENARIES.forEach((plenary, i) => {
    const chair = plenary.title.en.includes("ceremony") ? heads[moroccoIndex] : pick(chiefHeads);
    const speakers = [speakerFromPerson(chair, "CHAIR")];
    for (const person of f.helpers.arrayElements(chiefHeads.filter((h) => h !== chair), { min: 1, max: 3 })) {
      speakers.push(speakerFromPerson(person));
    }
    if (i % 2 === 0) speakers.push(guestSpeaker());
    addSession(
      {
        kind: "PLENARY",
        trackId: trackId[plenary.track],
        roomId: room.hall.row.id,
        startsAt: at(plenary.day, plenary.start),
        endsAt: at(plenary.day, plenary.end),
        capacity: null,
        floorLanguage: plenary.floorLanguage ?? "en",
        interpretationLanguages: [...room.hall.spec.interpretationLanguages],
        // The cybercrime plenary on the first afternoon runs late, for the live views.
        ...(i === 2 ? { status: "DELAYED" as const, delayMinutes: 15 } : {}),
      },
      textsFrom(plenary.title, DESCRIPTIONS.PLENARY),
      speakers,
    );
  });

  // Workshops: ten slots over the days, up to six rooms in parallel, never two in one room.
  const workshopSlots: [number, string, string][] = [
    [0, "16:00", "17:30"],
    [1, "09:00", "10:30"], [1, "11:00", "12:30"], [1, "14:00", "15:30"], [1, "16:00", "17:30"],
    [2, "09:00", "10:30"], [2, "11:00", "12:30"], [2, "14:00", "15:30"], [2, "16:00", "17:30"],
    [3, "09:00", "10:30"],
  ];
  const workshopRooms = ["atlas", "tafilalet", "agafay", "ourika", "essaouira", "ouarzazate"];
  const workshopOrder = f.helpers.shuffle(WORKSHOPS.map((_, i) => i));
  const usedWorkshopRooms = new Set<string>(); // "day|start|room"
  const cancelledWorkshop = WORKSHOPS.findIndex((w) => w.title.en.startsWith("Firearms"));
  workshopOrder.forEach((w, i) => {
    const workshop = WORKSHOPS[w];
    const [day, start, end] = workshopSlots[i % workshopSlots.length];
    const q = Math.floor(i / workshopSlots.length);
    const roomKey = workshopRooms[(5 * q + (i % workshopSlots.length)) % workshopRooms.length];
    const { spec, row } = room[roomKey];
    usedWorkshopRooms.add(`${day}|${start}|${roomKey}`);
    const small = spec.capacity <= 40;
    const capacity = small || i % 2 === 0 ? spec.capacity : Math.round((spec.capacity * 0.75) / 5) * 5;
    const floorLanguage = workshop.floorLanguage ?? "en";
    const speakers = [speakerFromPerson(pick(heads), "MODERATOR")];
    const count = f.number.int({ min: 1, max: 3 });
    for (let k = 0; k < count; k++) {
      speakers.push(k === 0 || f.datatype.boolean() ? speakerFromPerson(pick(speakingDelegates)) : guestSpeaker());
    }
    addSession(
      {
        kind: "WORKSHOP",
        trackId: trackId[workshop.track],
        roomId: row.id,
        startsAt: at(day, start),
        endsAt: at(day, end),
        capacity,
        delegationCap: small ? 2 : null,
        floorLanguage,
        interpretationLanguages: spec.interpretationLanguages.filter((lang) => lang !== floorLanguage),
        ...(w === cancelledWorkshop ? { status: "CANCELLED" as const } : {}),
      },
      textsFrom(workshop.title, DESCRIPTIONS.WORKSHOP(trackNames[workshop.track], capacity)),
      speakers,
    );
  });

  // Popular workshops run a second time in the rooms left free (and on the last morning), so
  // delegates who missed the first run get another chance.
  const repeatSlots: [number, string, string][] = [...workshopSlots, [3, "11:00", "12:30"]];
  const firstRuns = sessions.filter((s) => s.data.kind === "WORKSHOP" && s.data.status !== "CANCELLED");
  let nextRepeat = 0;
  for (const [day, start, end] of repeatSlots) {
    for (const roomKey of workshopRooms) {
      if (usedWorkshopRooms.has(`${day}|${start}|${roomKey}`)) continue;
      const startsAt = at(day, start);
      // Never repeat a workshop at the same time as its first run.
      const original = firstRuns.slice(nextRepeat).concat(firstRuns.slice(0, nextRepeat)).find((w) => w.data.startsAt.getTime() !== startsAt.getTime());
      if (!original) continue;
      nextRepeat = (firstRuns.indexOf(original) + 1) % firstRuns.length;
      const { spec, row } = room[roomKey];
      const capacity = Math.min(original.data.capacity as number, spec.capacity);
      const texts = Object.fromEntries(
        Object.entries(original.texts).map(([lang, text]) => [lang, { ...text, title: `${text.title} ${REPEAT_SUFFIX[lang as Lang]}` }]),
      );
      addSession(
        {
          kind: "WORKSHOP",
          trackId: original.data.trackId,
          roomId: row.id,
          startsAt,
          endsAt: at(day, end),
          capacity,
          delegationCap: spec.capacity <= 40 ? 2 : null,
          floorLanguage: original.data.floorLanguage,
          interpretationLanguages: spec.interpretationLanguages.filter((lang) => lang !== original.data.floorLanguage),
        },
        texts,
        original.speakers,
      );
    }
  }

  // Regional meetings at the end of the first day, one per region, in the workshop rooms.
  REGIONAL_MEETINGS.forEach((title, i) => {
    const { spec, row } = room[workshopRooms[i]];
    addSession(
      {
        kind: "SIDE_EVENT",
        trackId: trackId.cooperation,
        roomId: row.id,
        startsAt: at(0, "17:45"),
        endsAt: at(0, "18:45"),
        floorLanguage: "en",
        interpretationLanguages: spec.interpretationLanguages.filter((lang) => lang !== "en"),
      },
      textsFrom(title, DESCRIPTIONS.SIDE_EVENT),
      [speakerFromPerson(pick(chiefHeads), "CHAIR")],
    );
  });

  // Side events at lunchtime and in the early evening in the three halls.
  const sideSlots: [number, string, string][] = [
    [0, "13:00", "14:00"], [0, "18:00", "19:30"], [1, "13:00", "14:00"], [1, "18:00", "19:30"],
    [2, "13:00", "14:00"], [2, "18:00", "19:30"], [3, "13:00", "14:00"],
  ];
  const sideRooms = ["koutoubia", "menara", "majorelle"];
  SIDE_EVENTS.forEach((side, i) => {
    const [day, start, end] = sideSlots[i % sideSlots.length];
    const { spec, row } = room[sideRooms[Math.floor(i / sideSlots.length)]];
    const floorLanguage = side.floorLanguage ?? "en";
    const speakers = [speakerFromPerson(pick(chiefHeads), "CHAIR")];
    if (f.datatype.boolean()) speakers.push(guestSpeaker());
    addSession(
      {
        kind: "SIDE_EVENT",
        trackId: trackId[side.track],
        roomId: row.id,
        startsAt: at(day, start),
        endsAt: at(day, end),
        floorLanguage,
        interpretationLanguages: spec.interpretationLanguages.filter((lang) => lang !== floorLanguage),
      },
      textsFrom(side.title, DESCRIPTIONS.SIDE_EVENT),
      speakers,
    );
  });

  // Receptions on the terrace; the gala dinner crosses midnight.
  for (const reception of RECEPTIONS) {
    addSession(
      {
        kind: "SIDE_EVENT",
        roomId: room.terrace.row.id,
        startsAt: at(reception.day, reception.start),
        endsAt: at(reception.endDay, reception.end),
        floorLanguage: "en",
        interpretationLanguages: [],
      },
      textsFrom(reception.title, DESCRIPTIONS.RECEPTION),
      [speakerFromPerson(heads[moroccoIndex], "CHAIR")],
    );
  }

  // Bilateral meetings: the host in room 1 all week; other pairs in rooms 2 and 3.
  const bilateralSlots: [number, string, string][] = [];
  for (let day = 0; day < 4; day++) {
    for (const [start, end] of [["09:00", "09:45"], ["11:00", "11:45"], ["15:00", "15:45"]]) bilateralSlots.push([day, start, end]);
  }
  const partners = f.helpers.shuffle(delegations.map((_, i) => i).filter((i) => i !== moroccoIndex));
  const pairs: [string, number, number][] = [];
  bilateralSlots.forEach((_, s) => pairs.push(["bilateral1", moroccoIndex, partners[s]]));
  let next = bilateralSlots.length;
  for (const roomKey of ["bilateral2", "bilateral3"]) {
    bilateralSlots.forEach(() => {
      pairs.push([roomKey, partners[next], partners[next + 1]]);
      next += 2;
    });
  }
  pairs.forEach(([roomKey, a, b], i) => {
    const [day, start, end] = bilateralSlots[i % bilateralSlots.length];
    const name = (d: number, lang: Lang) => countryName(codeOf(d), lang);
    addSession(
      {
        kind: "BILATERAL",
        roomId: room[roomKey].row.id,
        startsAt: at(day, start),
        endsAt: at(day, end),
        floorLanguage: "en",
        interpretationLanguages: [],
      },
      textsFrom(
        {
          en: `Bilateral meeting: ${name(a, "en")} – ${name(b, "en")}`,
          fr: `Réunion bilatérale : ${name(a, "fr")} – ${name(b, "fr")}`,
          es: `Reunión bilateral: ${name(a, "es")} – ${name(b, "es")}`,
          ar: `اجتماع ثنائي: ${name(a, "ar")} – ${name(b, "ar")}`,
        },
        DESCRIPTIONS.BILATERAL,
      ),
      [speakerFromPerson(heads[a]), speakerFromPerson(heads[b])],
    );
  });

  // Workshop sign-ups, only by delegate601…delegate800: one small workshop full with a short
  // waitlist, the others partly booked. Nobody is booked into two workshops at once and no
  // delegation takes more seats in a workshop than its cap.
  const workshops = sessions.filter((s) => s.data.kind === "WORKSHOP" && s.data.status !== "CANCELLED");
  const signers = delegates.slice(DEMO_FIRST_SIGNED_UP_DELEGATE - 1);
  const booked = new Map<string, SessionData[]>(); // registration id → sessions
  const seats = new Map<string, { confirmed: number; byDelegation: Map<string, number>; waitlist: number }>();
  for (const w of workshops) seats.set(w.data.id, { confirmed: 0, byDelegation: new Map(), waitlist: 0 });
  const signups: SignupData[] = [];
  const overlaps = (a: SessionData, b: SessionData) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;
  const canTake = (person: Person, w: PlannedSession, limit: number) => {
    const state = seats.get(w.data.id)!;
    const delegationId = person.registration.delegationId as string;
    const cap = w.data.delegationCap ?? DELEGATION_CAP_DEFAULT;
    return (
      state.confirmed < limit &&
      (state.byDelegation.get(delegationId) ?? 0) < cap &&
      !(booked.get(person.registration.id) ?? []).some((s) => s.id === w.data.id || overlaps(s, w.data))
    );
  };
  const book = (person: Person, w: PlannedSession, status: "CONFIRMED" | "WAITLISTED") => {
    const state = seats.get(w.data.id)!;
    const delegationId = person.registration.delegationId as string;
    if (status === "CONFIRMED") {
      state.confirmed += 1;
      state.byDelegation.set(delegationId, (state.byDelegation.get(delegationId) ?? 0) + 1);
    } else {
      state.waitlist += 1;
    }
    booked.set(person.registration.id, [...(booked.get(person.registration.id) ?? []), w.data]);
    signups.push(
      buildSignupData({
        eventId,
        sessionId: w.data.id,
        registrationId: person.registration.id,
        delegationId,
        status,
        waitlistPosition: status === "WAITLISTED" ? state.waitlist : null,
        confirmedAt: status === "CONFIRMED" ? ago(f.number.int({ min: 1, max: 24 * 10 })) : null,
      }),
    );
  };
  const full = workshops.find((w) => w.data.roomId === room.ouarzazate.row.id) ?? workshops[0];
  const fullCapacity = full.data.capacity as number;
  for (const person of f.helpers.shuffle(signers)) {
    if (seats.get(full.data.id)!.confirmed < fullCapacity) {
      if (canTake(person, full, fullCapacity)) book(person, full, "CONFIRMED");
    } else if (seats.get(full.data.id)!.waitlist < FULL_WORKSHOP_WAITLIST && canTake(person, full, Number.POSITIVE_INFINITY)) {
      book(person, full, "WAITLISTED");
    }
  }
  for (const person of signers) {
    const wanted = f.number.int({ min: 0, max: 3 });
    let taken = 0;
    for (const w of f.helpers.shuffle(workshops.filter((w) => w !== full))) {
      if (taken >= wanted) break;
      // Leave at least one seat free everywhere else: only one workshop is full.
      if (canTake(person, w, (w.data.capacity as number) - 1)) {
        book(person, w, "CONFIRMED");
        taken += 1;
      }
    }
  }

  const registrations = people.map((p) => p.registration);
  const counts: DemoCounts = {
    delegations: delegations.length,
    users: people.length,
    registrations: registrations.length,
    approved: registrations.filter((r) => r.status === "APPROVED").length,
    pending: registrations.filter((r) => r.status === "PENDING").length,
    chiefsOfPolice: registrations.filter((r) => r.isChiefOfPolice).length,
    rooms: rooms.length,
    tracks: tracks.length,
    sessions: sessions.length,
    workshops: sessions.filter((s) => s.data.kind === "WORKSHOP").length,
    signups: signups.length,
    waitlisted: signups.filter((s) => s.status === "WAITLISTED").length,
  };
  return { event, tracks, rooms, delegations, invitationCodes, quotas, people, sessions, signups, counts };
}

async function writePlan(db: Db, plan: DemoPlan, now: Date): Promise<void> {
  const insert = (table: string, rows: readonly object[]) => insertRows(db, table, rows, { now });
  await db.event.create({ data: plan.event });
  await insert("Track", plan.tracks);
  await insert("Room", plan.rooms);
  await insert("Delegation", plan.delegations);
  await insert("InvitationCode", plan.invitationCodes);
  await insert("DelegationQuota", plan.quotas);
  await insert("User", plan.people.map((p) => p.user));
  await insert("Registration", plan.people.map((p) => p.registration));
  await insert("Session", plan.sessions.map((s) => s.data));
  await insert("SessionText", plan.sessions.flatMap((s) => buildSessionTextData(s.data.id, s.texts)));
  await insert("SessionSpeaker", plan.sessions.flatMap((s) => buildSpeakerData(s.data.id, s.speakers)));
  await insert("WorkshopSignup", plan.signups);
  await insert("BilateralMeeting", demoBilateralMeetings(plan, now));
  await db.auditLog.create({
    data: {
      eventId: plan.event.id,
      actorId: null,
      action: "demo.seeded",
      targetType: "event",
      targetId: plan.event.id,
      data: { startDate: plan.event.startsOn.toISOString().slice(0, 10), counts: { ...plan.counts } },
    },
  });
}

const BILATERAL_TOPICS = [
  "Extradition requests pending between our services",
  "A joint investigation team on online fraud",
  "Exchange of liaison officers",
  "Cooperation on missing persons",
  "Training for cybercrime units",
  "Data exchange under the new convention",
];

/**
 * The bilateral meetings behind the demo's BILATERAL sessions: requested by the first speaking
 * head's delegation, accepted by the second's, booked at the session's slot.
 */
function demoBilateralMeetings(plan: DemoPlan, now: Date): Prisma.BilateralMeetingCreateManyInput[] {
  const delegationOf = new Map(plan.people.map((p) => [p.user.id, p.registration.delegationId ?? null]));
  return plan.sessions
    .filter((s) => s.data.kind === "BILATERAL")
    .flatMap((s, i) => {
      const [first, second] = s.speakers;
      const requester = first?.userId ? delegationOf.get(first.userId) : null;
      const invitee = second?.userId ? delegationOf.get(second.userId) : null;
      if (!requester || !invitee) return [];
      return [
        {
          id: uuidv7(),
          eventId: plan.event.id,
          requesterDelegationId: requester,
          inviteeDelegationId: invitee,
          requestedById: first.userId,
          respondedById: second.userId,
          topic: BILATERAL_TOPICS[i % BILATERAL_TOPICS.length],
          wishedSlots: [{ startsAt: s.data.startsAt.toISOString(), endsAt: s.data.endsAt.toISOString() }],
          size: 6,
          status: "ACCEPTED" as const,
          sessionId: s.data.id,
          respondedAt: now,
          createdAt: now,
          updatedAt: now,
        },
      ];
    });
}

const isFullClient = (db: Db): db is PrismaClient => "$transaction" in db;

const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 120_000 } as const;

function summary(plan: DemoPlan, ms: number): string {
  const c = plan.counts;
  return (
    `Demo assembly "${plan.event.name}" (${plan.event.slug}), ${plan.event.startsOn.toISOString().slice(0, 10)} to ` +
    `${plan.event.endsOn.toISOString().slice(0, 10)} in ${plan.event.timeZone}: ${c.delegations} delegations, ` +
    `${c.users} accounts (${c.approved} accredited, ${c.pending} pending, ${c.chiefsOfPolice} chiefs of police), ` +
    `${c.rooms} rooms, ${c.sessions} sessions (${c.workshops} workshops), ${c.signups} sign-ups ` +
    `(${c.waitlisted} waitlisted) in ${ms} ms`
  );
}

/**
 * Seeds the demo assembly, in one transaction (or inside the caller's transaction when given a
 * transaction client). It does not check that the database is empty: ensureDemoData does.
 */
export async function seedDemoAssembly(prisma: Db, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const passwordHash = await hashPassword(options.password);
  const plan = buildDemoPlan({ startDate: options.startDate, passwordHash, now });
  if (isFullClient(prisma)) await prisma.$transaction((tx) => writePlan(tx, plan, now), TRANSACTION_OPTIONS);
  else await writePlan(prisma, plan, now); // already inside the caller's transaction
  options.log?.(summary(plan, Math.round(performance.now() - started)));
  return { eventId: plan.event.id, slug: plan.event.slug, counts: plan.counts };
}

/**
 * Seeds the demo assembly when the rules allow it: only into a database without any event;
 * "never" never; "auto" not when NODE_ENV=production is combined with an external database
 * (DATABASE_URL); "always" whenever the database is empty. Safe when several processes start
 * at once on one database (an advisory lock, and a re-check inside the transaction).
 */
export async function ensureDemoData(prisma: PrismaClient, options: EnsureDemoOptions): Promise<EnsureDemoResult> {
  if (options.mode === "never") return { seeded: false, outcome: "disabled", reason: "demo data disabled (DEMO_DATA=never)" };
  if (options.mode === "auto" && options.nodeEnv === "production" && options.usingExternalDatabase) {
    return {
      seeded: false,
      outcome: "production-external-database",
      reason: "production with an external database (DATABASE_URL): demo data only with DEMO_DATA=always",
    };
  }
  const existing = await prisma.event.count();
  if (existing > 0) {
    return { seeded: false, outcome: "not-empty", reason: `database not empty (${existing} event${existing === 1 ? "" : "s"}): demo data not added` };
  }

  const started = performance.now();
  const now = options.now ?? new Date();
  const startDate = options.startDate ?? todayInZone(DEMO_TIME_ZONE, now);
  const passwordHash = await hashPassword(options.password);
  const plan = buildDemoPlan({ startDate, passwordHash, now });
  const seeded = await prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    if ((await tx.event.count()) > 0) return false; // another process seeded meanwhile
    await writePlan(tx, plan, now);
    return true;
  }, TRANSACTION_OPTIONS);
  if (!seeded) return { seeded: false, outcome: "not-empty", reason: "database not empty (seeded concurrently): demo data not added" };
  options.log?.(summary(plan, Math.round(performance.now() - started)));
  return {
    seeded: true,
    outcome: "seeded",
    reason: options.mode === "always" ? "empty database (DEMO_DATA=always)" : "empty database",
    result: { eventId: plan.event.id, slug: plan.event.slug, counts: plan.counts },
  };
}

/** Lines describing the demo accounts, for the console at start and after `npm run db:seed`. */
export function demoAccountLines(password: string): string[] {
  return [
    `Demo accounts (password: ${password}; no second factor):`,
    `  ${demoEmail("organiser")}   organiser`,
    `  ${demoEmail("admin")}       platform administrator`,
    `  ${demoEmail("checkin")}     check-in staff`,
    `  ${demoEmail("head1")} … ${demoEmail(`head${DEMO_DELEGATION_COUNT}`)}   heads of delegation`,
    `  ${demoEmail("delegate1")} … ${demoEmail(`delegate${DEMO_DELEGATE_COUNT}`)}   accredited delegates ` +
      `(${DEMO_FIRST_SIGNED_UP_DELEGATE} and above already hold workshop sign-ups)`,
    `  ${demoEmail("applicant1")} … ${demoEmail(`applicant${DEMO_APPLICANT_COUNT}`)}   pending applications`,
  ];
}
