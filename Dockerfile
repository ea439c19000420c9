# VoiceCoach in a container: the CLI with PocketSphinx, sox and ffmpeg, the shipped prompts and VAD
# weights, and two volumes: /data/models (Whisper ggml models) and /data/sessions (reports).
# Used by docker-compose.yml, which points the LLM reviewer at the ollama service.
#   docker build -t voicecoach .
#   docker run --rm -v "$PWD/sessions:/data/sessions" voicecoach grade --manifest samples/manifest.yaml --out sessions/demo

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig VoiceCoach.sln ./
COPY src/ src/
COPY prompts/ prompts/
COPY models/silero-v6.2.0-ggml.bin models/
RUN dotnet publish src/VoiceCoach.Cli/VoiceCoach.Cli.csproj -c Release -r linux-x64 --self-contained true -o /app

# Debian 12, like the machines VoiceCoach is developed and tested on (libpocketsphinx.so.3 lives here).
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libicu72 ca-certificates libpocketsphinx3 pocketsphinx-en-us sox libsox-fmt-base ffmpeg libasound2 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
COPY samples/ /data/samples/
RUN useradd --create-home --uid 1000 coach && mkdir -p /data/models /data/sessions /data/home && chown -R coach /data
USER coach
WORKDIR /data
ENV VOICECOACH_HOME=/data/home \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
VOLUME ["/data/models", "/data/sessions"]
ENTRYPOINT ["/app/voicecoach"]
CMD ["--help"]
