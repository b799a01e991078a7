package visor.cli.headless;

/** The escapes allowed in {@code --expect} and {@code --send} text: {@code \r \n \t \\}. */
public final class Escapes {
    private Escapes() {
    }

    /** @throws IllegalArgumentException for any other backslash sequence, so a typo is not sent silently */
    public static String decode(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i + 1 == text.length()) {
                throw new IllegalArgumentException("'" + text + "' ends with a lone backslash (write \\\\ for one)");
            }
            char e = text.charAt(++i);
            switch (e) {
                case 'r' -> sb.append('\r');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case '\\' -> sb.append('\\');
                default -> throw new IllegalArgumentException("'" + text + "' has an unknown escape \\" + e
                        + " (known: \\r \\n \\t \\\\)");
            }
        }
        return sb.toString();
    }
}
