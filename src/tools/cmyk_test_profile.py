"""A small, self-made CMYK output ICC profile (v2, Lab PCS, 2-point lut8 tables) for test images.

Debian's small CMYK profiles are Ghostscript's (AGPL), so the decoder fixtures embed this one instead. It is a real,
parseable profile that colour-managing readers apply (Java's LCMS does: a CMYK JPEG carrying it comes out of
TwelveMonkeys' reader visibly different from PIL's unmanaged conversion); its colours are a naive
CMYK -> RGB -> Lab model, not a printing condition.
"""

import struct

D50 = (0.9642, 1.0, 0.8249)


def s15f16(v):
    return struct.pack(">i", round(v * 65536))


def srgb_to_lab(r, g, b):
    """sRGB (0..1) to CIE Lab (D50), roughly: gamma 2.2, Bradford-adapted sRGB matrix."""
    lin = [c ** 2.2 for c in (r, g, b)]
    x = 0.4360 * lin[0] + 0.3851 * lin[1] + 0.1431 * lin[2]
    y = 0.2225 * lin[0] + 0.7169 * lin[1] + 0.0606 * lin[2]
    z = 0.0139 * lin[0] + 0.0971 * lin[1] + 0.7141 * lin[2]

    def f(t):
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x / D50[0]), f(y / D50[1]), f(z / D50[2])
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def lab8(lab):
    l, a, b = lab
    return bytes([max(0, min(255, round(l * 255 / 100))), max(0, min(255, round(a + 128))), max(0, min(255, round(b + 128)))])


def lut8(inputs, outputs, clut):
    """lut8Type with 2 grid points, identity matrix and identity 1-D tables."""
    identity = bytes(range(256))
    matrix = b"".join(s15f16(v) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1))
    return (b"mft1" + bytes(4) + bytes([inputs, outputs, 2, 0]) + matrix
            + identity * inputs + clut + identity * outputs)


def a2b0():
    clut = b""
    for c in (0, 1):
        for m in (0, 1):
            for y in (0, 1):
                for k in (0, 1):
                    clut += lab8(srgb_to_lab((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)))
    return lut8(4, 3, clut)


def b2a0():
    clut = b""
    for l in (0, 1):
        for a in (0, 1):
            for b in (0, 1):
                # dark -> all black ink; light -> a little cyan/yellow where a/b are high (naive)
                clut += bytes([0, 255 * a * l // 2, 255 * b * l // 2, 255 * (1 - l)]) if l else bytes([0, 0, 0, 255])
    return lut8(3, 4, clut)


def text_description(text):
    ascii_ = text.encode("ascii") + b"\0"
    return b"desc" + bytes(4) + struct.pack(">I", len(ascii_)) + ascii_ + struct.pack(">II", 0, 0) + struct.pack(">HB", 0, 0) + bytes(67)


def profile():
    tags = [
        (b"desc", text_description("opensearch-clip test CMYK")),
        (b"cprt", b"text" + bytes(4) + b"No copyright, test data\0"),
        (b"wtpt", b"XYZ " + bytes(4) + b"".join(s15f16(v) for v in D50)),
        (b"A2B0", a2b0()),
        (b"B2A0", b2a0()),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table = struct.pack(">I", len(tags))
    data = b""
    for sig, body in tags:
        while (offset + len(data)) % 4:
            data += b"\0"
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    while len(data) % 4:
        data += b"\0"
    size = offset + len(data)
    header = (struct.pack(">I", size) + bytes(4) + struct.pack(">I", 0x02100000) + b"prtr" + b"CMYK" + b"Lab "
              + struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp" + bytes(4) + bytes(4) + bytes(4) + bytes(4)
              + bytes(8) + struct.pack(">I", 0) + b"".join(s15f16(v) for v in D50) + bytes(4) + bytes(16))
    header += bytes(128 - len(header))
    return header + table + data
