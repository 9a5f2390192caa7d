#!/usr/bin/python3
"""Writes the token ids CLIP's reference tokenisation gives a set of texts, for the Java tokenizer's tests.

This is an independent, plain-Python implementation of the algorithm of OpenAI CLIP's simple tokenizer (byte-level
symbols, lower-casing, whitespace cleanup, CLIP's pre-tokenisation pattern, BPE by merge rank with `</w>` on the last
symbol of each word, start/end tokens, 77-token context). It reads the vocabulary from ../shared and writes only ids.

    apt-get install -y python3-regex
    /usr/bin/python3 src/tools/make_clip_token_fixture.py ../shared/clip-vocab/bpe_simple_vocab_16e6.txt.gz \
        src/encoder/src/test/resources/tokenize/clip-token-ids.json
"""
import gzip
import json
import sys

import regex

TEXTS = [
    "Hello World!",
    "a photo of a cat",
    "A PHOTO OF A DOG.",
    "  lots   of\twhite\nspace  ",
    "it's what they'll say, isn't it? we'd've",
    "numbers 1234567 and 3.14159",
    "café crème brûlée, naïve façade",
    "東京タワーの写真",
    "emoji: 🍕🍕 ❤️ 👩‍🚀",
    "e-mail: someone@example.com (2024)",
    "tom & jerry &amp; friends",
    "<|startoftext|> literal special tokens <|endoftext|>",
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "a very long caption " * 30,
    "",
]

PATTERN = regex.compile(
    r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""",
    regex.IGNORECASE,
)


def byte_symbols():
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAC + 1)) + list(range(0xAE, 0xFF + 1))
    table = {b: chr(b) for b in printable}
    extra = 0
    for b in range(256):
        if b not in table:
            table[b] = chr(256 + extra)
            extra += 1
    order = [table[b] for b in printable] + [table[b] for b in range(256) if b not in printable]
    return table, order


def load(path):
    lines = gzip.open(path).read().decode("utf-8").split("\n")
    merges = [tuple(line.split()) for line in lines[1:49152 - 256 - 2 + 1]]
    table, order = byte_symbols()
    vocab = order + [s + "</w>" for s in order] + ["".join(m) for m in merges] + ["<|startoftext|>", "<|endoftext|>"]
    return table, {t: i for i, t in enumerate(vocab)}, {m: i for i, m in enumerate(merges)}


def bpe(word, ranks):
    symbols = list(word[:-1]) + [word[-1] + "</w>"]
    while len(symbols) > 1:
        pairs = {(symbols[i], symbols[i + 1]) for i in range(len(symbols) - 1)}
        best = min(pairs, key=lambda p: ranks.get(p, float("inf")))
        if best not in ranks:
            break
        merged, i = [], 0
        while i < len(symbols):
            if i < len(symbols) - 1 and (symbols[i], symbols[i + 1]) == best:
                merged.append(symbols[i] + symbols[i + 1])
                i += 2
            else:
                merged.append(symbols[i])
                i += 1
        symbols = merged
    return symbols


def encode(text, table, ids, ranks, context=77):
    text = " ".join(text.split()).strip().lower()  # CLIP's whitespace_clean + lower (ftfy/html fixes not applied)
    out = [ids["<|startoftext|>"]]
    for word in PATTERN.findall(text):
        if word in ("<|startoftext|>", "<|endoftext|>"):  # CLIP's BPE cache maps the specials to themselves
            out.append(ids[word])
            continue
        symbols = "".join(table[b] for b in word.encode("utf-8"))
        out.extend(ids[s] for s in bpe(symbols, ranks))
    out.append(ids["<|endoftext|>"])
    if len(out) > context:
        out = out[:context]
        out[-1] = ids["<|endoftext|>"]
    return out + [0] * (context - len(out))


def main():
    table, ids, ranks = load(sys.argv[1])
    cases = [{"text": t, "ids": encode(t, table, ids, ranks)} for t in TEXTS]
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write('{"context_length": 77, "cases": [\n')
        f.write(",\n".join(json.dumps(c, ensure_ascii=False) for c in cases))
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
