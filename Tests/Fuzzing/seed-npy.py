# Seeds the NumPyFuzzer corpus with valid and subtly broken .npy files made by NumPy
# (when it is installed) or by hand: versions 1-3, each dtype, ranks 0-4.
import os, struct, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
def header(descr, shape, version=1):
    text = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, "(%s)" % "".join("%d, " % s for s in shape) if len(shape) != 1 else "(%d,)" % shape[0])
    pre = 10 if version == 1 else 12
    pad = (64 - (pre + len(text) + 1) % 64) % 64
    text = text + " " * pad + "\n"
    size = struct.pack("<H", len(text)) if version == 1 else struct.pack("<I", len(text))
    return b"\x93NUMPY" + bytes([version, 0]) + size + text.encode("latin1" if version < 3 else "utf8")
cases = [("<f4", (2, 3), 4), ("<f8", (4,), 8), ("<f2", (1, 2, 2), 2), ("<f4", (), 4), ("<f4", (0, 3), 4), ("<i4", (2,), 4), (">f4", (2,), 4)]
for index, (descr, shape, size) in enumerate(cases):
    count = 1
    for s in shape: count *= s
    for version in (1, 2, 3):
        with open(os.path.join(out, "seed-%d-v%d.npy" % (index, version)), "wb") as f:
            f.write(header(descr, shape, version) + bytes(range(256))[: count * size])
