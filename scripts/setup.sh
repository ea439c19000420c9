#!/usr/bin/env bash
# Installs what VoiceCoach and its tests need on a Debian/Ubuntu machine, only when missing:
# the embedded recogniser (PocketSphinx + its US English model), sox and ffmpeg for audio files,
# ALSA tools for capture tests, festival/espeak-ng to speak questions and make test answers, tmux,
# libgomp1 (OpenMP), which the whisper.cpp library Whisper.net ships for Linux links against, SphinxTrain and sphinx_fe
# (sphinxtrain, sphinxbase-utils) for `voicecoach enroll`, which adapts PocketSphinx to the speaker, and
# Chromium for the browser tests of `voicecoach serve` (driven by Playwright's bundled driver; no browser download).
# Says what it does; when another package manager holds the apt lock, it waits (up to
# VOICECOACH_APT_WAIT_S seconds, default 600) and says so, instead of failing at once.
set -euo pipefail

packages=(pocketsphinx pocketsphinx-en-us libpocketsphinx3 sox libsox-fmt-base ffmpeg alsa-utils libasound2
          festival festvox-us-slt-hts espeak-ng tmux libgomp1 chromium sphinxtrain sphinxbase-utils)
wait_s="${VOICECOACH_APT_WAIT_S:-600}"

echo "setup: checking ${#packages[@]} system packages…"
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi

# Runs an apt-get command; while another process holds the apt or dpkg lock, waits and retries, bounded.
apt_retry() {
  local log waited=0
  log="$(mktemp)"
  while true; do
    if DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get "$@" >"$log" 2>&1; then
      rm -f "$log"; return 0
    fi
    if ! grep -qiE "could not get lock|unable to acquire the dpkg frontend lock|unable to lock" "$log"; then
      cat "$log" >&2; rm -f "$log"; return 1
    fi
    if [ "$waited" -ge "$wait_s" ]; then
      echo "setup: the apt lock is still held after ${wait_s} s ($(grep -oiE 'held by process [0-9]+( \([^)]*\))?' "$log" | head -1 || echo 'by another package manager')); let it finish, then run this again" >&2
      rm -f "$log"; return 1
    fi
    if [ "$waited" -eq 0 ]; then
      echo "setup: another package manager holds the apt lock ($(grep -oiE 'held by process [0-9]+( \([^)]*\))?' "$log" | head -1 || echo 'unattended upgrades?')); waiting for it (up to ${wait_s} s)…"
    fi
    sleep 5; waited=$((waited + 5))
  done
}

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  echo "setup: updating the package lists (apt-get update)…"
  apt_retry update -qq
  echo "setup: installing ${#missing[@]} package(s) (apt-get install; a minute or two)…"
  apt_retry install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all system packages present"
fi

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK is required (https://dot.net)"; exit 1; }
echo "setup: ok"
