package visor.cpu.diff;

/** One generated test case: instruction words run from {@code initial}; {@code seed} regenerates it. */
record Sequence(long seed, int[] words, GuestState initial) {
    Sequence prefix(int length) {
        return new Sequence(seed, java.util.Arrays.copyOf(words, length), initial);
    }
}
