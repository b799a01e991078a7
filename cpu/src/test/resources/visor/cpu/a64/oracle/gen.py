import random, subprocess, sys, struct, os
# usage: gen.py specfile outfile seed
# spec lines: "<kind> <count> <asm>"  kind in fs fd fh i xi (x regs ints + fs/fd v regs) ; fpcr modes chosen randomly
R = random.Random(int(sys.argv[3]))
def f32(x): return struct.unpack('<I', struct.pack('<f', x))[0]
def f64(x): return struct.unpack('<Q', struct.pack('<d', x))[0]
S_SPECIAL = [0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7f800001, 0xff812345, 0x00000001, 0x807fffff,
  0x00400000, 0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff, f32(1.0), f32(-1.0), f32(1.5), f32(2.5), f32(-2.5), f32(0.5), f32(-0.5),
  f32(3.0), f32(0.1), f32(1e10), f32(-1e10), f32(2147483648.0), f32(-2147483648.0), f32(4294967296.0), f32(9.2233720e18), f32(-9.2233720e18), f32(1.8446744e19),
  0x3f800001, 0x4b000001, 0x4affffff, 0x00800001, 0x01000000, 0x0c000000, 0x1f800000, 0x5f000000, 0xdf000000, 0x4f000000, 0xcf000000]
D_SPECIAL = [0, 1<<63, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, 0xfff8000000000001, 0x7ff0000000000001, 0xfff4000012345678,
  1, 0x800fffffffffffff, 0x0008000000000000, 0x0010000000000000, 0x8010000000000000, 0x7fefffffffffffff, 0xffefffffffffffff,
  f64(1.0), f64(-1.0), f64(1.5), f64(2.5), f64(-2.5), f64(0.5), f64(-0.5), f64(3.0), f64(0.1), f64(1e300), f64(-1e300), f64(1e-300),
  f64(2147483648.0), f64(-2147483648.0), f64(2147483647.5), f64(4294967296.0), f64(2.0**63), f64(-2.0**63), f64(2.0**64), f64(-(2.0**63) - 2048.0),
  0x3ff0000000000001, 0x4330000000000001, 0x432fffffffffffff, 0x0010000000000001, 0x0020000000000000, 0x2000000000000000, 0x3800000000000000, 0x47f0000000000000, 0x36a0000000000000, 0x3690000000000000, 0x4f00000000000000]
H_SPECIAL = [0, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x7c01, 0xfd23, 1, 0x3ff, 0x400, 0x7bff, 0xfbff, 0x3c00, 0xbc00, 0x3e00, 0x3555]
def rnd_s():
    c = R.random()
    if c < 0.4: return R.choice(S_SPECIAL)
    if c < 0.7:
        e = R.choice([R.randrange(0, 256), R.randrange(100, 160), R.randrange(0, 30), R.randrange(230, 256)])
        return (R.randrange(2) << 31) | (e << 23) | R.randrange(1 << 23)
    if c < 0.85: return f32(R.choice([1,-1]) * R.randrange(0, 100) / R.choice([1, 2, 4, 8, 3]))
    return R.randrange(1 << 32)
def rnd_d():
    c = R.random()
    if c < 0.4: return R.choice(D_SPECIAL)
    if c < 0.7:
        e = R.choice([R.randrange(0, 2048), R.randrange(1000, 1080), R.randrange(0, 60), R.randrange(1990, 2048)])
        return (R.randrange(2) << 63) | (e << 52) | R.randrange(1 << 52)
    if c < 0.85: return f64(R.choice([1,-1]) * R.randrange(0, 100) / R.choice([1, 2, 4, 8, 3]))
    return R.randrange(1 << 64)
def rnd_dn():
    e = R.choice([R.randrange(1000, 1050), R.randrange(0, 80), R.randrange(1960, 2047), R.randrange(480, 560)])
    m = R.choice([R.randrange(1 << 52), 0, (1 << 52) - 1, R.randrange(1 << 20) << 32, R.randrange(1 << 8)])
    return (R.randrange(2) << 63) | (e << 52) | m
def rnd_sn():
    e = R.choice([R.randrange(110, 140), R.randrange(0, 40), R.randrange(220, 255), R.randrange(50, 70)])
    m = R.choice([R.randrange(1 << 23), 0, (1 << 23) - 1, R.randrange(1 << 10) << 13, R.randrange(1 << 4)])
    return (R.randrange(2) << 31) | (e << 23) | m
def rnd_h():
    if R.random() < 0.5: return R.choice(H_SPECIAL)
    return R.randrange(1 << 16)
def rnd_i64():
    c = R.random()
    if c < 0.3: return R.choice([0, 1, (1<<64)-1, 1<<63, (1<<63)-1, 0x80000000, 0x7fffffff, 0xffffffff, 0x100000000, 0xffffffff80000000, 0x8080808080808080, 0x7f7f7f7f7f7f7f7f, 0x0102030405060708, 0xfffefdfcfbfaf9f8])
    if c < 0.5:
        # bytes from a small set
        return int.from_bytes(bytes(R.choice([0, 1, 2, 0x7f, 0x80, 0x81, 0xfe, 0xff, R.randrange(256)]) for _ in range(8)), 'little')
    if c < 0.6: return R.randrange(-1000, 1000) & ((1<<64)-1)
    return R.randrange(1 << 64)
def lanes(fn, bits):
    v = 0
    for i in range(64 // bits): v |= fn() << (i * bits)
    return v
def fpcr():
    c = R.random()
    if c < 0.5: return 0
    return (R.randrange(4) << 22) | (R.randrange(2) << 24) | (R.randrange(2) << 25) | (R.randrange(2) << 26)
spec = []
for line in open(sys.argv[1]):
    line = line.strip()
    if not line or line.startswith('#'): continue
    kind, count, asm = line.split(None, 2)
    spec.append((kind, int(count), asm))
asms = sorted(set(a for _, _, a in spec))
with open('/tmp/fpo/all.s', 'w') as f:
    f.write('.arch armv8-a\n')
    for a in asms: f.write(a + '\n')
subprocess.check_call(['aarch64-linux-gnu-as', '/tmp/fpo/all.s', '-o', '/tmp/fpo/all.o'])
dump = subprocess.check_output(['aarch64-linux-gnu-objdump', '-d', '/tmp/fpo/all.o']).decode()
words = [l.split('\t')[1].strip() for l in dump.splitlines() if l.strip() and ':\t' in l and l.startswith(' ')]
assert len(words) == len(asms), (len(words), len(asms))
word = dict(zip(asms, words))
lines_in = []; tags = []
for kind, count, asm in spec:
    for _ in range(count):
        gen = {'fmacd': rnd_dn, 'fmacs': lambda: rnd_sn(), 'fdn': rnd_dn, 'fsn': lambda: rnd_sn(), 'tb': lambda: int.from_bytes(bytes(R.randrange(0, 72) for _ in range(8)), 'little'), 'fs': lambda: lanes(rnd_s, 32), 'fd': rnd_d, 'fh': lambda: lanes(rnd_h, 16), 'i': rnd_i64}[kind.split('/')[0]]
        v = [gen() for _ in range(12)]
        if kind.startswith('fmacd'):
            a = struct.unpack('<d', struct.pack('<Q', v[2]))[0]; b = struct.unpack('<d', struct.pack('<Q', v[4]))[0]
            try:
                p = -(a * b)
                if p == p and abs(p) != float('inf'):
                    v[6] = (f64(p) + R.randrange(-3, 4)) & ((1 << 64) - 1)
            except OverflowError: pass
        if kind.startswith('fmacs'):
            a = struct.unpack('<f', struct.pack('<I', v[2] & 0xffffffff))[0]; b = struct.unpack('<f', struct.pack('<I', v[4] & 0xffffffff))[0]
            try:
                p = -(a * b)
                if p == p and abs(p) < 3e38:
                    v[6] = (f32(p) + R.randrange(-3, 4)) & 0xffffffff
            except OverflowError: pass
        x = [rnd_i64() if R.random() < 0.7 else R.choice([v[0], v[2], v[0] & 0xffffffff]) for _ in range(4)]
        fc = fpcr() if kind.split('/')[-1] != 'rn' else 0
        nz = R.randrange(16) << 28
        lines_in.append(' '.join([word[asm], '%x' % fc, '%x' % nz] + ['%x' % t for t in v + x]))
        tags.append(asm)
out = subprocess.run(['qemu-aarch64', '/tmp/fpo/drv'], input='\n'.join(lines_in) + '\n', capture_output=True, text=True).stdout.splitlines()
assert len(out) == len(lines_in)
with open(sys.argv[2], 'w') as f:
    for a, i, o in zip(tags, lines_in, out):
        f.write('%s | %s | %s\n' % (i, ' '.join(o.split()[2:]), a))
