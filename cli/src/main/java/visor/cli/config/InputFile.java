package visor.cli.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Why a path the user named cannot be read as an input file (config, image, dtb, initrd, SD card).
 * Checked before anything is opened: a FIFO would block the reader and a device or directory is never
 * what was meant.
 */
public final class InputFile {
    private InputFile() {
    }

    /** The problem with {@code p} as a non-empty regular readable file, or null when there is none. */
    public static String problem(Path p) {
        if (!Files.exists(p)) {
            return "no such file";
        }
        if (Files.isDirectory(p)) {
            return "is a directory, not a file";
        }
        if (!Files.isRegularFile(p)) {
            return "is not a regular file (a device, FIFO or socket)";
        }
        if (!Files.isReadable(p)) {
            return "cannot read: permission denied";
        }
        try {
            if (Files.size(p) == 0) {
                return "is empty";
            }
        } catch (IOException e) {
            return "cannot read: " + reason(e);
        }
        return null;
    }

    /** The operating system's reason in words, not the bare path that NIO exceptions carry as message. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
