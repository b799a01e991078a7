package visor.cli.display;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import visor.soc.device.Framebuffer;

/** Writes a framebuffer picture as a PNG file ({@code screendump}, {@code --screenshot}). */
public final class Screenshot {
    private Screenshot() {
    }

    public static BufferedImage image(Framebuffer.Snapshot picture) {
        BufferedImage image = new BufferedImage(picture.width(), picture.height(), BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, picture.width(), picture.height(), picture.argb(), 0, picture.width());
        return image;
    }

    /** Writes {@code picture} to {@code file}; a null picture (no framebuffer allocated) is an error. */
    public static void write(Framebuffer.Snapshot picture, Path file) throws IOException {
        if (picture == null) {
            throw new IOException("the guest has allocated no framebuffer (mailbox tag 0x40001), nothing to save");
        }
        if (!ImageIO.write(image(picture), "png", file.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
    }
}
