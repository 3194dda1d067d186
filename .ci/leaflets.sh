#!/usr/bin/env bash
# The leaflet recipe CI runs on every change (docs/ci.md): build every edition and format, check
# them, compare the pages with the approved snapshots, render previews, and write a summary.
#
#   bash .ci/leaflets.sh [CONTENT] [APPROVED] [OUT]
#     CONTENT   the content file (default content.yaml)
#     APPROVED  the approved snapshots (default tests/approved; none there: no comparison)
#     OUT       where everything goes (default build/ci): PDFs, JSON, JUnit, SARIF, previews,
#               the diff report (OUT/diff/report.html) and OUT/summary.md
#   FORMATS="a4 a5-booklet dl-trifold"   the formats built in print and on screen
#   LARGE_PRINT="a4 a5-booklet"          the formats built in large print (a tri-fold holds a short leaflet only)
#   BROCHURE="brochure"                  the command (e.g. "python -m brochure")
#
# Exit 0 when every build and check passed and the pages are the approved ones; 1 otherwise (all
# steps still run, so the artefacts show everything). Accept changed pages with
#   brochure diff CONTENT --against APPROVED --update
set -uo pipefail

CONTENT="${1:-content.yaml}"
APPROVED="${2:-tests/approved}"
OUT="${3:-build/ci}"
FORMATS="${FORMATS:-a4 a5-booklet dl-trifold}"
LARGE_PRINT="${LARGE_PRINT:-a4 a5-booklet}"
read -r -a BROCHURE <<< "${BROCHURE:-brochure}"

mkdir -p "$OUT"
status=0
summary="$OUT/summary.md"
{
  echo "## Leaflet: $CONTENT"
  echo
  echo "| file | result |"
  echo "|---|---|"
} > "$summary"

step() {  # step NAME COMMAND...: run it, keep its exit code, add a row to the summary
  local name="$1"; shift
  if "$@"; then
    echo "| $name | passed |" >> "$summary"
  else
    local code=$?
    echo "| $name | **failed** (exit $code) |" >> "$summary"
    status=1
  fi
}

build() {  # build NAME OPTIONS...: one edition, with its JSON, JUnit and SARIF
  local name="$1"; shift
  step "$name.pdf" "${BROCHURE[@]}" build "$CONTENT" -o "$OUT/$name.pdf" "$@" \
    --json --junit "$OUT/$name.junit.xml" --sarif "$OUT/$name.sarif" > "$OUT/$name.json"
}

for format in $FORMATS; do
  build "$format" --format "$format"
  build "$format-screen" --format "$format" --edition screen
done
for format in $LARGE_PRINT; do
  build "$format-large-print" --format "$format" --large-print
done
step "leaflet.html" "${BROCHURE[@]}" build "$CONTENT" --edition html -o "$OUT/leaflet.html" --json > "$OUT/html.json"

# Check: the content (clear print, readability, required elements) and each print master again,
# as the printer's preflight would (with Ghostscript's ink check where it is installed).
step "leaflet check" "${BROCHURE[@]}" check "$CONTENT" --profile leaflet --json \
  --junit "$OUT/leaflet-check.junit.xml" --sarif "$OUT/leaflet-check.sarif" > "$OUT/leaflet-check.json"
for format in $FORMATS; do
  if [ -f "$OUT/$format.pdf" ]; then
    step "preflight $format" "${BROCHURE[@]}" check "$OUT/$format.pdf" --json > "$OUT/$format.check.json"
  fi
done

# Previews of the first format, for the artefacts.
first="${FORMATS%% *}"
if [ -f "$OUT/$first.pdf" ]; then
  step "preview" "${BROCHURE[@]}" preview "$OUT/$first.pdf" -o "$OUT/preview" --dpi 60 -q
fi

# The pages against the approved snapshots (made with: brochure snapshot CONTENT --dir APPROVED).
if [ -f "$APPROVED/manifest.json" ]; then
  step "diff against $APPROVED" "${BROCHURE[@]}" diff "$CONTENT" --against "$APPROVED" -o "$OUT/diff" -q \
    --junit "$OUT/diff.junit.xml" --sarif "$OUT/diff.sarif" > "$OUT/diff.txt"
  {
    echo
    echo "### Pages against $APPROVED"
    echo
    echo '```'
    head -n 40 "$OUT/diff.txt"
    echo '```'
    echo
    echo "The report with highlighted pages is in the artefacts: \`$OUT/diff/report.html\`."
  } >> "$summary"
else
  echo "| diff | no approved snapshots in $APPROVED (make them with brochure snapshot) |" >> "$summary"
fi

echo >> "$summary"
if [ "$status" -eq 0 ]; then echo "**All passed.**" >> "$summary"; else echo "**Something failed: see above.**" >> "$summary"; fi
cat "$summary"
exit "$status"
