#!/usr/bin/env bash
# Regenerates server/icu-tzdata/zoneinfo64.res: the time zone data that Node's
# embedded ICU loads instead of its built-in copy when ICU_TIMEZONE_FILES_DIR
# points at that directory (see docs/decisions/010-time-zone-data.md).
#
# Where the data comes from: the ICU data blob compiled into the running `node`
# binary (exported symbol icudt<NN>_dat). We carve it out of the ELF file,
# extract zoneinfo64.res with icupkg and dump it to text with derb, so every
# zone is exactly what this Node already ships (tz `process.versions.tz`).
#
# What is patched (scripts/icu-tzdata-patch.mjs, PATCHES): IANA tzdb 2026c,
# "Morocco moves to permanent +00 on 2026-09-20 at 02:00": Africa/Casablanca
# and Africa/El_Aaiun keep their transitions before 2026-09-20T01:00:00Z, get
# one transition at that instant to raw 0 / dst 0, and nothing after (no final
# rule). Then genrb compiles the text back to a .res.
#
# Re-run when: Node is upgraded (its ICU/tz data changes: if process.versions.tz
# already contains the change, delete server/icu-tzdata and the override), or
# the tzdb changes a zone the app cares about again (add an entry to PATCHES,
# check it against `zdump -v -c 2025,2035 <zone>` from an up-to-date system
# tzdata). Then run: scripts/icu-tzdata.sh && npx vitest run app/lib/tzdata.test.ts
#
# Needs: node, binutils (nm, readelf), icu-devtools (icupkg, derb, genrb).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/server/icu-tzdata"
NODE_BIN="$(readlink -f "$(command -v node)")"
# Tz data of the embedded ICU, read without any override.
BASE_TZ="$(env -u ICU_TIMEZONE_FILES_DIR "$NODE_BIN" -p process.versions.tz)"
# ICU keeps at most 15 characters of TZVersion: "<base>+MA2026c" = base data + Morocco from 2026c.
VERSION="${BASE_TZ}+MA2026c"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# 1. Locate the ICU data blob (virtual address of icudt*_dat) and map it to a file offset.
read -r SYM_ADDR SYM_NAME < <(nm -D "$NODE_BIN" | awk '/ icudt[0-9]+_dat$/ {print $1, $3; exit}')
[[ -n "${SYM_ADDR:-}" ]] || { echo "no icudt*_dat symbol in $NODE_BIN" >&2; exit 1; }
ADDR=$((16#$SYM_ADDR))
read -r FILE_OFF SEG_END < <(readelf -lW "$NODE_BIN" | awk -v a="$ADDR" '
  $1 == "LOAD" { off = strtonum($2); va = strtonum($3); fsz = strtonum($5)
    if (a >= va && a < va + fsz) { print off + (a - va), off + fsz; exit } }')
[[ -n "${FILE_OFF:-}" ]] || { echo "cannot map $SYM_NAME to a file offset" >&2; exit 1; }

# 2. Carve to the end of its segment (icupkg reads the size from the TOC) and extract.
# icupkg wants the file named after the package (icudt78l: ICU 78, little-endian).
DAT="$WORK/${SYM_NAME%_dat}l.dat"
dd if="$NODE_BIN" of="$DAT" bs=1M iflag=skip_bytes,count_bytes \
  skip="$FILE_OFF" count=$((SEG_END - FILE_OFF)) status=none
mkdir -p "$WORK/res" "$WORK/txt" "$WORK/out"
icupkg -x zoneinfo64.res -d "$WORK/res" "$DAT"
derb -s "$WORK/res" -d "$WORK/txt" zoneinfo64.res
grep -q "TZVersion { \"$BASE_TZ\" }" "$WORK/txt/zoneinfo64.txt" \
  || { echo "carved zoneinfo64 is not tz $BASE_TZ" >&2; exit 1; }

# 3. Patch and compile.
node "$ROOT/scripts/icu-tzdata-patch.mjs" "$WORK/txt/zoneinfo64.txt" "$WORK/zoneinfo64.txt" "$VERSION"
genrb -q -d "$WORK/out" "$WORK/zoneinfo64.txt"
mkdir -p "$OUT"
cp "$WORK/out/zoneinfo64.res" "$OUT/zoneinfo64.res"

# 4. Smoke check with the override.
ICU_TIMEZONE_FILES_DIR="$OUT" "$NODE_BIN" -e '
  const f = (iso) => new Intl.DateTimeFormat("en-GB", { timeZone: "Africa/Casablanca", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
  const want = { "2026-01-10T12:00:00Z": "13:00", "2026-03-01T12:00:00Z": "12:00", "2026-09-20T00:59:00Z": "01:59", "2026-09-20T01:00:00Z": "01:00", "2026-11-25T12:00:00Z": "12:00", "2027-06-01T12:00:00Z": "12:00" };
  for (const [iso, hm] of Object.entries(want)) if (f(iso) !== hm) { console.error(`${iso}: ${f(iso)} != ${hm}`); process.exit(1); }
  if (process.versions.tz !== process.argv[1]) { console.error(`tz ${process.versions.tz} != ${process.argv[1]}`); process.exit(1); }
  console.log(`wrote server/icu-tzdata/zoneinfo64.res (tz ${process.versions.tz})`);
' "$VERSION"
