package visor.e2e.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.e2e.support.Configs;
import visor.e2e.support.VisorProcess;

/**
 * Each VM has its own framebuffer in its IPA space: two fbtest VMs draw in 16 bpp and 8 bpp, and
 * {@code screendump} saves each VM's own picture (guests/fbtest: five bands over the top half of 160x120).
 */
class ScreendumpTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROMPT = "visor> ";

    @TempDir
    Path dir;

    @Test
    void screendumpSavesEachVmsOwnFramebuffer() throws Exception {
        Configs.write(dir, "fb.toml", Configs.fbtest("fb1"), Configs.fbtest("fb2"));
        try (VisorProcess visor = VisorProcess.start(dir, "run", "fb.toml")) {
            int at = visor.expect(PROMPT, 0, WAIT);
            visor.send("screendump fb1 none.png\n");
            at = visor.expect("allocated no framebuffer", at, WAIT);
            visor.send("vmc fb1\n");
            at = visor.expect("fbtest: mode?", at, WAIT);
            visor.send("c");
            at = visor.expect("fbtest: 16 bpp RGB, pitch 320, drawn", at, WAIT);
            visor.send("\u00012");
            at = visor.expect("fbtest: mode?", at, WAIT);
            visor.send("e");
            at = visor.expect("fbtest: 8 bpp RGB, pitch 160, drawn", at, WAIT);
            visor.send("\u00010screendump fb1 one.png\n");
            at = visor.expect("saved vm 1 (fb1) screen to one.png", at, WAIT);
            visor.send("screendump 2 two.png\n");
            visor.expect("saved vm 2 (fb2) screen to two.png", at, WAIT);
            visor.send("quit\n");
            assertEquals(0, visor.exitCode(WAIT), visor::describe);
        }
        BufferedImage one = ImageIO.read(dir.resolve("one.png").toFile());
        BufferedImage two = ImageIO.read(dir.resolve("two.png").toFile());
        assertEquals(160, one.getWidth());
        assertEquals(120, two.getHeight());
        // Band 5 is 0x123456: RGB565 keeps the top 5/6/5 bits, the 8 bpp palette all of them.
        assertEquals(0x103450, one.getRGB(150, 10) & 0xFFFFFF);
        assertEquals(0x123456, two.getRGB(150, 10) & 0xFFFFFF);
        assertEquals(0xF80000, one.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0xFF0000, two.getRGB(0, 0) & 0xFFFFFF);
    }

    /**
     * {@code run --headless --screenshot VM=FILE.png}, once per VM, taken when the last expectation matched;
     * fb1 allocates through the legacy mailbox channel 1 of its virtual mailbox.
     */
    @Test
    void headlessScreenshotsPerVmIncludingTheLegacyChannel() throws Exception {
        Configs.write(dir, "fb.toml", Configs.fbtest("fb1"), Configs.fbtest("fb2"), Configs.echo());
        try (VisorProcess visor = VisorProcess.start(dir, "run", "fb.toml", "--headless", "--timeout", "60",
                "--expect", "fb1=mode?", "--send", "fb1=h", "--expect", "fb1=16 bpp RGB, pitch 320, drawn (channel 1)",
                "--expect", "fb2=mode?", "--send", "fb2=e", "--expect", "fb2=8 bpp RGB, pitch 160, drawn",
                "--screenshot", "fb1=one.png", "--screenshot", "2=two.png")) {
            assertEquals(0, visor.exitCode(WAIT), visor::describe);
        }
        BufferedImage one = ImageIO.read(dir.resolve("one.png").toFile());
        BufferedImage two = ImageIO.read(dir.resolve("two.png").toFile());
        assertEquals(160, one.getWidth());
        assertEquals(0x103450, one.getRGB(150, 10) & 0xFFFFFF);
        assertEquals(0x123456, two.getRGB(150, 10) & 0xFFFFFF);
        try (VisorProcess visor = VisorProcess.start(dir, "run", "fb.toml", "--headless", "--timeout", "60",
                "--expect", "echo=visor echo guest", "--screenshot", "echo=none.png")) {
            assertEquals(1, visor.exitCode(WAIT), visor::describe);
            assertTrue(visor.stderr.text().contains("visor: --screenshot echo=none.png: the guest has allocated no framebuffer"),
                    visor::describe);
        }
        try (VisorProcess visor = VisorProcess.start(dir, "run", "fb.toml", "--screenshot", "fb1=x.png")) {
            assertEquals(2, visor.exitCode(WAIT), visor::describe);
            assertTrue(visor.stderr.text().contains("--screenshot needs --headless"), visor::describe);
        }
    }
}
