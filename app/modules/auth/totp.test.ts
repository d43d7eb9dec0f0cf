import { generateHOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import { describeDevice } from "./account.server";
import { decodeTotpKey, encodeTotpKey, generateTotpKey, hashRecoveryCode, matchTotpStep, normaliseRecoveryCode, totpKeyUri, totpStep } from "./totp.server";

describe("TOTP", () => {
  const key = generateTotpKey();
  const now = new Date("2030-05-05T10:00:10Z");
  const step = totpStep(now);
  const codeAt = (s: bigint) => generateHOTP(key, s, 6);

  it("uses 20-byte keys and 30-second steps", () => {
    expect(key).toHaveLength(20);
    expect(totpStep(new Date(30_000 * 7))).toBe(7n);
    expect(totpStep(new Date(30_000 * 7 + 29_999))).toBe(7n);
  });

  it("accepts the code of the current step and one either side, returning that step", () => {
    expect(matchTotpStep(key, codeAt(step), now)).toBe(step);
    expect(matchTotpStep(key, codeAt(step - 1n), now)).toBe(step - 1n);
    expect(matchTotpStep(key, codeAt(step + 1n), now)).toBe(step + 1n);
    expect(matchTotpStep(key, `${codeAt(step).slice(0, 3)} ${codeAt(step).slice(3)}`, now)).toBe(step);
  });

  it("refuses older or later codes, other keys' codes and malformed input", () => {
    const codes = new Set([codeAt(step - 1n), codeAt(step), codeAt(step + 1n)]);
    for (const s of [step - 2n, step + 2n, step - 10n]) if (!codes.has(codeAt(s))) expect(matchTotpStep(key, codeAt(s), now)).toBeNull();
    const other = generateTotpKey();
    const otherCode = generateHOTP(other, step, 6);
    if (!codes.has(otherCode)) expect(matchTotpStep(key, otherCode, now)).toBeNull();
    for (const bad of ["", "12345", "1234567", "abcdef", "12345a"]) expect(matchTotpStep(key, bad, now)).toBeNull();
  });

  it("round-trips the key through its base32 text and refuses other texts", () => {
    expect(decodeTotpKey(encodeTotpKey(key))).toEqual(key);
    expect(decodeTotpKey("not base32!")).toBeNull();
    expect(decodeTotpKey("AAAA")).toBeNull(); // too short
  });

  it("builds an otpauth URI with issuer, SHA1, 30 s, 6 digits", () => {
    const uri = new URL(totpKeyUri("someone@example.org", key));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("issuer")).toBe("Plenary");
    expect(uri.searchParams.get("period")).toBe("30");
    expect(uri.searchParams.get("digits")).toBe("6");
    expect(uri.searchParams.get("secret")).toBe(encodeTotpKey(key));
  });
});

describe("recovery codes", () => {
  it("ignore case, spaces and dashes; hash to 32 bytes", () => {
    expect(normaliseRecoveryCode("ABCD-efgh ijkl-MNOP")).toBe("abcdefghijklmnop");
    expect(Buffer.from(hashRecoveryCode("abcd-efgh-ijkl-mnop")).equals(Buffer.from(hashRecoveryCode("ABCDEFGHIJKLMNOP")))).toBe(true);
    expect(hashRecoveryCode("abcd-efgh-ijkl-mnop")).toHaveLength(32);
  });
});

describe("describeDevice", () => {
  it("names common browsers and systems", () => {
    expect(describeDevice("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0")).toBe("Firefox · Windows");
    expect(describeDevice("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")).toBe("Safari · iOS");
    expect(describeDevice("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36")).toBe("Chrome · Android");
    expect(describeDevice(null)).toBeNull();
  });
});
