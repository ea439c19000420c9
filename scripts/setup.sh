#!/usr/bin/env bash
# Installs what VoiceCoach and its tests need on a Debian/Ubuntu machine, only when missing:
# the embedded recogniser (PocketSphinx + its US English model), sox and ffmpeg for audio files,
# ALSA tools for capture tests, festival/espeak-ng to speak questions and make test answers, tmux, and
# Chromium for the browser tests of `voicecoach serve` (driven by Playwright's bundled driver; no browser download).
set -euo pipefail

packages=(pocketsphinx pocketsphinx-en-us libpocketsphinx3 sox libsox-fmt-base ffmpeg alsa-utils libasound2
          festival festvox-us-slt-hts espeak-ng tmux chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK is required (https://dot.net)"; exit 1; }
echo "setup: ok"
