using System.Globalization;
using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace VoiceCoach.Speech.Models;

/// <summary>One downloadable whisper.cpp model and what is published about it.</summary>
/// <param name="Name">The model name as whisper.cpp spells it, e.g. "base.en" or "small-q5_1".</param>
/// <param name="SizeBytes">Exact file size in bytes; null when no size was published.</param>
/// <param name="DiskSize">The rounded size for people, e.g. "142 MiB".</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file; null when none was published.</param>
/// <param name="Sha1">Lower-case hex SHA-1 of the file (what whisper.cpp's README lists); null when none.</param>
public sealed record ModelCatalogEntry(string Name, long? SizeBytes, string DiskSize, string? Sha256, string? Sha1)
{
    /// <summary>The file name on the server and on disk, e.g. "ggml-base.en.bin".</summary>
    public string FileName => $"ggml-{Name}.bin";

    /// <summary>True when the download can be checked against a published hash, not only a size.</summary>
    public bool HasHash => Sha256 is not null || Sha1 is not null;
}

/// <summary>
/// The known whisper.cpp ggml models (Models/catalog.yaml, embedded): name, size, SHA-256 and SHA-1
/// as published for https://huggingface.co/ggerganov/whisper.cpp. Immutable and thread-safe.
/// </summary>
public sealed class ModelCatalog
{
    /// <summary>Where whisper.cpp's own download script fetches models from; a file is BASE/ggml-NAME.bin.</summary>
    public const string DefaultBaseUrl = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main";

    private const string ResourceName = "VoiceCoach.Speech.Models.catalog.yaml";
    private static readonly Lazy<ModelCatalog> LazyDefault = new(LoadEmbedded);

    /// <summary>Creates a catalog over entries (tests and custom mirrors).</summary>
    public ModelCatalog(IEnumerable<ModelCatalogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries.ToList();
    }

    /// <summary>The catalog shipped with VoiceCoach.</summary>
    public static ModelCatalog Default => LazyDefault.Value;

    /// <summary>The models in catalog order (by size family, then variant).</summary>
    public IReadOnlyList<ModelCatalogEntry> Entries { get; }

    /// <summary>
    /// The entry for a name given as "base.en", "ggml-base.en" or "ggml-base.en.bin" (case-insensitive),
    /// or null when the catalog does not know it.
    /// </summary>
    public ModelCatalogEntry? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Trim();
        if (key.EndsWith(".bin", StringComparison.OrdinalIgnoreCase))
        {
            key = key[..^4];
        }

        if (key.StartsWith("ggml-", StringComparison.OrdinalIgnoreCase))
        {
            key = key[5..];
        }

        return Entries.FirstOrDefault(e => string.Equals(e.Name, key, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Reads a catalog in the format of Models/catalog.yaml (a `models:` list of name/size/disk/sha256/sha1).</summary>
    /// <param name="reader">The YAML text; the caller disposes it.</param>
    /// <param name="source">The file name for error messages.</param>
    /// <exception cref="ModelDownloadException">The text is not a valid catalog; the message names the source and the line.</exception>
    public static ModelCatalog Load(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var yaml = new YamlStream();
        try
        {
            yaml.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new ModelDownloadException($"{source}:{ex.Start.Line}:{ex.Start.Column}: not valid YAML: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner fails this way, without a position, on some unclosed '[' or '{'.
            throw new ModelDownloadException($"{source}: not valid YAML (an unclosed '[' or '{{'?): {ex.Message}", ex);
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("models"), out var list) || list is not YamlSequenceNode models)
        {
            throw new ModelDownloadException($"{source}: expected a 'models:' list of entries with name, size, sha256, sha1");
        }

        var entries = new List<ModelCatalogEntry>();
        foreach (var node in models)
        {
            if (node is not YamlMappingNode map)
            {
                throw new ModelDownloadException($"{source}:{node.Start.Line}: each model must be a mapping with name, size, sha256, sha1");
            }

            var name = Scalar(map, "name") ?? throw new ModelDownloadException($"{source}:{node.Start.Line}: model without a name");
            long? size = null;
            if (Scalar(map, "size") is { } sizeText)
            {
                size = long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0
                    ? s
                    : throw new ModelDownloadException($"{source}:{node.Start.Line}: {name}: size '{sizeText}' is not a byte count");
            }

            var sha256 = Hex(Scalar(map, "sha256"), 64, "sha256", name, source, node.Start.Line);
            var sha1 = Hex(Scalar(map, "sha1"), 40, "sha1", name, source, node.Start.Line);
            var disk = Scalar(map, "disk") ?? (size is { } b ? FormatBytes(b) : "unknown");
            entries.Add(new ModelCatalogEntry(name, size, disk, sha256, sha1));
        }

        return new ModelCatalog(entries);
    }

    /// <summary>Bytes for people: "141.1 MB" (decimal units, like download tools print them).</summary>
    public static string FormatBytes(long bytes) => bytes switch
    {
        >= 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:0.00} GB"),
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:0.0} kB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };

    private static ModelCatalog LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}");
        using var reader = new StreamReader(stream);
        return Load(reader, "catalog.yaml (embedded)");
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text }
            ? text.Trim()
            : null;

    private static string? Hex(string? value, int length, string field, string name, string source, long line)
    {
        if (value is null)
        {
            return null;
        }

        var hex = value.ToLowerInvariant();
        return hex.Length == length && hex.All(char.IsAsciiHexDigit)
            ? hex
            : throw new ModelDownloadException($"{source}:{line}: {name}: {field} must be {length} hex digits, got '{value}'");
    }
}
