using System.Net;
using Microsoft.Extensions.Logging;
using VoiceCoach.Audio.Vad;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Semantics;

namespace VoiceCoach.Web;

/// <summary>
/// The graders for one session: per answer (rubric, or rubric + LLM), the session's assembly and review, the rubric
/// grader underneath (warmed up without an LLM call) and its semantic layer. Owns what <paramref name="Owned"/> holds
/// (the LLM reviewer's connections); dispose when the session is over.
/// </summary>
public sealed record SessionGraders(IAnswerGrader Answers, SessionGrader Session, RubricGrader Rubric, SemanticModel Semantic, IDisposable? Owned = null) : IDisposable
{
    public void Dispose() => Owned?.Dispose();
}

/// <summary>
/// What the web app needs from its host (the CLI's `serve` command): the engines, chosen as the command line says.
/// Implementations are thread-safe; each session asks for its own transcriber.
/// </summary>
public interface IWebServices
{
    /// <summary>The graders for a session (the LLM reviewer when one is configured), with the same semantic layer as `grade`.</summary>
    /// <exception cref="PromptFileException">A grading prompt or the classifier file is broken.</exception>
    Task<SessionGraders> CreateGradersAsync(PromptLibrary library, CompanyPack company, string sessionId, CancellationToken cancellationToken);

    /// <summary>The grader's semantic layer for a prompts library, on the process's one sentence encoder.</summary>
    SemanticModel Semantic(PromptLibrary library);

    /// <summary>A recogniser for one session; the caller disposes it when it is <see cref="IDisposable"/>.</summary>
    IStreamingTranscriber CreateTranscriber();

    /// <summary>The voice activity model, loaded once.</summary>
    SileroVad Vad { get; }

    /// <summary>Renders the questions as speech for the page to play; null to let the browser speak them.</summary>
    ISpeechSynthesizer? Voice { get; }
}

/// <summary>How `voicecoach serve` runs. Defaults: loopback, a free port, frames of at most 64 KB, uploads of at most 1 MB.</summary>
public sealed record WebAppOptions
{
    /// <summary>The address to listen on. Default 127.0.0.1: only this machine can reach the app.</summary>
    public IPAddress Host { get; init; } = IPAddress.Loopback;

    /// <summary>The port; 0 for a free one. Default 0.</summary>
    public int Port { get; init; }

    /// <summary>The per-launch secret every page, API call and WebSocket must carry (query, cookie or header).</summary>
    public required string Token { get; init; }

    /// <summary>The folder holding one folder per session.</summary>
    public required string SessionsDirectory { get; init; }

    /// <summary>The prompts folder (rubric, question banks, company packs, grading prompts) the coach edits.</summary>
    public required string PromptsDirectory { get; init; }

    /// <summary>The largest WebSocket message accepted (an audio frame or a command). Default 64 KB (2 s of audio).</summary>
    public int MaxFrameBytes { get; init; } = 64 * 1024;

    /// <summary>The largest request body accepted (a prompt edit). Default 1 MB.</summary>
    public long MaxUploadBytes { get; init; } = 1024 * 1024;

    public required TimeProvider Time { get; init; }

    public required ILoggerFactory Logging { get; init; }
}
