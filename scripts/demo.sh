#!/usr/bin/env bash
# The README's first command: a real graded session from the spoken answers in samples/, with the
# embedded engines (PocketSphinx, the rubric grader), no server and no download.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet run --project src/VoiceCoach.Cli -c Release -- grade --manifest samples/manifest.yaml --out sessions/demo "$@"
