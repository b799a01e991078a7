package visor.e2e.bare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * guests/fbtest draws five colour bands and "VISOR" through the mailbox framebuffer in the mode typed on
 * its UART; {@code boot --headless --screenshot} saves the picture, and every pixel is compared with the
 * picture this test derives from the pattern's definition (the guest's source comment): bands of equal
 * width over the top half, black below, the 8x8 glyphs in white at (8, 80). In 16 bpp the colours lose
 * their low bits (RGB565); in BGR order the guest swaps its channels, so the picture is the same. Mode h
 * allocates through the legacy mailbox channel 1 instead of the property tags.
 */
class FramebufferGuestTest {
    private static final int WIDTH = 160, HEIGHT = 120, TEXT_X = 8, TEXT_Y = 80;
    private static final int[] BANDS = {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF, 0x123456};
    private static final int WHITE = 0xFFFFFF;
    /** V, I, S, O, R: eight rows of eight pixels, '#' lit. */
    private static final String[][] GLYPHS = {
        {"#.....#.", "#.....#.", ".#...#..", ".#...#..", "..#.#...", "..#.#...", "...#....", "........"}, // V
        {".#####..", "...#....", "...#....", "...#....", "...#....", "...#....", ".#####..", "........"}, // I
        {".#####..", "#.......", "#.......", ".#####..", "......#.", "......#.", "######..", "........"}, // S
        {".#####..", "#.....#.", "#.....#.", "#.....#.", "#.....#.", "#.....#.", ".#####..", "........"}, // O
        {"######..", "#.....#.", "#.....#.", "######..", "#...#...", "#....#..", "#.....#.", "........"}, // R
    };

    @TempDir
    Path dir;

    private static boolean lit(int glyph, int row, int column) {
        return GLYPHS[glyph][row].charAt(column) == '#';
    }

    private static int expected(int x, int y, int depth) {
        int rgb = y < HEIGHT / 2 ? BANDS[x / (WIDTH / 5)] : 0;
        int gx = x - TEXT_X, gy = y - TEXT_Y;
        if (gx >= 0 && gx < 40 && gy >= 0 && gy < 8 && lit(gx / 8, gy, gx % 8)) {
            rgb = WHITE;
        }
        return depth == 16 ? rgb & 0xF8FCF8 : rgb;
    }

    @ParameterizedTest(name = "{1} bpp {2}")
    @CsvSource({"a, 32, RGB", "b, 32, BGR", "c, 16, RGB", "d, 16, BGR", "e, 8, RGB", "f, 8, BGR", "g, 24, RGB",
        "h, 16, RGB"})
    void screenshotShowsThePatternPixelForPixel(String key, int depth, String order) throws Exception {
        Path kernel = Prerequisites.file("guests/fbtest/fbtest.bin", "built by scripts/build-guests.sh");
        Path png = dir.resolve("fb.png");
        Visor run = Visor.run(List.of("boot", kernel.toString(), "--headless", "--timeout", "30",
                "--expect", "mode?", "--send", key, "--expect", "TEST DONE", "--screenshot", png.toString()));
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("fbtest: " + depth + " bpp " + order + ", pitch " + WIDTH * depth / 8 + ", drawn"), run.out);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(WIDTH, image.getWidth());
        assertEquals(HEIGHT, image.getHeight());
        int wrong = 0;
        String first = null;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int want = expected(x, y, depth), got = image.getRGB(x, y) & 0xFFFFFF;
                if (want != got) {
                    wrong++;
                    if (first == null) {
                        first = String.format("(%d,%d) want %06x got %06x", x, y, want, got);
                    }
                }
            }
        }
        assertEquals(0, wrong, "pixels differing, first " + first);
    }
}
