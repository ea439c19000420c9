#!/usr/bin/env bash
# Speaks a domain test set: every answer in tests/domain-speech/texts/NN-name.txt twice, once by
# festival (cmu_us_slt_arctic_hts) and once by espeak-ng (en-us), at three speaking rates, clean or
# with pink noise mixed in at 20 dB or 10 dB SNR (speech RMS over noise RMS, whole clip), into
# tests/domain-speech/audio/ (16 kHz mono 16-bit, git-ignored), and writes transcripts.tsv beside
# it: clip<TAB>exact text (fillers included), the format `voicecoach transcribe --eval` reads.
#
# Deterministic: the same texts give the same WAVs (sox -R fixes the noise seed; no dither).
# The texts were written for this set and are kept apart from the text the domain language model
# is built from (a unit test checks that no sentence of them occurs in prompts/, samples/ or the
# general corpus).
#
# Two sets are made the same way from different texts: the TEST set (tests/domain-speech, the default), whose
# figures README reports and which no setting is tuned on, and the DEV set (tests/domain-speech-dev, --dev), on
# which the decoder and language-model settings are tuned.
#
# Each clip's third column names the voice profile of its speaker and room (profiles/VOICE-CONDITION): the same voice
# reads VoiceCoach's enrollment sentences (`voicecoach enroll --list`) once per condition, at its normal pace (festival
# x1.0, espeak-ng 170 wpm), with noise from another stretch of the generator, and `voicecoach enroll --from` adapts the
# recogniser to it, as a candidate would once where they practise. `transcribe --eval --voice-profile none` measures
# without the profiles. $VOICECOACH is the command that runs VoiceCoach (default: voicecoach if installed, else dotnet run).
#
# A third set, --terms (tests/domain-speech-terms), measures company terms alone: 14 short answers dense with the pack's
# terms (2-8 each), tuned on like the dev set and read with the dev set's profiles (no enrollment of its own).
#
# A fourth set, --fillers (tests/domain-speech-fillers), grows the dev side for filler counting: 15 answers, 12 with 4-8
# fillers ("um", "uh", "like", "you know") and 3 with 1-2, spoken and read with the dev set's profiles like --terms.
#
# A fifth set, --values (tests/domain-speech-values), aims at what the others miss most: 30 short answers whose key
# phrases are value names said as one word ("Candor.", "judgment", "curiosity"), "disagree and commit", eyeline and the
# tools, spoken and read with the dev set's profiles like --terms.
#
# Usage: scripts/make-domain-testset.sh [--dev|--terms|--fillers|--values] [--force]     (about 8 minutes on 2 cores for the test set)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
set_dir="$root/tests/domain-speech"
force=false
profiles=profiles
for option in "$@"; do
  case "$option" in
    --force) force=true ;;
    --dev) set_dir="$root/tests/domain-speech-dev" ;;
    --terms) set_dir="$root/tests/domain-speech-terms"; profiles="../domain-speech-dev/profiles" ;;
    --fillers) set_dir="$root/tests/domain-speech-fillers"; profiles="../domain-speech-dev/profiles" ;;
    --values) set_dir="$root/tests/domain-speech-values"; profiles="../domain-speech-dev/profiles" ;;
    *) echo "unknown option $option; usage: $0 [--dev|--terms|--fillers|--values] [--force]" >&2; exit 2 ;;
  esac
done
texts="$set_dir/texts"
audio="$set_dir/audio"

for tool in sox text2wave espeak-ng; do
  command -v "$tool" >/dev/null || { echo "$tool not found: bash scripts/setup.sh installs it" >&2; exit 1; }
done
[[ -d /usr/share/festival/voices/us/cmu_us_slt_arctic_hts ]] || { echo "festvox-us-slt-hts missing: bash scripts/setup.sh installs it" >&2; exit 1; }

mkdir -p "$audio"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

rates_festival=(1.0 0.9 1.15)   # sox tempo factor
rates_espeak=(150 170 190)      # words per minute
noises=(clean 20 10)            # SNR in dB

# Mixes pink noise into $1 at $2 dB SNR, writing $3; $4 seconds of the noise generator are skipped first (enrollment
# recordings take their noise from another stretch than the test clips).
mix_noise() {
  local speech="$1" snr="$2" out="$3" skip="${4:-0}" seconds speech_rms noise_rms gain
  seconds="$(soxi -D "$speech")"
  sox -R -n -r 16000 -c 1 -b 16 "$tmp/noise.wav" synth "$(awk -v s="$seconds" -v k="$skip" 'BEGIN { print s + k }')" pinknoise vol 0.5 trim "$skip"
  speech_rms="$(sox "$speech" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}')"
  noise_rms="$(sox "$tmp/noise.wav" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}')"
  gain="$(awk -v s="$speech_rms" -v n="$noise_rms" -v db="$snr" 'BEGIN { printf "%.6f", s / (n * 10 ^ (db / 20)) }')"
  sox -R -m -v 1 "$speech" -v "$gain" "$tmp/noise.wav" -b 16 -D "$out"
}

# Resamples $1 to the product's format, applies the condition, writes $3.
finish() {
  local raw="$1" condition="$2" out="$3" tempo="${4:-1.0}" skip="${5:-0}"
  sox -R -G "$raw" -r 16000 -c 1 -b 16 -e signed-integer -D "$tmp/clean.wav" tempo "$tempo"
  if [[ "$condition" == clean ]]; then
    cp "$tmp/clean.wav" "$out"
  else
    mix_noise "$tmp/clean.wav" "$condition" "$out" "$skip"
  fi
}

tsv="$set_dir/transcripts.tsv"
printf 'file\treference\tvoice_profile\n' > "$tsv.new"
i=0
for text in "$texts"/*.txt; do
  name="$(basename "${text%.txt}")"
  reference="$(tr '\n' ' ' < "$text" | sed 's/ *$//')"
  f_rate="${rates_festival[$((i % 3))]}"; f_noise="${noises[$((i % 3))]}"
  e_rate="${rates_espeak[$(((i + 1) % 3))]}"; e_noise="${noises[$(((i + 2) % 3))]}"
  f_out="$audio/$name-festival-x$f_rate-$f_noise.wav"
  e_out="$audio/$name-espeak-$e_rate-$e_noise.wav"
  if [[ "$force" == true || ! -f "$f_out" ]]; then
    text2wave -eval "(voice_cmu_us_slt_arctic_hts)" -o "$tmp/raw.wav" "$text"
    finish "$tmp/raw.wav" "$f_noise" "$f_out" "$f_rate"
  fi
  if [[ "$force" == true || ! -f "$e_out" ]]; then
    espeak-ng -v en-us -s "$e_rate" -f "$text" -w "$tmp/raw.wav"
    finish "$tmp/raw.wav" "$e_noise" "$e_out"
  fi
  printf '%s\t%s\t%s\n' "audio/$(basename "$f_out")" "$reference" "$profiles/festival-$f_noise" >> "$tsv.new"
  printf '%s\t%s\t%s\n' "audio/$(basename "$e_out")" "$reference" "$profiles/espeak-$e_noise" >> "$tsv.new"
  printf '%-28s festival x%-4s %-5s  espeak %s wpm %s\n' "$name" "$f_rate" "$f_noise" "$e_rate" "$e_noise"
  i=$((i + 1))
done
mv "$tsv.new" "$tsv"
echo "$(($(wc -l < "$tsv") - 1)) clips in ${tsv#"$root"/}"

# Enrollment: one voice profile per voice and condition (the terms, fillers and values sets read with the dev set's).
[[ "$profiles" == profiles ]] || exit 0
if [[ -n "${VOICECOACH:-}" ]]; then
  read -r -a voicecoach <<< "$VOICECOACH"
elif command -v voicecoach >/dev/null; then
  voicecoach=(voicecoach)
else
  voicecoach=(dotnet run --project "$root/src/VoiceCoach.Cli" -c Release --)
fi
"${voicecoach[@]}" enroll --list --prompts "$root/prompts" | cut -f2- > "$tmp/sentences.txt"
for voice in festival espeak; do
  for condition in "${noises[@]}"; do
    folder="$set_dir/enrollment/$voice-$condition"
    if [[ "$force" == true || ! -f "$folder/sentences.txt" ]] || ! cmp -s "$tmp/sentences.txt" "$folder/sentences.txt"; then
      rm -rf "$folder"
      mkdir -p "$folder"
      n=0
      while IFS= read -r sentence; do
        n=$((n + 1))
        out="$folder/$(printf '%03d' "$n").wav"
        printf '%s\n' "$sentence" > "$tmp/sentence.txt"
        if [[ "$voice" == festival ]]; then
          text2wave -eval "(voice_cmu_us_slt_arctic_hts)" -o "$tmp/raw.wav" "$tmp/sentence.txt"
        else
          espeak-ng -v en-us -s 170 -f "$tmp/sentence.txt" -w "$tmp/raw.wav"
        fi
        finish "$tmp/raw.wav" "$condition" "$out" 1.0 30
      done < "$tmp/sentences.txt"
      cp "$tmp/sentences.txt" "$folder/sentences.txt"
    fi
    "${voicecoach[@]}" enroll --from "$folder" --profile "$set_dir/profiles/$voice-$condition" --prompts "$root/prompts" | tail -1
  done
done
