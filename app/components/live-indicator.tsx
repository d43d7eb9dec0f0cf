import { useTranslation } from "react-i18next";
import type { LiveStatus } from "~/modules/live/use-live-sessions";

export function LiveIndicator({ status }: { status: LiveStatus }) {
  const { t } = useTranslation();
  return (
    <p className={`live-indicator live-${status}`} role="status" aria-live="polite" data-live-status={status}>
      {t(`live.${status}`)}
    </p>
  );
}
