import { useTranslation } from "react-i18next";
import type { SessionPublic } from "~/modules/agenda/session-public";

export function StatusBadge({ status }: { status: SessionPublic["status"] }) {
  const { t } = useTranslation();
  return (
    <span className={`badge status-${status}`} data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

export function KindBadge({ kind }: { kind: SessionPublic["kind"] }) {
  const { t } = useTranslation();
  return <span className={`badge kind-${kind}`}>{t(`kind.${kind}`)}</span>;
}

/** Text in the reader's language, marked when it falls back to another one. */
export function LocalizedText({
  texts,
  fallbacks,
  as: Tag = "span",
  className,
}: {
  texts: Record<string, string>;
  fallbacks: readonly string[];
  as?: "span" | "p" | "h1" | "h2" | "h3";
  className?: string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const picked = [language, ...fallbacks].find((code) => texts[code]) ?? Object.keys(texts)[0];
  if (!picked) return null;
  const fellBack = picked !== language;
  return (
    <>
      <Tag className={className} lang={picked}>
        {texts[picked]}
      </Tag>
      {fellBack && (
        <span className="fallback-note" title={t("agenda.translatedFrom", { language: t(`language.names.${picked}`, { defaultValue: picked }) })}>
          {" "}
          <span aria-hidden="true">({picked.toUpperCase()})</span>
          <span className="visually-hidden">{t("agenda.translatedFrom", { language: t(`language.names.${picked}`, { defaultValue: picked }) })}</span>
        </span>
      )}
    </>
  );
}
