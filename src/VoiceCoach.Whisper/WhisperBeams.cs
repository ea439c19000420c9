namespace VoiceCoach.Whisper;

/// <summary>The steps of openai/whisper's beam search that need no model: a step's best candidates and the beams they grow into.</summary>
internal static class WhisperBeams
{
    /// <summary>
    /// New beams from the chosen candidates: clone a source's session per extra child; every source is disposed (its
    /// session and logits go back to the pools). Sources without children go first, so no more states are alive at
    /// once than there are beams.
    /// </summary>
    public static List<WhisperHypothesis> Advance(List<WhisperHypothesis> beams, List<(int Source, WhisperTokenData Data, double Score)> next, bool decode, CancellationToken cancellationToken)
    {
        var result = new List<WhisperHypothesis>(next.Count);
        var children = next.GroupBy(c => c.Source).ToDictionary(g => g.Key, g => g.ToList());
        try
        {
            for (var b = 0; b < beams.Count; b++)
            {
                if (!children.ContainsKey(b))
                {
                    beams[b].Dispose();
                }
            }

            for (var b = 0; b < beams.Count; b++)
            {
                if (!children.TryGetValue(b, out var list))
                {
                    continue;
                }

                // Clone for all children but the first before anything is appended to the source session.
                var sessions = new IWhisperDecoderSession?[list.Count];
                for (var k = 1; k < list.Count; k++)
                {
                    sessions[k] = decode ? beams[b].Session!.Clone() : null;
                }

                sessions[0] = beams[b].TakeSession();
                for (var k = 0; k < list.Count; k++)
                {
                    var child = beams[b].Branch(sessions[k], list[k].Data, list[k].Score, finished: false);
                    result.Add(child);
                    if (decode)
                    {
                        child.Session!.Decode([list[k].Data.Id], child.Logits, cancellationToken);
                    }
                }

                beams[b].Dispose();
            }

            // Keep the ranking order of the candidates.
            return [.. result.OrderByDescending(h => h.SumLogProb)];
        }
        catch
        {
            foreach (var h in result)
            {
                h.Dispose();
            }

            throw;
        }
    }

    /// <summary>The k largest finite values, largest first (lower id first on ties); O(n·k), k is small.</summary>
    public static List<int> TopK(float[] values, int k)
    {
        var top = new List<int>(k + 1);
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (v == float.NegativeInfinity || (top.Count == k && v <= values[top[^1]]))
            {
                continue;
            }

            var at = top.Count;
            while (at > 0 && v > values[top[at - 1]])
            {
                at--;
            }

            top.Insert(at, i);
            if (top.Count > k)
            {
                top.RemoveAt(k);
            }
        }

        return top;
    }
}
