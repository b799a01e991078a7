package visor.cpu.a64;

import visor.cpu.Cpu;

/** Access to the SIMD&FP register file: V[n] is {@code vreg[2n]} (bits 63:0) and {@code vreg[2n+1]} (127:64). */
final class SimdRegs {
    private SimdRegs() {
    }

    /** Ones(bits) for bits in 1..64. */
    static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    /** The low {@code bits} of V[n] (a scalar register Bn/Hn/Sn/Dn). */
    static long scalar(Cpu cpu, int n, int bits) {
        return cpu.vreg[2 * n] & mask(bits);
    }

    /** V[d] = ZeroExtend(value<bits-1:0>, 128): scalar writes clear the rest of the register. */
    static void setScalar(Cpu cpu, int d, long value, int bits) {
        cpu.vreg[2 * d] = value & mask(bits);
        cpu.vreg[2 * d + 1] = 0;
    }

    /** Elem[V[n], index, esize] for esize 8..64 (index counts across both halves). */
    static long elem(Cpu cpu, int n, int index, int esize) {
        int bit = index * esize;
        long word = cpu.vreg[2 * n + (bit >>> 6)];
        return esize == 64 ? word : (word >>> (bit & 63)) & ((1L << esize) - 1);
    }

    /** Elem[V[n], index, esize] sign-extended. */
    static long selem(Cpu cpu, int n, int index, int esize) {
        int bit = index * esize;
        long word = cpu.vreg[2 * n + (bit >>> 6)];
        int sh = 64 - esize - (bit & 63);
        return (word << sh) >> (64 - esize);
    }

    /** Elem[V[d], index, esize] = value, leaving the other bits alone. */
    static void setElem(Cpu cpu, int d, int index, int esize, long value) {
        int bit = index * esize;
        int w = 2 * d + (bit >>> 6);
        if (esize == 64) {
            cpu.vreg[w] = value;
        } else {
            long m = ((1L << esize) - 1) << (bit & 63);
            cpu.vreg[w] = (cpu.vreg[w] & ~m) | ((value << (bit & 63)) & m);
        }
    }
}
