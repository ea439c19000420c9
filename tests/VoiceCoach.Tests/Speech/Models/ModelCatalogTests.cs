using VoiceCoach.Speech.Models;

namespace VoiceCoach.Tests.Speech.Models;

public sealed class ModelCatalogTests
{
    [Theory]
    [InlineData("base.en")]
    [InlineData("ggml-base.en")]
    [InlineData("ggml-base.en.bin")]
    [InlineData("BASE.EN")]
    public void Find_AnySpelling_FindsTheModel(string name) =>
        Assert.Equal("ggml-base.en.bin", ModelCatalog.Default.Find(name)?.FileName);

    [Fact]
    public void Default_EveryEntry_HasAnExactSizeAndBothPublishedHashes()
    {
        Assert.Equal(29, ModelCatalog.Default.Entries.Count);
        Assert.All(ModelCatalog.Default.Entries, e =>
        {
            Assert.NotNull(e.SizeBytes);
            Assert.Equal(64, e.Sha256?.Length);
            Assert.Equal(40, e.Sha1?.Length);
        });
        Assert.Equal(ModelCatalog.Default.Entries.Count, ModelCatalog.Default.Entries.Select(e => e.Name).Distinct().Count());
    }

    [Fact]
    public void Load_BadHash_NamesFileLineAndField()
    {
        var ex = Assert.Throws<ModelDownloadException>(() => ModelCatalog.Load(new StringReader("models:\n  - { name: x, size: 10, sha256: abc }\n"), "mirror.yaml"));

        Assert.Equal("mirror.yaml:2: x: sha256 must be 64 hex digits, got 'abc'", ex.Message);
    }

    [Fact]
    public void Load_NoHash_EntryIsSizeOnly()
    {
        var entry = ModelCatalog.Load(new StringReader("models:\n  - { name: custom, size: 1000 }\n"), "m.yaml").Entries.Single();

        Assert.False(entry.HasHash);
        Assert.Equal("1.0 kB", entry.DiskSize);
    }
}
