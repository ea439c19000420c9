#!/usr/bin/env python3
"""Retrains the filler pass's judge (src/VoiceCoach.Speech/Sphinx/filler-classifier.json) from its labelled table.

  python3 scripts/train-filler-classifier.py [tests/filler-classifier/candidates.tsv] [--write]

The table holds one row per candidate span of the dev set and the fillers set (never the test set): every "um"/"uh" the
recogniser counted and every short first-decode word the judge may swap, its features as FillerJudge measures them, and
its label (1 when the reference transcript has "um"/"uh" there). Two logistic regressions are fitted on standardised
features (full-batch gradient descent, no randomness, so the same table gives the same file): "reject" on the counted
fillers, "swap" on the short words. Leave-one-text-out precision and recall of each action are printed per threshold;
the thresholds themselves are --filler-pass settings (reject=P, swap=P). --write rewrites the JSON file.
"""
import json
import math
import sys

REJECT_FEATURES = ["logdur", "post", "ascr", "flux", "pbefore", "pafter", "snr", "added"]
SWAP_FEATURES = ["post", "flux", "pbefore", "pafter", "logdur", "first"]
SWAP_WORDS = ["and", "at", "for", "the", "of", "an", "on", "in", "am", "i'm", "'em", "some", "her", "a"]
UM_WORDS = ["and", "am", "i'm", "'em", "some", "on", "in", "an"]  # end in a nasal: swapped to "um", the rest to "uh"
FILLERS = ["um", "uh"]
ITERATIONS, RATE, L2 = 400, 0.3, 0.1
THRESHOLDS = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9]


def read(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        rows = []
        for line in f:
            cells = dict(zip(header, line.rstrip("\n").split("\t")))
            cells["x"] = {k: float(cells[k]) for k in header[5:]}
            cells["label"] = int(cells["label"])
            cells["text"] = cells["set"] + cells["clip"][:2]  # the answer's text: its voices and noise levels go together
            rows.append(cells)
    return rows


def fit(rows, features):
    n = len(rows)
    means = [sum(r["x"][k] for r in rows) / n for k in features]
    scales = [math.sqrt(sum((r["x"][k] - m) ** 2 for r in rows) / n) or 1.0 for k, m in zip(features, means)]
    xs = [[(r["x"][k] - m) / s for k, m, s in zip(features, means, scales)] for r in rows]
    w, b = [0.0] * len(features), 0.0
    for _ in range(ITERATIONS):
        gw, gb = [0.0] * len(features), 0.0
        for x, r in zip(xs, rows):
            e = sigmoid(b + sum(a * c for a, c in zip(w, x))) - r["label"]
            gb += e
            gw = [g + e * c for g, c in zip(gw, x)]
        b -= RATE * gb / n
        w = [wk - RATE * (g / n + L2 * wk / n) for wk, g in zip(w, gw)]
    return {"features": features, "means": means, "scales": scales, "weights": w, "bias": b}


def sigmoid(z):
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def probability(model, x):
    z = model["bias"] + sum(w * (x[k] - m) / s for k, m, s, w in zip(model["features"], model["means"], model["scales"], model["weights"]))
    return sigmoid(z)


def held_out(rows, features):
    out = []
    for text in sorted({r["text"] for r in rows}):
        model = fit([r for r in rows if r["text"] != text], features)
        out += [(probability(model, r["x"]), r) for r in rows if r["text"] == text]
    return out


def report(name, pairs, acts, right):
    total = sum(1 for _, r in pairs if right(r))
    print(f"{name} (leave-one-text-out; {len(pairs)} candidates, {total} the action would be right on)")
    for t in THRESHOLDS:
        acted = [r for p, r in pairs if acts(p, t)]
        good = sum(1 for r in acted if right(r))
        print(f"  {t:4}: acted on {len(acted):3}, right {good:3} (precision {good / max(1, len(acted)):.2f}, recall {good} of {total})")


def main(args):
    path = next((a for a in args if not a.startswith("--")), "tests/filler-classifier/candidates.tsv")
    rows = read(path)
    counted = [r for r in rows if r["word"] in FILLERS]
    words = [r for r in rows if r["word"] in SWAP_WORDS]
    report("reject a counted filler when p < t", held_out(counted, REJECT_FEATURES), lambda p, t: p < t, lambda r: r["label"] == 0)
    report("swap a short word for a filler when p > t", held_out(words, SWAP_FEATURES), lambda p, t: p > t, lambda r: r["label"] == 1)
    model = {
        "source": path,
        "reject": fit(counted, REJECT_FEATURES),
        "swap": fit(words, SWAP_FEATURES),
        "swapWords": SWAP_WORDS,
        "umWords": UM_WORDS,
    }
    if "--write" in args:
        with open("src/VoiceCoach.Speech/Sphinx/filler-classifier.json", "w", encoding="utf-8") as f:
            json.dump(model, f, indent=2)
            f.write("\n")
        print("wrote src/VoiceCoach.Speech/Sphinx/filler-classifier.json")


if __name__ == "__main__":
    main(sys.argv[1:])
