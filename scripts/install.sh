#!/usr/bin/env bash
# Puts the `voicecoach` command on this machine: packs src/VoiceCoach.Cli from this repository as a .NET tool
# (prompts/ and the Silero VAD weights ship inside it) and installs it for this user with `dotnet tool install -g`,
# replacing an earlier one. Only the local package is used (never a registry). ~/.dotnet/tools is where .NET puts
# user tools; when it is not on PATH, the command is linked into /usr/local/bin if that is writable, else the line
# to add to your shell profile is printed.
#   bash scripts/install.sh            # then: voicecoach --help
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dotnet >/dev/null || { echo "install: the .NET 10 SDK is required (https://dot.net)"; exit 1; }

home="${VOICECOACH_HOME:-$HOME/.local/share/voicecoach}"
feed="$home/tool-feed"
# A new version every time, so `dotnet tool install` never reuses a cached package of older code.
version="0.1.0-local.$(date -u +%Y%m%d%H%M%S)"
mkdir -p "$feed"
rm -f "$feed"/*.nupkg

echo "install: building VoiceCoach $version in Release and packing it as a .NET tool (the first build takes about 4 minutes on 2 cores; each project is listed as it is done)…"
dotnet pack src/VoiceCoach.Cli -c Release -o "$feed" -p:Version="$version" -nologo -v minimal

config="$feed/nuget.config"
cat > "$config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="voicecoach-local" value="$feed" />
  </packageSources>
</configuration>
XML

if dotnet tool list -g | awk 'NR > 2 { print $1 }' | grep -qx voicecoach; then
  echo "install: replacing the installed voicecoach…"
  dotnet tool uninstall -g voicecoach >/dev/null
fi
echo "install: installing the voicecoach command…"
dotnet tool install -g VoiceCoach --version "$version" --configfile "$config" >/dev/null

tools="$HOME/.dotnet/tools"
if command -v voicecoach >/dev/null && [ "$(command -v voicecoach)" != "$tools/voicecoach" ] && [ ! -L "$(command -v voicecoach)" ]; then
  echo "install: note: $(command -v voicecoach) comes first on PATH and is not this install"
fi
case ":$PATH:" in
  *":$tools:"*) echo "install: ok: voicecoach $version ($tools/voicecoach)";;
  *)
    if [ -w /usr/local/bin ]; then
      ln -sfn "$tools/voicecoach" /usr/local/bin/voicecoach
      echo "install: ok: voicecoach $version (linked as /usr/local/bin/voicecoach)"
    else
      echo "install: ok: voicecoach $version is in $tools; add it to PATH: echo 'export PATH=\"\$PATH:$tools\"' >> ~/.profile"
    fi;;
esac
