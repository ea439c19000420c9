#!/usr/bin/env bash
# The README's first command: a real practice session on the embedded defaults (PocketSphinx, Silero
# VAD, the rubric grader), with the spoken answers in samples/ played in real time instead of a
# microphone: live timing, hands-free cut at each pause, background grading, report at the end.
# No server and no download. Extra options are passed on (e.g. --fast to skip real-time playback).
# It runs the `voicecoach` command, built and installed from this repository by scripts/install.sh (which shows
# the build's progress), so the hints it prints (`voicecoach practice --resume …`) work in your shell afterwards.
# The session goes to sessions/demo; a session already there (an earlier run) is moved aside to
# sessions/demo-<its date>, never overwritten, unless the options continue it (--resume).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
out=sessions/demo
resuming=false
for option in "$@"; do
  if [ "$option" = --resume ]; then
    resuming=true
  fi
done
if [ -e "$out" ] && [ "$resuming" = false ]; then
  kept="$out-$(date -r "$out" +%Y%m%d-%H%M%S)"
  n=2
  while [ -e "$kept" ]; do
    kept="$out-$(date -r "$out" +%Y%m%d-%H%M%S)-$n"
    n=$((n + 1))
  done
  mv "$out" "$kept"
  echo "The previous demo session is kept in $kept."
fi
bash scripts/install.sh
export PATH="$PATH:$HOME/.dotnet/tools"
echo "demo: a practice session on the spoken answers in samples/ (about 4 minutes in real time; --fast skips the waiting)…"
voicecoach practice --from samples --no-speak --hands-free --out "$out" "$@"
