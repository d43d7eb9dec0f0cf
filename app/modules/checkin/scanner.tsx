import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatTime } from "~/lib/format";
import type { ScanResult } from "./checkin.server";

/** Minimal typing for the Shape Detection API (Chromium on Android/ChromeOS/macOS). */
interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorConstructor = new (options: { formats: string[] }) => BarcodeDetectorLike;

const SCAN_EVERY_MS = 250;
/** The same badge held in front of the camera is sent once, not four times a second. */
const SAME_CODE_PAUSE_MS = 4_000;

/**
 * The device camera as a QR reader: BarcodeDetector where the browser has it, else jsQR on canvas
 * frames. The stream, the timer and the decoder are released when scanning stops or the page goes.
 */
export function CameraScanner({ onCode }: { onCode: (code: string) => void }) {
  const { t } = useTranslation("checkin");
  const [state, setState] = useState<"off" | "on" | "denied">("off");
  const videoRef = useRef<HTMLVideoElement>(null);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  useEffect(() => {
    if (state !== "on") return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stream: MediaStream | undefined;
    let last = { code: "", at: 0 };
    const canvas = document.createElement("canvas");
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
        if (stopped) return stream.getTracks().forEach((track) => track.stop());
        const video = videoRef.current!;
        video.srcObject = stream;
        await video.play();
        const Detector = (window as unknown as { BarcodeDetector?: BarcodeDetectorConstructor }).BarcodeDetector;
        const detector = Detector ? new Detector({ formats: ["qr_code"] }) : null;
        const jsQR = detector ? null : (await import("jsqr")).default;
        const tick = async () => {
          if (stopped) return;
          try {
            let value: string | undefined;
            if (detector) value = (await detector.detect(video))[0]?.rawValue;
            else if (jsQR && video.videoWidth > 0) {
              canvas.width = video.videoWidth;
              canvas.height = video.videoHeight;
              const context = canvas.getContext("2d", { willReadFrequently: true })!;
              context.drawImage(video, 0, 0);
              const image = context.getImageData(0, 0, canvas.width, canvas.height);
              value = jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" })?.data;
            }
            const now = Date.now();
            if (value && (value !== last.code || now - last.at > SAME_CODE_PAUSE_MS)) {
              last = { code: value, at: now };
              onCodeRef.current(value);
            }
          } catch {
            // A frame that cannot be read: try the next one.
          }
          timer = setTimeout(tick, SCAN_EVERY_MS);
        };
        void tick();
      } catch {
        if (!stopped) setState("denied");
      }
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
      if (videoRef.current) videoRef.current.srcObject = null;
    };
  }, [state]);

  return (
    <div className="stack">
      {state === "on" ? (
        <button type="button" onClick={() => setState("off")}>
          {t("scanner.stopCamera")}
        </button>
      ) : (
        <button type="button" onClick={() => setState("on")}>
          {t("scanner.startCamera")}
        </button>
      )}
      {state === "denied" && (
        <p className="form-error" role="alert">
          {t("scanner.cameraDenied")}
        </p>
      )}
      {state === "on" && <video ref={videoRef} className="scanner-video" muted playsInline aria-label={t("scanner.cameraLabel")} />}
    </div>
  );
}

/** What a scan answered: loud for a refusal, with the person's photo so staff compare faces. */
export function ScanOutcome({ outcome, timeZone }: { outcome: ScanResult; timeZone: string }) {
  const { t, i18n } = useTranslation("checkin");
  const person = outcome.person;
  const className = outcome.result === "checked_in" ? "scan-ok" : outcome.result === "already" ? "scan-repeat" : "scan-refused";
  const heading =
    outcome.result === "checked_in"
      ? t("scanner.checkedIn")
      : outcome.result === "already"
        ? t("scanner.already", { time: formatTime(outcome.scannedAt, timeZone, i18n.language) })
        : t(`scanner.refused.${outcome.reason}`);
  return (
    <div className={`scan-result ${className}`} role={outcome.result === "refused" ? "alert" : "status"} data-scan-result={outcome.result}>
      <p>
        <strong>{heading}</strong>
      </p>
      {person && (
        <div>
          {person.photo ? <img className="badge-photo" src={person.photo} alt={t("badge.photoAlt", { name: person.name })} /> : <p>{t("scanner.noPhoto")}</p>}
          <p dir="auto" data-testid="scan-name">
            <strong>{person.name}</strong>
          </p>
          {person.delegation && <p dir="auto">{person.delegation}</p>}
          <p>{t(`accreditation:category.${person.category}`)}</p>
        </div>
      )}
    </div>
  );
}
