package visor.e2e.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import visor.e2e.support.Configs;
import visor.e2e.support.Repo;
import visor.e2e.support.VisorProcess;
import visor.e2e.support.Xvfb;

/**
 * The display window on a private X server: guests/fbtest waits for its mode key, which is typed into the
 * window (xdotool: a click gives the window the focus, then the key), not the console; the guest's answer
 * on its UART proves the key arrived there, and the screenshot shows what the window shows.
 */
class DisplayWindowTest {
    private static final Duration EXIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private static void typeInto(Xvfb x, String title, String keys) throws Exception {
        String window = x.xdotool("search", "--sync", "--name", title).lines().findFirst().orElseThrow();
        x.xdotool("mousemove", "--window", window, "40", "40", "click", "1");
        x.xdotool("type", "--delay", "50", keys);
    }

    @Test
    void keysTypedInAVmsWindowReachItsConsole() throws Exception {
        try (Xvfb x = Xvfb.start()) {
            Path config = Configs.write(dir, "fb.toml", Configs.fbtest("fb1").replace("memory", "display = \"window\"\nmemory"),
                    Configs.echo());
            try (VisorProcess visor = VisorProcess.start(dir, Map.of("DISPLAY", x.display()), "run", config.toString(),
                    "--headless", "--timeout", "60", "--expect", "fb1=fbtest: mode?",
                    "--expect", "fb1=fbtest: 16 bpp RGB, pitch 320, drawn", "--screenshot", "fb1=win.png")) {
                typeInto(x, "visor: vm 1 fb1", "c");
                assertEquals(0, visor.exitCode(EXIT), visor::describe);
            }
            BufferedImage png = ImageIO.read(dir.resolve("win.png").toFile());
            assertEquals(160, png.getWidth());
            assertEquals(0xF80000, png.getRGB(0, 0) & 0xFFFFFF, "band 1, red in RGB565");
        }
    }

    @Test
    void keysTypedInTheBareMachinesWindowReachTheSerialUart() throws Exception {
        try (Xvfb x = Xvfb.start()) {
            try (VisorProcess visor = VisorProcess.start(dir, Map.of("DISPLAY", x.display()), "boot", "--cores", "1",
                    "--display", "window", "--headless", "--timeout", "60", "--expect", "fbtest: mode?",
                    "--expect", "fbtest: 32 bpp BGR, pitch 640, drawn", Repo.guest("fbtest/fbtest.bin").toString())) {
                typeInto(x, "visor: fbtest.bin", "b");
                assertEquals(0, visor.exitCode(EXIT), visor::describe);
                assertTrue(visor.stdout.text().contains("fbtest: 32 bpp BGR"), visor::describe);
            }
        }
    }
}
