#!/usr/bin/env bash
# The README's first command: a real practice session on the embedded defaults (PocketSphinx, Silero
# VAD, the rubric grader), with the spoken answers in samples/ played in real time instead of a
# microphone: live timing, hands-free cut at each pause, background grading, report at the end.
# No server and no download. Extra options are passed on (e.g. --fast to skip real-time playback).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet run --project src/VoiceCoach.Cli -c Release -- practice --from samples --no-speak --hands-free --out sessions/demo "$@"
