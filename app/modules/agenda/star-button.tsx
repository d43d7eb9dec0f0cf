import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * Star or unstar a session for "my agenda". A plain POST form to the current page (works without
 * JavaScript); with JavaScript it submits in the background and shows the new state at once.
 */
export function StarButton({ sessionId, starred, title }: { sessionId: string; starred: boolean; title: string }) {
  const { t } = useTranslation("agenda");
  const fetcher = useFetcher();
  const pending = fetcher.formData?.get("intent");
  const isStarred = pending === "star" ? true : pending === "unstar" ? false : starred;
  return (
    <fetcher.Form method="post" className="star-form" preventScrollReset>
      <input type="hidden" name="sessionId" value={sessionId} />
      {/* A toggle: the name stays the same ("Add to my agenda: <title>") and aria-pressed says whether it is in. */}
      <button type="submit" name="intent" value={isStarred ? "unstar" : "star"} className={`star-button${isStarred ? " starred" : ""}`} aria-pressed={isStarred} aria-label={t("star.label", { title })} data-starred={isStarred ? "true" : "false"}>
        <span aria-hidden="true">{isStarred ? "★ " : "☆ "}</span>
        {t("star.star")}
      </button>
    </fetcher.Form>
  );
}
