package visor.cli.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import visor.soc.boot.ConfigTxt;
import visor.soc.boot.FatVolume;

/**
 * Where the firmware finds config.txt and the files it names: the directory of a {@code --config} file, or
 * the FAT boot partition of the {@code --sd} card, as the Pi's firmware reads its own card.
 */
public abstract class FirmwareFiles {
    /** How messages name config.txt ("boot/config.txt", "card.img:config.txt"). */
    public abstract String configName();

    /** The bytes of {@code name} beside config.txt, or null when there is no such file. */
    public abstract byte[] read(String name) throws IOException;

    /** How messages name {@code name}. */
    public abstract String describe(String name);

    /** The parsed config.txt ({@link ConfigTxt.Error} names the file and line), its warnings to {@code warnings}. */
    public ConfigTxt config(Consumer<String> warnings) throws IOException {
        byte[] text = read("config.txt");
        return text == null ? ConfigTxt.defaults()
                : ConfigTxt.parse(configName(), new String(text, StandardCharsets.ISO_8859_1), warnings);
    }

    /** config.txt at {@code path} and files relative to its directory. */
    public static FirmwareFiles directory(Path path) {
        Path dir = path.toAbsolutePath().getParent();
        return new FirmwareFiles() {
            @Override
            public String configName() {
                return path.toString();
            }

            @Override
            public byte[] read(String name) throws IOException {
                Path p = name.equals("config.txt") ? path : dir.resolve(name);
                return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
            }

            @Override
            public String describe(String name) {
                return dir.resolve(name).toString();
            }
        };
    }

    /**
     * The FAT boot partition of {@code card}, read now and closed again (the SD model opens the card
     * itself); null when the card has no FAT partition or no config.txt on it.
     */
    public static FirmwareFiles card(Path card) {
        try (FatVolume fat = FatVolume.open(card)) {
            if (fat.read("config.txt") == null) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            // Not a card the firmware could boot from: the image is just the SD card.
            return null;
        }
        return new FirmwareFiles() {
            @Override
            public String configName() {
                return card + ":config.txt";
            }

            @Override
            public byte[] read(String name) throws IOException {
                try (FatVolume fat = FatVolume.open(card)) {
                    return fat.read(name);
                } catch (RuntimeException e) {
                    throw new IOException(card + ": damaged FAT file system reading " + name + ": " + e, e);
                }
            }

            @Override
            public String describe(String name) {
                return card + ":" + name;
            }
        };
    }
}
