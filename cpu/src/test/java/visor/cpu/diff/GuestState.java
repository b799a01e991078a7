package visor.cpu.diff;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The registers the differential test sets and compares: X0-X30, SP, NZCV (bits 31:28), FPCR on
 * input / FPSR on output, V0-V31 (low half at 2n, high at 2n+1). {@code status} is 0 when the words
 * ran to the end, else the signal (4 = SIGILL) that stopped word {@code index}.
 */
final class GuestState {
    static final int SIGILL = 4;
    /** Bytes of x[31], sp, nzcv, fpcr/fpsr and v[32] in the harness record. */
    static final int BYTES = 31 * 8 + 3 * 8 + 32 * 16;

    final long[] x = new long[31];
    long sp;
    long nzcv;
    long fpReg;
    final long[] v = new long[64];
    int status;
    int index;

    GuestState copy() {
        GuestState s = new GuestState();
        System.arraycopy(x, 0, s.x, 0, 31);
        s.sp = sp;
        s.nzcv = nzcv;
        s.fpReg = fpReg;
        System.arraycopy(v, 0, s.v, 0, 64);
        s.status = status;
        s.index = index;
        return s;
    }

    void write(ByteBuffer b) {
        for (long r : x) {
            b.putLong(r);
        }
        b.putLong(sp).putLong(nzcv).putLong(fpReg);
        for (long r : v) {
            b.putLong(r);
        }
    }

    static GuestState read(ByteBuffer b) {
        GuestState s = new GuestState();
        s.status = b.getInt();
        s.index = b.getInt();
        for (int i = 0; i < 31; i++) {
            s.x[i] = b.getLong();
        }
        s.sp = b.getLong();
        s.nzcv = b.getLong();
        s.fpReg = b.getLong();
        for (int i = 0; i < 64; i++) {
            s.v[i] = b.getLong();
        }
        return s;
    }

    /** The registers that differ from {@code other}, one per line as "name: this vs other"; empty if equal. */
    String diff(GuestState other, String thisName, String otherName) {
        StringBuilder sb = new StringBuilder();
        if (status != other.status || index != other.index) {
            sb.append(String.format("  outcome: %s=%s %s=%s%n", thisName, outcome(), otherName, other.outcome()));
            return sb.toString();
        }
        if (status != 0) {
            return "";
        }
        for (int i = 0; i < 31; i++) {
            if (x[i] != other.x[i]) {
                sb.append(String.format("  x%-2d: %s=%016x %s=%016x%n", i, thisName, x[i], otherName, other.x[i]));
            }
        }
        if (sp != other.sp) {
            sb.append(String.format("  sp : %s=%016x %s=%016x%n", thisName, sp, otherName, other.sp));
        }
        if (nzcv != other.nzcv) {
            sb.append(String.format("  nzcv: %s=%x %s=%x%n", thisName, nzcv >>> 28, otherName, other.nzcv >>> 28));
        }
        if (fpReg != other.fpReg) {
            sb.append(String.format("  fpsr: %s=%08x %s=%08x%n", thisName, fpReg, otherName, other.fpReg));
        }
        for (int i = 0; i < 32; i++) {
            if (v[2 * i] != other.v[2 * i] || v[2 * i + 1] != other.v[2 * i + 1]) {
                sb.append(String.format("  v%-2d: %s=%016x%016x %s=%016x%016x%n", i, thisName, v[2 * i + 1], v[2 * i],
                        otherName, other.v[2 * i + 1], other.v[2 * i]));
            }
        }
        return sb.toString();
    }

    String outcome() {
        return status == 0 ? "completed" : (status == SIGILL ? "UNDEFINED" : "signal " + status) + " at word " + index;
    }

    /** The state as text; the V registers only when {@code withVectors}. */
    String describe(boolean withVectors) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 31; i++) {
            sb.append(String.format("x%d=%x ", i, x[i]));
        }
        sb.append(String.format("sp=%x nzcv=%x fpcr=%x%n", sp, nzcv >>> 28, fpReg));
        for (int i = 0; withVectors && i < 32; i++) {
            sb.append(String.format("v%d=%016x%016x ", i, v[2 * i + 1], v[2 * i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GuestState s && status == s.status && index == s.index
                && (status != 0 || Arrays.equals(x, s.x) && sp == s.sp && nzcv == s.nzcv && fpReg == s.fpReg
                && Arrays.equals(v, s.v));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(x);
    }
}
