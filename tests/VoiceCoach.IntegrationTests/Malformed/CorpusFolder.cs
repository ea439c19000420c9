using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VoiceCoach.Testing;

namespace VoiceCoach.IntegrationTests.Malformed;

/// <summary>
/// The working folder of one corpus case: what the case writes there before the command runs (a broken manifest,
/// a copy of prompts/ with one edit, a WAV with a lying header, a saved session), and a fingerprint of everything in
/// it, so the test can tell that a refused command changed nothing on disk.
/// </summary>
internal sealed class CorpusFolder : IDisposable
{
    private readonly List<IDisposable> _held = [];

    public CorpusFolder()
    {
        Dir = Directory.CreateTempSubdirectory("vc-corpus-").FullName;
    }

    public string Dir { get; }

    /// <summary>The base URL of the case's loopback LLM server, when it has one.</summary>
    public string LlmUrl { get; set; } = string.Empty;

    /// <summary>The repository's prompts folder, unchanged.</summary>
    public static string RepoPrompts => RepoPaths.InRepo("prompts");

    public string Path(string relative) => System.IO.Path.Combine(Dir, relative);

    public string Write(string relative, string text)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return relative;
    }

    public string Write(string relative, byte[] bytes)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return relative;
    }

    /// <summary>A copy of the repository's prompts/ as "p", for a case that edits one file of it.</summary>
    public string Prompts()
    {
        var target = Path("p");
        if (!Directory.Exists(target))
        {
            RepoPaths.CopyTree(RepoPrompts, target);
        }

        return "p";
    }

    /// <summary>Replaces the first occurrence of <paramref name="old"/> (which must be there) in a file of the folder.</summary>
    public void Edit(string relative, string old, string replacement)
    {
        var text = File.ReadAllText(Path(relative));
        var at = text.IndexOf(old, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException($"corpus case setup: '{old}' not found in {relative}; update the case");
        }

        File.WriteAllText(Path(relative), string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + old.Length)));
    }

    /// <summary>
    /// Replaces the first match of <paramref name="pattern"/> (which must match) in a file of the folder: for lines
    /// whose numbers the rubric's calibration moves, so a case keeps testing its mistake after a re-tune.
    /// </summary>
    public void Edit(string relative, Regex pattern, string replacement)
    {
        var text = File.ReadAllText(Path(relative));
        var match = pattern.Match(text);
        if (!match.Success)
        {
            throw new InvalidOperationException($"corpus case setup: nothing matches '{pattern}' in {relative}; update the case");
        }

        File.WriteAllText(Path(relative), string.Concat(text.AsSpan(0, match.Index), replacement, text.AsSpan(match.Index + match.Length)));
    }

    /// <summary>Edits a copy of prompts/ and returns its folder name.</summary>
    public string PromptsWith(string file, Regex pattern, string replacement)
    {
        var p = Prompts();
        Edit(System.IO.Path.Combine(p, file), pattern, replacement);
        return p;
    }

    /// <summary>Edits a copy of prompts/ and returns its folder name.</summary>
    public string PromptsWith(string file, string old, string replacement)
    {
        var p = Prompts();
        Edit(System.IO.Path.Combine(p, file), old, replacement);
        return p;
    }

    /// <summary>A typed manifest of two answers that grades cleanly; returns its name.</summary>
    public string TypedManifest(string name = "m.yaml") => Write(name, """
        company: netflix
        answers:
          - question_id: netflix-recruiter-values-judgment
            transcript: "Last year at Salesforce our retraining pipeline kept failing every weekend. My task was to cut the pages. I analyzed three months of alerts and I moved validation before training. As a result, pages dropped by 50 percent."
            duration_s: 40
          - question_id: netflix-recruiter-values-courage
            transcript: "I think courage is really important. In general I believe you should always speak up and challenge the status quo."
            duration_s: 20
        """);

    /// <summary>A manifest with one answer whose audio is <paramref name="audio"/>.</summary>
    public string AudioManifest(string audio) => Write("a.yaml", $"company: netflix\nanswers:\n  - question_id: netflix-recruiter-values-judgment\n    audio: {audio}\n");

    /// <summary>A session folder graded from the typed manifest (by the real command), for cases that damage it.</summary>
    public async Task<string> GradedSessionAsync(string folder = "s")
    {
        using var cli = new CliHarness(Dir);
        var code = await cli.RunAsync("grade", "--manifest", TypedManifest("seed.yaml"), "--out", folder, "--prompts", RepoPrompts);
        if (code != 0)
        {
            throw new InvalidOperationException($"corpus case setup: grading the seed session failed: {cli.ConsoleText}");
        }

        File.Delete(Path("seed.yaml"));
        return folder;
    }

    /// <summary>Changes session.json (or any JSON file) of the folder.</summary>
    public void EditJson(string relative, Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(File.ReadAllText(Path(relative)))!.AsObject();
        edit(node);
        File.WriteAllText(Path(relative), node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Keeps something (a held lock) alive while the command runs.</summary>
    public void Hold(IDisposable held) => _held.Add(held);

    /// <summary>Every file and folder under the case folder, with a hash of each file's bytes.</summary>
    public IReadOnlyDictionary<string, string> Fingerprint(string? except = null)
    {
        var seen = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Directory.EnumerateFileSystemEntries(Dir, "*", SearchOption.AllDirectories))
        {
            var relative = System.IO.Path.GetRelativePath(Dir, entry).Replace('\\', '/');
            if (except is not null && (relative == except || relative.StartsWith(except + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            seen[relative] = Directory.Exists(entry) ? "folder" : Hash(entry);
        }

        return seen;
    }

    private static string Hash(string file)
    {
        try
        {
            return Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }
        catch (IOException)
        {
            // A lock file held by the case itself: its presence is what counts.
            return "locked";
        }
    }

    public void Dispose()
    {
        foreach (var held in _held)
        {
            held.Dispose();
        }

        Directory.Delete(Dir, recursive: true);
    }
}

/// <summary>WAV bytes for the audio cases: a valid 16-bit PCM file, and that file with one header field changed.</summary>
internal static class CorpusWav
{
    /// <summary>A canonical 44-byte-header 16-bit PCM WAV of a 220 Hz tone.</summary>
    public static byte[] Pcm16(double seconds = 0.5, int rate = 16_000, short channels = 1)
    {
        var frames = (int)(seconds * rate);
        var data = frames * channels * 2;
        var bytes = new byte[44 + data];
        "RIFF"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), 36 + data);
        "WAVEfmt "u8.CopyTo(bytes.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(22), channels);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(24), rate);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(28), rate * channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(32), (short)(channels * 2));
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(34), 16);
        "data"u8.CopyTo(bytes.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(40), data);
        for (var i = 0; i < frames * channels; i++)
        {
            var v = (short)(8000 * Math.Sin(2 * Math.PI * 220 * (i / channels) / rate));
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(44 + (2 * i)), v);
        }

        return bytes;
    }

    /// <summary>The file with a 16-bit header field at <paramref name="offset"/> set to <paramref name="value"/>.</summary>
    public static byte[] With16(byte[] wav, int offset, short value)
    {
        var copy = (byte[])wav.Clone();
        BinaryPrimitives.WriteInt16LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    /// <summary>The file with a 32-bit header field at <paramref name="offset"/> set to <paramref name="value"/>.</summary>
    public static byte[] With32(byte[] wav, int offset, int value)
    {
        var copy = (byte[])wav.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    /// <summary>The file with four header bytes at <paramref name="offset"/> replaced by <paramref name="tag"/>.</summary>
    public static byte[] WithTag(byte[] wav, int offset, string tag)
    {
        var copy = (byte[])wav.Clone();
        System.Text.Encoding.ASCII.GetBytes(tag).CopyTo(copy, offset);
        return copy;
    }
}
