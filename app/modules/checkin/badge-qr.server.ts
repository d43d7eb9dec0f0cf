import QRCode from "qrcode";

/** The badge token as a QR code image (PNG data: URL; the page's CSP allows data: images). */
export function badgeQrDataUrl(token: string): Promise<string> {
  return QRCode.toDataURL(token, { errorCorrectionLevel: "M", margin: 4, scale: 8 });
}
