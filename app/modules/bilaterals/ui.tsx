// Small pieces shared by the delegations' and the organisers' bilateral pages.
import { useTranslation } from "react-i18next";
import { formatTime } from "~/lib/format";
import { formatInstant } from "~/modules/settings/admin-ui";

/** "3 Jun 2030, 10:00–10:45" in the event's zone. */
export function SlotText({ slot, timeZone }: { slot: { startsAt: string | Date; endsAt: string | Date }; timeZone: string }) {
  const { i18n } = useTranslation();
  return (
    <span>
      {formatInstant(slot.startsAt, timeZone, i18n.language)}–{formatTime(slot.endsAt, timeZone, i18n.language)}
    </span>
  );
}

export function StatusText({ status }: { status: string }) {
  const { t } = useTranslation("bilaterals");
  return <span className={`bilateral-status status-${status}`}>{t(`status.${status}`)}</span>;
}
