#!/usr/bin/env bash
# Synthesises the spoken example answers in answers/NN-name.txt into answers/NN-name.wav
# (16 kHz, mono, 16-bit PCM: the product's format, no conversion needed on load).
#
# Voice: festival's natural US English HTS voice (Debian: festival festvox-us-slt-hts);
# falls back to espeak-ng when festival or that voice is missing. Needs sox.
#
# Idempotent: a WAV is rebuilt only when it is missing or its text changed since it was made
# (answers/texts.sha256 records the text each WAV was made from; file times are useless after a
# git clone), or with --force. The WAVs and texts.sha256 are committed; run this after editing a text.
# The .txt files are the reference transcripts (what the synthetic candidate said).
#
# Usage: samples/make-samples.sh [--force]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
answers="$here/answers"
force=false
[[ "${1:-}" == "--force" ]] && force=true

command -v sox >/dev/null || { echo "sox not found: apt-get install sox" >&2; exit 1; }

engine=""
if command -v text2wave >/dev/null && [[ -d /usr/share/festival/voices/us/cmu_us_slt_arctic_hts ]]; then
  engine=festival
elif command -v espeak-ng >/dev/null; then
  engine=espeak-ng
  echo "festival or festvox-us-slt-hts missing; using espeak-ng (robotic voice)" >&2
else
  echo "no synthesiser: apt-get install festival festvox-us-slt-hts (or espeak-ng)" >&2
  exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

stamps="$answers/texts.sha256"
touch "$stamps"

for text in "$answers"/*.txt; do
  wav="${text%.txt}.wav"
  name="$(basename "$text")"
  sum="$(sha256sum "$text" | cut -d' ' -f1)"
  if [[ "$force" == false && -f "$wav" ]] && grep -qx "$sum  $name" "$stamps"; then
    echo "up to date: ${wav#"$here"/}"
    continue
  fi

  raw="$tmp/raw.wav"
  case "$engine" in
    festival) text2wave -eval "(voice_cmu_us_slt_arctic_hts)" -o "$raw" "$text" ;;
    espeak-ng) espeak-ng -v en-us -s 160 -f "$text" -w "$raw" ;;
  esac

  # -G guards against clipping in the rate change; dither is off so reruns give identical bytes.
  sox -G "$raw" -r 16000 -c 1 -b 16 -e signed-integer -D "$wav"
  printf '%-40s %6.1f s  (%s)\n' "${wav#"$here"/}" "$(soxi -D "$wav")" "$engine"
  { grep -v "  $name\$" "$stamps" || true; echo "$sum  $name"; } | sort -k2 > "$stamps.new"
  mv "$stamps.new" "$stamps"
done

# The reference transcripts as a TSV that TranscriptionEvaluation reads (path relative to this folder).
{
  printf 'file\treference\n'
  for text in "$answers"/*.txt; do
    printf 'answers/%s\t%s\n' "$(basename "${text%.txt}.wav")" "$(tr '\n' ' ' < "$text" | sed 's/ *$//')"
  done
} > "$here/transcripts.tsv"
